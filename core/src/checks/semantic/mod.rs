//! What `srs -t` (`SrsConfig::check_config`) refuses after the names are
//! right: each file is one of its checks.
//!
//! `check_config` also refuses `log file is empty`, but no config reaches it:
//! `get_log_file` falls back to `./objs/srs.log` for a missing or empty
//! `srs_log_file` (SRS213 is kept free for it).

pub mod chunk_size_range;
pub mod daemon_asprocess_conflict;
pub mod duplicate_http_remux;
pub mod duplicate_ingest_id;
pub mod empty_config;
pub mod forward_kickoff_conflict;
pub mod full_conf_used;
pub mod hls_http_ts_conflict;
pub mod https_listen_mismatch;
pub mod https_without_http;
pub mod invalid_heartbeat_interval;
pub mod invalid_max_connections;
pub mod invalid_stats_network;
pub mod missing_listen;

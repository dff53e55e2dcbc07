//! Checks across the objects of a deployment: each runs once over the model
//! (`crate::model`) that all inputs of a run build together.

pub mod claim_binds_nothing;
pub mod config_not_found;
pub mod coworker_unreachable;
pub mod daemon_in_container;
pub mod env_ignored_by_version;
pub mod env_overrides_config;
pub mod governing_service;
pub mod hls_not_shared;
pub mod hls_on_edge;
pub mod image_version;
pub mod invalid_env_value;
pub mod loadbalancer_misroute;
pub mod missing_volume_source;
pub mod origin_unreachable;
pub mod rwo_claim_shared;
pub mod service_selects_nothing;
pub mod target_port_not_served;
pub mod unknown_env_var;
pub mod unknown_host;
pub mod unlisted_origin;
pub mod wrong_cluster_role;

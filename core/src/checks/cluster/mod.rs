//! What `srs -t` lets through but breaks an origin cluster or an edge, within
//! one SRS config. `settings` reads the cluster settings the way SRS does;
//! every other file is one check.

pub mod settings;

pub mod api_bound_to_loopback;
pub mod coworker_without_port;
pub mod coworkers_without_origin_cluster;
pub mod duplicate_vhost;
pub mod edge_in_origin_cluster;
pub mod edge_without_origin;
pub mod empty_coworkers;
pub mod glued_hosts;
pub mod origin_cluster_without_api;
pub mod origin_without_port;
pub mod vhost_without_name;

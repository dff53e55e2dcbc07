//! Checks across the objects of a deployment: each runs once over the model
//! (`crate::model`) that all inputs of a run build together.

pub mod config_not_found;
pub mod image_version;
pub mod unknown_host;

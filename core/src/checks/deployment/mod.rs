//! Checks across the objects of a deployment: each runs once over the model
//! (`crate::model`) that all inputs of a run build together.

pub mod claim_binds_nothing;
pub mod config_not_found;
pub mod coworker_unreachable;
pub mod daemon_in_container;
pub mod governing_service;
pub mod hls_not_shared;
pub mod hls_on_edge;
pub mod image_version;
pub mod loadbalancer_misroute;
pub mod missing_volume_source;
pub mod origin_unreachable;
pub mod rwo_claim_shared;
pub mod service_selects_nothing;
pub mod target_port_not_served;
pub mod unknown_host;
pub mod unlisted_origin;
pub mod wrong_cluster_role;

/// The top file of the config a server runs, parsed again for the spans the
/// model does not keep. `include`d files are not followed: the deployment
/// context carries the model, not the loaded configs (a known limitation).
pub(crate) fn server_directives(
    sources: &crate::source::Sources,
    server: &crate::model::srs::SrsServer,
) -> Vec<crate::conf::Directive> {
    if server.file.0 as usize >= sources.len() {
        return Vec::new();
    }
    let version = server.version.unwrap_or(crate::schema::SrsVersion::DEFAULT);
    crate::conf::parser::parse(server.file, &sources.get(server.file).text, version).directives
}

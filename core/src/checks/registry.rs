//! Every check srs-check has, with its stable code. A code is never reused:
//! retire a check by leaving its line commented out with the reason.

use super::meta::CheckMeta;
use super::{cluster, deployment, kubernetes, schema, semantic, syntax, ConfCheckFn, DeploymentCheckFn};

pub use syntax::byte_order_mark::META as BYTE_ORDER_MARK;
pub use syntax::flattened_heredoc::META as FLATTENED_HEREDOC;
pub use syntax::include_error::META as INCLUDE_ERROR;
pub use syntax::input_limit::META as INPUT_LIMIT;
pub use syntax::invalid_encoding::META as INVALID_ENCODING;
pub use syntax::multi_line_directive::META as MULTI_LINE_DIRECTIVE;
pub use syntax::syntax_error::META as SYNTAX_ERROR;

/// A check and, when it runs on its own, its function. Checks without one
/// are emitted by the parser, the loader or the directive-table pass.
pub struct Registered {
    pub meta: &'static CheckMeta,
    /// Runs over each SRS config.
    pub run: Option<ConfCheckFn>,
    /// Runs once over the deployment model of all inputs.
    pub run_on_deployment: Option<DeploymentCheckFn>,
}

const fn emitted(meta: &'static CheckMeta) -> Registered {
    Registered {
        meta,
        run: None,
        run_on_deployment: None,
    }
}

const fn runs(meta: &'static CheckMeta, run: ConfCheckFn) -> Registered {
    Registered {
        meta,
        run: Some(run),
        run_on_deployment: None,
    }
}

const fn runs_on_deployment(meta: &'static CheckMeta, run: DeploymentCheckFn) -> Registered {
    Registered {
        meta,
        run: None,
        run_on_deployment: Some(run),
    }
}

/// Passes that emit several checks at once.
pub static PASSES: &[ConfCheckFn] = &[schema::directive_table::run];

pub static CHECKS: &[Registered] = &[
    // Syntax: parser and loader.
    emitted(&SYNTAX_ERROR),
    emitted(&MULTI_LINE_DIRECTIVE),
    emitted(&INCLUDE_ERROR),
    emitted(&BYTE_ORDER_MARK),
    emitted(&INVALID_ENCODING),
    emitted(&INPUT_LIMIT),
    emitted(&FLATTENED_HEREDOC),
    // Schema: the directive-table pass.
    emitted(&schema::unknown_directive::META),
    emitted(&schema::not_in_version::META),
    emitted(&schema::misplaced_directive::META),
    emitted(&schema::deprecated_directive::META),
    emitted(&schema::ignored_directive::META),
    emitted(&schema::argument_count::META),
    emitted(&schema::block_mismatch::META),
    emitted(&schema::duplicate_directive::META),
    emitted(&schema::invalid_flag::META),
    emitted(&schema::invalid_endpoint::META),
    emitted(&schema::invalid_number::META),
    emitted(&schema::invalid_value::META),
    // Semantic: what `srs -t` refuses.
    runs(&semantic::empty_config::META, semantic::empty_config::run),
    runs(&semantic::missing_listen::META, semantic::missing_listen::run),
    runs(
        &semantic::daemon_asprocess_conflict::META,
        semantic::daemon_asprocess_conflict::run,
    ),
    runs(
        &semantic::invalid_max_connections::META,
        semantic::invalid_max_connections::run,
    ),
    runs(
        &semantic::duplicate_http_remux::META,
        semantic::duplicate_http_remux::run,
    ),
    runs(
        &semantic::hls_http_ts_conflict::META,
        semantic::hls_http_ts_conflict::run,
    ),
    runs(
        &semantic::forward_kickoff_conflict::META,
        semantic::forward_kickoff_conflict::run,
    ),
    runs(&semantic::full_conf_used::META, semantic::full_conf_used::run),
    runs(&semantic::duplicate_ingest_id::META, semantic::duplicate_ingest_id::run),
    runs(
        &semantic::invalid_heartbeat_interval::META,
        semantic::invalid_heartbeat_interval::run,
    ),
    runs(
        &semantic::https_listen_mismatch::META,
        semantic::https_listen_mismatch::run,
    ),
    runs(&semantic::https_without_http::META, semantic::https_without_http::run),
    // SRS213 empty-log-file: not a check. `log file is empty` is unreachable:
    // `get_log_file` falls back to ./objs/srs.log for a missing or empty value.
    runs(&semantic::chunk_size_range::META, semantic::chunk_size_range::run),
    runs(
        &semantic::invalid_stats_network::META,
        semantic::invalid_stats_network::run,
    ),
    // Cluster: what `srs -t` lets through.
    runs(&cluster::duplicate_vhost::META, cluster::duplicate_vhost::run),
    runs(&cluster::vhost_without_name::META, cluster::vhost_without_name::run),
    runs(&cluster::edge_without_origin::META, cluster::edge_without_origin::run),
    runs(
        &cluster::edge_in_origin_cluster::META,
        cluster::edge_in_origin_cluster::run,
    ),
    runs(&cluster::empty_coworkers::META, cluster::empty_coworkers::run),
    runs(
        &cluster::coworker_without_port::META,
        cluster::coworker_without_port::run,
    ),
    runs(&cluster::glued_hosts::META, cluster::glued_hosts::run),
    runs(
        &cluster::origin_cluster_without_api::META,
        cluster::origin_cluster_without_api::run,
    ),
    runs(
        &cluster::api_bound_to_loopback::META,
        cluster::api_bound_to_loopback::run,
    ),
    runs(
        &cluster::coworkers_without_origin_cluster::META,
        cluster::coworkers_without_origin_cluster::run,
    ),
    runs(&cluster::origin_without_port::META, cluster::origin_without_port::run),
    // Kubernetes manifests.
    emitted(&kubernetes::yaml_syntax_error::META),
    emitted(&kubernetes::yaml_duplicate_key::META),
    emitted(&kubernetes::yaml_limit::META),
    emitted(&kubernetes::k8s_unknown_field::META),
    emitted(&kubernetes::k8s_type_error::META),
    emitted(&kubernetes::k8s_missing_field::META),
    emitted(&kubernetes::k8s_duplicate_object::META),
    // Deployment: across the objects of all inputs.
    runs_on_deployment(&deployment::unknown_host::META, deployment::unknown_host::run),
    // Deployment SRS502: drift.
    runs_on_deployment(&deployment::unlisted_origin::META, deployment::unlisted_origin::run),
    // Deployment SRS503-SRS509: reachability.
    runs_on_deployment(
        &deployment::coworker_unreachable::META,
        deployment::coworker_unreachable::run,
    ),
    runs_on_deployment(
        &deployment::origin_unreachable::META,
        deployment::origin_unreachable::run,
    ),
    runs_on_deployment(
        &deployment::wrong_cluster_role::META,
        deployment::wrong_cluster_role::run,
    ),
    // Deployment SRS510-SRS519: services.
    runs_on_deployment(
        &deployment::service_selects_nothing::META,
        deployment::service_selects_nothing::run,
    ),
    runs_on_deployment(
        &deployment::target_port_not_served::META,
        deployment::target_port_not_served::run,
    ),
    runs_on_deployment(&deployment::governing_service::META, deployment::governing_service::run),
    runs_on_deployment(
        &deployment::loadbalancer_misroute::META,
        deployment::loadbalancer_misroute::run,
    ),
    // Deployment SRS520-SRS539: volumes and containers.
    runs_on_deployment(
        &deployment::missing_volume_source::META,
        deployment::missing_volume_source::run,
    ),
    runs_on_deployment(
        &deployment::claim_binds_nothing::META,
        deployment::claim_binds_nothing::run,
    ),
    runs_on_deployment(&deployment::rwo_claim_shared::META, deployment::rwo_claim_shared::run),
    runs_on_deployment(&deployment::hls_not_shared::META, deployment::hls_not_shared::run),
    runs_on_deployment(&deployment::hls_on_edge::META, deployment::hls_on_edge::run),
    runs_on_deployment(
        &deployment::daemon_in_container::META,
        deployment::daemon_in_container::run,
    ),
    // Deployment SRS540-SRS549: images and configs.
    runs_on_deployment(&deployment::image_version::META, deployment::image_version::run),
    runs_on_deployment(&deployment::config_not_found::META, deployment::config_not_found::run),
    // Deployment SRS550-SRS559: `SRS_*` environment variables.
    runs_on_deployment(&deployment::unknown_env_var::META, deployment::unknown_env_var::run),
    runs_on_deployment(
        &deployment::env_ignored_by_version::META,
        deployment::env_ignored_by_version::run,
    ),
    runs_on_deployment(&deployment::invalid_env_value::META, deployment::invalid_env_value::run),
    runs_on_deployment(
        &deployment::env_overrides_config::META,
        deployment::env_overrides_config::run,
    ),
];

pub fn all() -> impl Iterator<Item = &'static CheckMeta> {
    CHECKS.iter().map(|r| r.meta)
}

/// Finds a check by code (`SRS101`) or name (`unknown-directive`), any case.
pub fn find(code_or_name: &str) -> Option<&'static CheckMeta> {
    all().find(|m| m.code.eq_ignore_ascii_case(code_or_name) || m.name.eq_ignore_ascii_case(code_or_name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::default();
        let mut names = HashSet::default();
        for m in all() {
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(names.insert(m.name), "duplicate name {}", m.name);
            assert!(m.code.len() == 6 && m.code.starts_with("SRS") && m.code[3..].bytes().all(|b| b.is_ascii_digit()));
            assert!(
                m.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                m.name
            );
        }
        let sorted: Vec<_> = all().map(|m| m.code).collect();
        let mut expected = sorted.clone();
        expected.sort_unstable();
        assert_eq!(sorted, expected, "keep CHECKS in code order");
    }

    #[test]
    fn find_by_code_or_name() {
        assert_eq!(find("srs101").unwrap().name, "unknown-directive");
        assert_eq!(find("unknown-directive").unwrap().code, "SRS101");
        assert!(find("SRS999").is_none());
    }
}

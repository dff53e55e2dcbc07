//! Checks over SRS configs. Each lives in its own file with its metadata,
//! docs and tests; `registry` lists them all and owns the code table.

pub mod docs;
pub mod getters;
pub mod meta;
pub mod registry;
pub mod walk;

pub mod cluster;
pub mod deployment;
pub mod kubernetes;
pub mod schema;
pub mod semantic;
pub mod syntax;

pub use meta::{Category, CheckMeta, FixKind};

use crate::conf::LoadedConfig;
use crate::diagnostic::Diagnostic;
use crate::schema::SrsVersion;
use crate::source::Sources;

/// Findings kept per config: 10 MB of `a;` would otherwise be millions of
/// identical diagnostics. Past it, one SRS009 says what was dropped.
pub const MAX_FINDINGS_PER_CONFIG: usize = 10_000;

/// What a config check sees.
pub struct ConfContext<'a> {
    pub config: &'a LoadedConfig,
    pub sources: &'a Sources,
    pub version: SrsVersion,
    pub out: &'a mut Vec<Diagnostic>,
}

impl ConfContext<'_> {
    pub fn report(&mut self, d: Diagnostic) {
        if self.out.len() < MAX_FINDINGS_PER_CONFIG {
            self.out.push(d);
        }
    }
}

/// A check that runs over one loaded SRS config.
pub type ConfCheckFn = fn(&mut ConfContext<'_>);

/// What a deployment check sees: the model of every input together.
pub struct DeploymentContext<'a> {
    pub deployment: &'a crate::model::Deployment,
    /// Every config of the run, includes spliced (`LintResult::configs`).
    pub configs: &'a [LoadedConfig],
    pub objects: &'a [crate::k8s::Object],
    pub sources: &'a Sources,
    /// Hosts outside the manifests that `.srs-check.toml` declares.
    pub external_hosts: &'a [String],
    pub out: &'a mut Vec<Diagnostic>,
}

impl<'a> DeploymentContext<'a> {
    pub fn report(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// The directives SRS runs for `server`: its loaded config with the
    /// container's `SRS_*` overrides applied (`model::env`). Nothing is
    /// parsed again.
    pub fn directives(&self, server: &crate::model::srs::SrsServer) -> &'a [crate::conf::Directive] {
        self.deployment.directives(self.configs, server)
    }
}

/// A check that runs once over the deployment model.
pub type DeploymentCheckFn = fn(&mut DeploymentContext<'_>);

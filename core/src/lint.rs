//! The entry point: files in, diagnostics out.

use crate::checks::registry::{self, CHECKS, PASSES};
use crate::checks::{ConfContext, DeploymentContext, MAX_FINDINGS_PER_CONFIG};
use crate::conf::loader::{self, add_source, MAX_FILE_BYTES};
use crate::conf::{LoadOptions, LoadedConfig};
use crate::diagnostic::{Diagnostic, Severity};
use crate::extract::{self, FragmentKind, SkipReason};
use crate::input_kind::InputKind;
use crate::k8s;
use crate::model::{self, EmbeddedConfig};
use crate::provider::{ReadError, SourceProvider};
use crate::schema::SrsVersion;
use crate::settings::Resolved;
use crate::source::Origin;
use crate::source::{FileId, Sources, Span};
use crate::suppress;
use crate::yaml;

#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    /// `None`: the settings' version, else [`SrsVersion::DEFAULT`].
    pub version: Option<SrsVersion>,
    pub include_base: Option<String>,
    /// The namespace of objects without `metadata.namespace` (`default`).
    pub namespace: Option<String>,
    pub settings: Resolved,
}

impl LintOptions {
    pub fn version(&self) -> SrsVersion {
        self.version.unwrap_or(SrsVersion::DEFAULT)
    }
}

/// One top-level input: its name as the user gave it and its bytes.
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct LintResult {
    pub sources: Sources,
    /// Sorted by file, then position.
    pub diagnostics: Vec<Diagnostic>,
    /// The top-level inputs, in the order given.
    pub inputs: Vec<FileId>,
    /// Each input's config with its includes spliced in.
    pub configs: Vec<LoadedConfig>,
    /// The Kubernetes objects of every manifest read.
    pub objects: Vec<k8s::Object>,
    /// The ConfigMap keys linted as SRS configs, each with its entry in `configs`.
    pub embedded: Vec<EmbeddedConfig>,
    /// The objects, the pods they run and the SRS configs those run.
    pub deployment: model::Deployment,
}

impl LintResult {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}

/// Lints inputs whose bytes the caller already has. Includes are read
/// through `provider`.
pub fn lint_inputs(provider: &dyn SourceProvider, inputs: Vec<Input>, options: &LintOptions) -> LintResult {
    let mut result = LintResult::default();
    let mut diags = Vec::new();
    let load_options = LoadOptions {
        version: options.version(),
        include_base: options.include_base.clone(),
    };
    let mut run = Run {
        result: &mut result,
        pending: Vec::new(),
        namespace: options.namespace.clone().unwrap_or_else(|| "default".to_string()),
        provider,
        load_options: &load_options,
        diags: &mut diags,
    };
    for input in inputs {
        if input.bytes.len() > MAX_FILE_BYTES {
            let id = run.result.sources.add(input.name.clone(), String::new());
            run.result.inputs.push(id);
            run.diags.push(registry::INPUT_LIMIT.diagnostic(
                format!(
                    "the file is {} bytes; srs-check reads files up to {MAX_FILE_BYTES} bytes",
                    input.bytes.len()
                ),
                Span::new(id, 0, 0),
                "not read",
            ));
            continue;
        }
        let id = add_source(&mut run.result.sources, &input.name, input.bytes, run.diags);
        run.result.inputs.push(id);
        run.file(id, InputKind::detect(&input.name, &run.result.sources.get(id).text));
    }
    run.pending_configs();
    diags.extend(k8s::duplicate_objects(&result.objects));
    result.deployment = model::build(&result.objects, &result.sources, &result.configs, &result.embedded);
    let first_deployment_finding = diags.len();
    diags.extend(deployment_checks(&result, &options.settings.external_hosts));
    keep_fixes_off_env_values(&result.deployment, &mut diags[first_deployment_finding..]);
    result.diagnostics = finish(&result.sources, diags, &options.settings);
    result
}

/// Runs every deployment check; their findings in the registry's order.
/// The checks only read the model, so they run in two halves at once where
/// there are two cores ([`crate::parallel`]); the result is the same, byte
/// for byte.
fn deployment_checks(result: &LintResult, external_hosts: &[String]) -> Vec<Diagnostic> {
    let checks: Vec<_> = CHECKS.iter().filter_map(|c| c.run_on_deployment).collect();
    // Alternate checks between the two halves: the costly ones are spread
    // over the registry.
    let run_half = |half: usize| {
        checks
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == half)
            .map(|(i, run)| {
                let mut out = Vec::new();
                let mut cx = DeploymentContext {
                    deployment: &result.deployment,
                    configs: &result.configs,
                    objects: &result.objects,
                    sources: &result.sources,
                    external_hosts,
                    out: &mut out,
                };
                run(&mut cx);
                (i, out)
            })
            .collect::<Vec<_>>()
    };
    let (mut found, odd) = crate::parallel::join(|| run_half(0), || run_half(1));
    found.extend(odd);
    found.sort_by_key(|(i, _)| *i);
    found.into_iter().flat_map(|(_, out)| out).collect()
}

/// A word an `SRS_*` variable put into an effective config points at the
/// env entry's `value` in the manifest (`model::env`). A fix written for a
/// config word would write its text there bare (`off`, which YAML reads as
/// a boolean where Kubernetes wants a string): such a fix becomes help.
/// Edits that write a double-quoted YAML string are meant for the manifest.
fn keep_fixes_off_env_values(deployment: &model::Deployment, diags: &mut [Diagnostic]) {
    let spans: crate::hash::HashSet<Span> = deployment
        .nodes()
        .filter_map(|(_, n)| match &n.data {
            model::NodeData::Container(c) => Some(c.env.vars.iter().map(|v| v.value_span)),
            _ => None,
        })
        .flatten()
        .collect();
    if spans.is_empty() {
        return;
    }
    for d in diags {
        let into_env = d.fix.as_ref().is_some_and(|f| {
            f.edits
                .iter()
                .any(|e| spans.contains(&e.span) && !e.replacement.starts_with('"'))
        });
        if into_env {
            if let Some(fix) = d.fix.take() {
                if d.help.is_none() {
                    d.help = Some(format!("{} (in the container's `env`)", fix.title));
                }
            }
        }
    }
}

/// One lint run's state while it walks the inputs and what they embed.
struct Run<'a> {
    result: &'a mut LintResult,
    /// SRS configs found in ConfigMaps, waiting for the SRS version.
    pending: Vec<(FileId, EmbeddedConfig)>,
    /// The namespace of objects that name none.
    namespace: String,
    provider: &'a dyn SourceProvider,
    load_options: &'a LoadOptions,
    diags: &'a mut Vec<Diagnostic>,
}

impl Run<'_> {
    fn file(&mut self, id: FileId, kind: InputKind) {
        match kind {
            InputKind::SrsConf => self.srs_conf(id),
            InputKind::Yaml => self.yaml(id),
            InputKind::Markdown | InputKind::Shell => self.embedded_blocks(id, kind),
        }
    }

    fn srs_conf(&mut self, id: FileId) {
        self.srs_conf_for(id, self.load_options.version);
    }

    fn srs_conf_for(&mut self, id: FileId, version: SrsVersion) {
        let options = LoadOptions {
            version,
            ..self.load_options.clone()
        };
        let config = loader::load(&mut self.result.sources, id, self.provider, &options, self.diags);
        run_checks(&config, &self.result.sources, version, self.diags);
        self.result.configs.push(config);
    }

    /// Lints the configs found in ConfigMaps, each for the SRS version of
    /// the image that runs it (the run's version when no pod mounts it, or
    /// its image has no version tag).
    fn pending_configs(&mut self) {
        let versions = model::image::versions_by_configmap(&self.result.objects);
        for (id, found) in std::mem::take(&mut self.pending) {
            let version = versions
                .get(&(found.namespace.clone(), found.configmap.clone()))
                .copied()
                .unwrap_or(self.load_options.version);
            self.result.embedded.push(EmbeddedConfig {
                config_index: self.result.configs.len(),
                ..found
            });
            self.srs_conf_for(id, version);
        }
    }

    /// Manifests: every SRS config stored in a ConfigMap is linted where it stands.
    fn yaml(&mut self, id: FileId) {
        let text = std::sync::Arc::clone(&self.result.sources.get(id).text);
        let (documents, diags) = yaml::parse_shared(id, &text);
        self.diags.extend(diags);
        // Typed objects, with schema errors at their lines. The deployment
        // model that joins objects across files builds on these.
        let (objects, diags) = k8s::decode_stream(id, documents, &self.namespace);
        self.diags.extend(diags);
        let name = self.result.sources.get(id).name.clone();
        for object in &objects {
            for (found, value) in srs_configs_in(object) {
                let (Some(scalar), Some(origin)) = (value.as_scalar(), value.origin(id)) else {
                    continue;
                };
                let conf = self.result.sources.add_embedded(
                    format!("{name}#ConfigMap/{}/{}", found.configmap, found.key),
                    scalar.value.to_string(),
                    origin,
                );
                // Linted once every manifest is read: the image that runs it,
                // perhaps in another file, says which SRS version it is for.
                self.pending.push((conf, found));
            }
        }
        self.result.objects.extend(objects);
    }

    /// Markdown pages and shell scripts: the manifests and configs they embed.
    fn embedded_blocks(&mut self, id: FileId, kind: InputKind) {
        let Some(container) = kind.container() else { return };
        let extraction = extract::extract_with_skips(id, &self.result.sources.get(id).text, container);
        for skipped in &extraction.skipped {
            match &skipped.reason {
                SkipReason::TerminatorOnCommandLine { .. } => self.diags.push(
                    registry::FLATTENED_HEREDOC
                        .diagnostic(
                            "this heredoc's line breaks were lost",
                            skipped.span,
                            "content and terminator on one line",
                        )
                        .with_note(skipped.reason.to_string()),
                ),
                SkipReason::TooManyFragments => self.diags.push(registry::INPUT_LIMIT.diagnostic(
                    skipped.reason.to_string(),
                    skipped.span,
                    "not read from here on",
                )),
                SkipReason::UnknownContent => {}
            }
        }
        let name = self.result.sources.get(id).name.clone();
        for fragment in extraction.fragments {
            let line = self.result.sources.get(id).line_col(fragment.span.start as usize).line;
            let kind = match fragment.kind {
                FragmentKind::Yaml => InputKind::Yaml,
                FragmentKind::SrsConf => InputKind::SrsConf,
                // Heredocs inside shell blocks come as fragments of their own.
                FragmentKind::Shell => continue,
            };
            let origin = Origin {
                parent: id,
                segments: fragment.segments,
                verbatim: true,
            };
            let embedded = self
                .result
                .sources
                .add_embedded(format!("{name}:{line}"), fragment.text, origin);
            self.file(embedded, kind);
        }
    }
}

/// The SRS configs a manifest holds: `data` entries of a ConfigMap whose key
/// ends in `.conf` or whose text reads like an SRS config. (Which key a
/// container really runs is the deployment model's business.) The
/// `config_index` of each is left at 0.
fn srs_configs_in(object: &k8s::Object) -> Vec<(EmbeddedConfig, yaml::Node<'_>)> {
    if (object.api_version.as_str(), object.kind.as_str()) != ("v1", "ConfigMap") {
        return Vec::new();
    }
    let Some(data) = object.at(&["data"]) else {
        return Vec::new();
    };
    data.entries()
        .iter()
        .filter_map(|(k, v)| {
            let key = k.as_str()?;
            let text = v.as_str()?;
            let looks_like_srs = std::path::Path::new(key)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("conf"))
                || starts_like_srs_conf(text);
            looks_like_srs.then(|| {
                let found = EmbeddedConfig {
                    namespace: object.namespace.to_string(),
                    configmap: object.name.to_string(),
                    key: key.to_string(),
                    config_index: 0,
                };
                (found, v)
            })
        })
        .collect()
}

/// The first directive is one SRS knows at the top level (`listen 1935;`).
fn starts_like_srs_conf(text: &str) -> bool {
    let Some(root) = crate::schema::context("root") else {
        return false;
    };
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .and_then(|l| l.split([' ', '\t', ';', '{']).next())
        .is_some_and(|word| root.get(word).is_some())
}

/// Reads the inputs through `provider` too (tests, the browser).
pub fn lint_paths(provider: &dyn SourceProvider, paths: &[String], options: &LintOptions) -> LintResult {
    let mut inputs = Vec::new();
    let mut unreadable = Vec::new();
    for p in paths {
        match provider.read(p) {
            Ok(bytes) => inputs.push(Input { name: p.clone(), bytes }),
            Err(e) => unreadable.push((p.clone(), e)),
        }
    }
    let mut result = lint_inputs(provider, inputs, options);
    for (name, e) in unreadable {
        let id = result.sources.add(name.clone(), String::new());
        result.inputs.push(id);
        let message = match e {
            ReadError::NotFound => format!("`{name}` does not exist"),
            e => format!("cannot read `{name}`: {e}"),
        };
        result
            .diagnostics
            .push(registry::INCLUDE_ERROR.diagnostic(message, Span::new(id, 0, 0), "not read"));
    }
    result
}

fn run_checks(config: &LoadedConfig, sources: &Sources, version: SrsVersion, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut cx = ConfContext {
        config,
        sources,
        version,
        out: &mut found,
    };
    for pass in PASSES {
        pass(&mut cx);
    }
    for check in CHECKS {
        if let Some(run) = check.run {
            run(&mut cx);
        }
    }
    if found.len() >= MAX_FINDINGS_PER_CONFIG {
        let at = found.last().map_or(Span::new(config.file, 0, 0), |d| d.primary.span);
        found.push(registry::INPUT_LIMIT.diagnostic(
            format!("more than {MAX_FINDINGS_PER_CONFIG} findings in this config; the rest are not shown"),
            at,
            "srs-check stops reporting here",
        ));
    }
    out.append(&mut found);
}

/// Points a diagnostic at the files the user has: embedded configs map into
/// the YAML or Markdown they came from. A fix whose edits cannot be copied
/// there unchanged becomes help.
fn to_real(sources: &Sources, mut d: Diagnostic) -> Diagnostic {
    d.primary.span = sources.to_real(d.primary.span);
    for l in &mut d.labels {
        l.span = sources.to_real(l.span);
    }
    if let Some(fix) = d.fix.take() {
        let mapped: Option<Vec<_>> = fix
            .edits
            .iter()
            .map(|e| {
                sources
                    .edit_to_real(e.span, &e.replacement)
                    .map(|span| crate::diagnostic::Edit {
                        span,
                        replacement: e.replacement.clone(),
                    })
            })
            .collect();
        match mapped {
            Some(edits) => d.fix = Some(crate::diagnostic::Fix { edits, ..fix }),
            None => {
                if d.help.is_none() {
                    d.help = Some(format!(
                        "{} (in the embedded config; srs-check cannot apply this fix here)",
                        fix.title
                    ));
                }
            }
        }
    }
    d
}

/// Applies settings and suppressions, sorts, and drops exact repeats (a file
/// included twice is parsed twice).
fn finish(sources: &Sources, diags: Vec<Diagnostic>, settings: &Resolved) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = diags
        .into_iter()
        .map(|d| to_real(sources, d))
        .filter(|d| !settings.is_disabled(d.code))
        .filter(|d| !suppress::is_suppressed(sources, d))
        .map(|mut d| {
            if let Some(s) = settings.severity_of(d.code) {
                d.severity = s;
            }
            d
        })
        .collect();
    out.sort_by(|a, b| {
        (
            a.primary.span.file,
            a.primary.span.start,
            a.primary.span.end,
            a.code,
            &a.message,
        )
            .cmp(&(
                b.primary.span.file,
                b.primary.span.start,
                b.primary.span.end,
                b.code,
                &b.message,
            ))
    });
    out.dedup_by(|a, b| a.code == b.code && a.primary.span == b.primary.span && a.message == b.message);
    out
}

#[cfg(test)]
mod tests {
    use crate::schema::SrsVersion;
    use crate::testing::{lint_named, options};

    #[test]
    fn configs_in_list_items_are_linted_at_their_lines() {
        let yaml = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: srs\n    data:\n      srs.conf: |\n        listen 1935;\n        vhost __defaultVhost__ {\n          hls { enabld on; }\n        }\n";
        let result = lint_named(&[("list.yaml", yaml)], &options(SrsVersion::V6));
        assert_eq!(result.embedded.len(), 1);
        assert_eq!(result.embedded[0].configmap, "srs");
        let unknown: Vec<_> = result.diagnostics.iter().filter(|d| d.code == "SRS101").collect();
        assert_eq!(unknown.len(), 1, "{:?}", result.diagnostics);
        let at = result.sources.get(unknown[0].primary.span.file);
        assert_eq!(&*at.name, "list.yaml");
        assert_eq!(at.line_col(unknown[0].primary.span.start as usize).line, 12);
    }
}

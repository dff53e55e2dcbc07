//! The entry point: files in, diagnostics out.

use crate::checks::registry::{self, CHECKS, PASSES};
use crate::checks::ConfContext;
use crate::conf::loader::{self, add_source, MAX_FILE_BYTES};
use crate::conf::{LoadOptions, LoadedConfig};
use crate::diagnostic::{Diagnostic, Severity};
use crate::provider::{ReadError, SourceProvider};
use crate::schema::SrsVersion;
use crate::settings::Resolved;
use crate::source::{FileId, Sources, Span};
use crate::suppress;

#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    /// `None`: the settings' version, else [`SrsVersion::DEFAULT`].
    pub version: Option<SrsVersion>,
    pub include_base: Option<String>,
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
    for input in inputs {
        if input.bytes.len() > MAX_FILE_BYTES {
            let id = result.sources.add(input.name.clone(), String::new());
            result.inputs.push(id);
            diags.push(registry::INPUT_LIMIT.diagnostic(
                format!(
                    "the file is {} bytes; srs-check reads files up to {MAX_FILE_BYTES} bytes",
                    input.bytes.len()
                ),
                Span::new(id, 0, 0),
                "not read",
            ));
            continue;
        }
        let id = add_source(&mut result.sources, &input.name, &input.bytes, &mut diags);
        result.inputs.push(id);
        let config = loader::load(&mut result.sources, id, provider, &load_options, &mut diags);
        run_checks(&config, &result.sources, load_options.version, &mut diags);
        result.configs.push(config);
    }
    result.diagnostics = finish(&result.sources, diags, &options.settings);
    result
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
    let mut cx = ConfContext {
        config,
        sources,
        version,
        out,
    };
    for pass in PASSES {
        pass(&mut cx);
    }
    for check in CHECKS {
        if let Some(run) = check.run {
            run(&mut cx);
        }
    }
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

//! Reads a config and splices its `include`s, as SRS does: each included
//! file is parsed on its own and its directives take the place of the
//! `include` directive. Missing files, cycles and runaway depth are
//! diagnostics on the `include` line.

use super::parser::{self, MAX_DEPTH};
use super::syntax::Directive;
use crate::checks::registry as codes;
use crate::diagnostic::Diagnostic;
use crate::provider::{self, ReadError, SourceProvider};
use crate::schema::SrsVersion;
use crate::source::{decode, FileId, Sources, Span};

/// SRS has no include depth limit (a self-include recurses until it fails);
/// we stop here.
pub const MAX_INCLUDE_DEPTH: usize = 16;

/// One config follows at most this many includes, and splices at most
/// `MAX_INCLUDED_BYTES` from them: a file that includes another four times,
/// which includes the next four times, … would otherwise grow exponentially.
pub const MAX_INCLUDES: usize = 1024;
pub const MAX_INCLUDED_BYTES: usize = 64 * 1024 * 1024;

/// Files larger than this are not parsed.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub version: SrsVersion,
    /// Where relative include paths resolve. SRS uses its working directory;
    /// `None` means the top config's own directory.
    pub include_base: Option<String>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            version: SrsVersion::DEFAULT,
            include_base: None,
        }
    }
}

/// One SRS config with its includes spliced in.
#[derive(Debug)]
pub struct LoadedConfig {
    /// The top file.
    pub file: FileId,
    /// The effective tree; directives keep the spans of the file they come from.
    pub directives: Vec<Directive>,
    /// Every file read, the top one first.
    pub files: Vec<FileId>,
}

/// Parses text that is already in `sources` and resolves its includes.
pub fn load(
    sources: &mut Sources,
    file: FileId,
    provider: &dyn SourceProvider,
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> LoadedConfig {
    let base = options
        .include_base
        .clone()
        .unwrap_or_else(|| provider::parent(&sources.get(file).name).to_string());
    let chain = vec![provider::normalize(&sources.get(file).name)];
    let mut loader = Loader {
        sources,
        provider,
        options,
        base,
        chain,
        files: vec![file],
        diagnostics,
        included: 0,
        included_bytes: 0,
        over_limit: false,
    };
    let directives = loader.parse_file(file);
    LoadedConfig {
        file,
        directives,
        files: loader.files,
    }
}

/// Adds raw bytes to `sources`, reporting invalid UTF-8 and a byte-order mark.
pub fn add_source(sources: &mut Sources, name: &str, bytes: Vec<u8>, diagnostics: &mut Vec<Diagnostic>) -> FileId {
    let decoded = decode(bytes);
    let id = sources.add(name, decoded.text);
    if let Some(at) = decoded.first_invalid {
        diagnostics.push(
            codes::INVALID_ENCODING
                .diagnostic(
                    "the file is not valid UTF-8",
                    Span::new(id, at, at + 3),
                    "invalid bytes start here",
                )
                .with_note("srs-check shows invalid bytes as U+FFFD; SRS reads raw bytes, so names with such bytes in them are not the names you meant"),
        );
    }
    if sources.get(id).text.starts_with('\u{feff}') {
        // Underline the first word too: the mark itself is invisible.
        let text = &sources.get(id).text;
        let word_end = text[3..]
            .find(|c: char| c.is_whitespace() || c == ';' || c == '{')
            .map_or(text.len(), |i| i + 3);
        diagnostics.push(
            codes::BYTE_ORDER_MARK
                .diagnostic(
                    "the file starts with a UTF-8 byte-order mark",
                    Span::new(id, 0, word_end),
                    "three invisible bytes (EF BB BF) stand before this word",
                )
                .with_note("SRS does not skip a BOM: the bytes become part of the first directive's name, which then fails as an illegal directive")
                .with_replacement("remove the byte-order mark", Span::new(id, 0, 3), ""),
        );
    }
    id
}

/// The state of one config's loading: the include chain guards against
/// cycles, `files` lists every file read.
struct Loader<'a> {
    sources: &'a mut Sources,
    provider: &'a dyn SourceProvider,
    options: &'a LoadOptions,
    base: String,
    chain: Vec<String>,
    files: Vec<FileId>,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Includes followed and bytes spliced so far.
    included: usize,
    included_bytes: usize,
    over_limit: bool,
}

impl Loader<'_> {
    /// Parses one file (in SRS's FILE context) and splices its includes.
    fn parse_file(&mut self, file: FileId) -> Vec<Directive> {
        let parsed = parser::parse(file, &self.sources.get(file).text, self.options.version);
        self.diagnostics.extend(parsed.diagnostics);
        if !self.options.version.supports_include() {
            // 3.0/4.0 read `include` as an ordinary (illegal) directive.
            return parsed.directives;
        }
        self.splice(parsed.directives, 0)
    }

    fn splice(&mut self, list: Vec<Directive>, depth: usize) -> Vec<Directive> {
        let mut out = Vec::with_capacity(list.len());
        for mut d in list {
            if d.name.text != "include" {
                if depth < MAX_DEPTH {
                    if let Some(block) = d.block.as_mut() {
                        let children = std::mem::take(&mut block.children);
                        block.children = self.splice(children, depth + 1);
                    }
                }
                out.push(d);
                continue;
            }
            self.include(&d, &mut out);
        }
        out
    }

    /// Replaces one `include` directive by the directives of its files.
    fn include(&mut self, d: &Directive, out: &mut Vec<Directive>) {
        if d.args.is_empty() {
            self.diagnostics.push(
                codes::INCLUDE_ERROR
                    .diagnostic("`include` names no file", d.span, "add the file to include")
                    .with_note("SRS: `include is empty directive`"),
            );
            return;
        }
        if let Some(block) = &d.block {
            self.diagnostics.push(
                codes::INCLUDE_ERROR
                    .diagnostic("`include` takes no block", block.open, "SRS does not read this as a block")
                    .with_note("SRS splices the included file and then parses the block's contents as siblings; its `}` then closes the enclosing block early")
                    .with_help("end the include with `;` and move the block's directives out of it"),
            );
        }
        for arg in &d.args {
            let path = provider::join(&self.base, &arg.text);
            if self.chain.contains(&path) {
                self.diagnostics.push(
                    codes::INCLUDE_ERROR
                        .diagnostic(
                            format!("include cycle: `{}` is already being included", arg.text),
                            arg.span,
                            "this file includes itself, directly or through others",
                        )
                        .with_note(format!("include chain: {} → {path}", self.chain.join(" → ")))
                        .with_note("SRS has no guard against this and recurses until it fails"),
                );
                continue;
            }
            if self.chain.len() > MAX_INCLUDE_DEPTH {
                self.diagnostics.push(codes::INPUT_LIMIT.diagnostic(
                    format!("includes nest deeper than {MAX_INCLUDE_DEPTH} files"),
                    arg.span,
                    "srs-check does not follow this include",
                ));
                continue;
            }
            if self.included >= MAX_INCLUDES || self.included_bytes >= MAX_INCLUDED_BYTES {
                // One report is enough: every later include is past the bound too.
                if !self.over_limit {
                    self.over_limit = true;
                    self.diagnostics.push(codes::INPUT_LIMIT.diagnostic(
                        format!(
                            "more than {MAX_INCLUDES} includes or {MAX_INCLUDED_BYTES} included bytes in one config"
                        ),
                        arg.span,
                        "srs-check follows no more includes from here",
                    ));
                }
                return;
            }
            let bytes = match self.provider.read(&path) {
                Ok(b) if b.len() > MAX_FILE_BYTES => Err(ReadError::TooLarge(b.len() as u64)),
                other => other,
            };
            match bytes {
                Ok(bytes) => {
                    self.included += 1;
                    self.included_bytes = self.included_bytes.saturating_add(bytes.len());
                    let id = match self.sources.find(&path) {
                        Some(id) => id,
                        None => add_source(self.sources, &path, bytes, self.diagnostics),
                    };
                    if !self.files.contains(&id) {
                        self.files.push(id);
                    }
                    self.chain.push(path);
                    let spliced = self.parse_file(id);
                    self.chain.pop();
                    out.extend(spliced);
                }
                Err(ReadError::NotFound) => {
                    self.diagnostics.push(
                        codes::INCLUDE_ERROR
                            .diagnostic(
                                format!("included file `{}` does not exist", arg.text),
                                arg.span,
                                format!("looked for {path}"),
                            )
                            .with_note("SRS resolves include paths against its working directory, not against the including file")
                            .with_help("fix the path, or pass --include-base with the directory SRS runs in"),
                    );
                }
                Err(e) => {
                    self.diagnostics.push(codes::INCLUDE_ERROR.diagnostic(
                        format!("cannot read included file `{}`: {e}", arg.text),
                        arg.span,
                        format!("reading {path}"),
                    ));
                }
            }
        }
    }
}

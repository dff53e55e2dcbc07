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
    let mut files = vec![file];
    let mut chain = vec![provider::normalize(&sources.get(file).name)];
    let directives = load_file(
        sources,
        file,
        provider,
        options,
        &base,
        &mut chain,
        &mut files,
        diagnostics,
    );
    LoadedConfig {
        file,
        directives,
        files,
    }
}

/// Adds raw bytes to `sources`, reporting invalid UTF-8 and a byte-order mark.
pub fn add_source(sources: &mut Sources, name: &str, bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> FileId {
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

#[allow(clippy::too_many_arguments)]
fn load_file(
    sources: &mut Sources,
    file: FileId,
    provider: &dyn SourceProvider,
    options: &LoadOptions,
    base: &str,
    chain: &mut Vec<String>,
    files: &mut Vec<FileId>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Directive> {
    let text = &sources.get(file).text;
    // Skip a BOM for parsing purposes only after reporting it: positions stay
    // true because we parse the whole text, BOM included, as SRS would.
    let parsed = parser::parse(file, text, options.version);
    diagnostics.extend(parsed.diagnostics);
    if !options.version.supports_include() {
        // 3.0/4.0 read `include` as an ordinary (illegal) directive.
        return parsed.directives;
    }
    splice(
        parsed.directives,
        sources,
        provider,
        options,
        base,
        chain,
        files,
        diagnostics,
        0,
    )
}

#[allow(clippy::too_many_arguments)]
fn splice(
    list: Vec<Directive>,
    sources: &mut Sources,
    provider: &dyn SourceProvider,
    options: &LoadOptions,
    base: &str,
    chain: &mut Vec<String>,
    files: &mut Vec<FileId>,
    diagnostics: &mut Vec<Diagnostic>,
    depth: usize,
) -> Vec<Directive> {
    let mut out = Vec::with_capacity(list.len());
    for mut d in list {
        if d.name.text != "include" {
            if depth < MAX_DEPTH {
                if let Some(block) = d.block.take() {
                    let mut block = block;
                    let children = std::mem::take(&mut block.children);
                    block.children = splice(
                        children,
                        sources,
                        provider,
                        options,
                        base,
                        chain,
                        files,
                        diagnostics,
                        depth + 1,
                    );
                    d.block = Some(block);
                }
            }
            out.push(d);
            continue;
        }
        if d.args.is_empty() {
            diagnostics.push(
                codes::INCLUDE_ERROR
                    .diagnostic("`include` names no file", d.span, "add the file to include")
                    .with_note("SRS: `include is empty directive`"),
            );
            continue;
        }
        if let Some(block) = &d.block {
            diagnostics.push(
                codes::INCLUDE_ERROR
                    .diagnostic("`include` takes no block", block.open, "SRS does not read this as a block")
                    .with_note("SRS splices the included file and then parses the block's contents as siblings; its `}` then closes the enclosing block early")
                    .with_help("end the include with `;` and move the block's directives out of it"),
            );
        }
        for arg in &d.args {
            let path = provider::join(base, &arg.text);
            if chain.contains(&path) {
                let first = &chain[0];
                diagnostics.push(
                    codes::INCLUDE_ERROR
                        .diagnostic(
                            format!("include cycle: `{}` is already being included", arg.text),
                            arg.span,
                            "this file includes itself, directly or through others",
                        )
                        .with_note(format!("include chain: {} → {path}", chain.join(" → ")))
                        .with_note(format!(
                            "SRS has no guard against this and recurses until it fails (from {first})"
                        )),
                );
                continue;
            }
            if chain.len() > MAX_INCLUDE_DEPTH {
                diagnostics.push(codes::INPUT_LIMIT.diagnostic(
                    format!("includes nest deeper than {MAX_INCLUDE_DEPTH} files"),
                    arg.span,
                    "srs-check does not follow this include",
                ));
                continue;
            }
            let bytes = match provider.read(&path) {
                Ok(b) if b.len() > MAX_FILE_BYTES => Err(ReadError::TooLarge(b.len() as u64)),
                other => other,
            };
            match bytes {
                Ok(bytes) => {
                    let id = match sources.find(&path) {
                        Some(id) => id,
                        None => add_source(sources, &path, &bytes, diagnostics),
                    };
                    if !files.contains(&id) {
                        files.push(id);
                    }
                    chain.push(path);
                    let text = &sources.get(id).text;
                    let parsed = parser::parse(id, text, options.version);
                    diagnostics.extend(parsed.diagnostics);
                    let spliced = splice(
                        parsed.directives,
                        sources,
                        provider,
                        options,
                        base,
                        chain,
                        files,
                        diagnostics,
                        depth,
                    );
                    chain.pop();
                    out.extend(spliced);
                }
                Err(ReadError::NotFound) => {
                    diagnostics.push(
                        codes::INCLUDE_ERROR
                            .diagnostic(format!("included file `{}` does not exist", arg.text), arg.span, format!("looked for {path}"))
                            .with_note("SRS resolves include paths against its working directory, not against the including file")
                            .with_help("fix the path, or pass --include-base with the directory SRS runs in"),
                    );
                }
                Err(e) => {
                    diagnostics.push(codes::INCLUDE_ERROR.diagnostic(
                        format!("cannot read included file `{}`: {e}", arg.text),
                        arg.span,
                        format!("reading {path}"),
                    ));
                }
            }
        }
    }
    out
}

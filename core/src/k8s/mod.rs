//! Kubernetes objects read from manifests. Typed access (k8s-openapi) is
//! for meaning; the YAML tree with spans (`yaml`) is for where; this module
//! keeps both in one [`Object`] and joins them by path, so every finding in
//! a manifest points at its line.
//!
//! k8s-openapi's Kubernetes version is set once, in the workspace's
//! `Cargo.toml` (feature `v1_37`).

pub mod decode;
mod fields;
pub mod json;
pub mod object;
pub mod path;
pub mod slim;
mod unknown;

#[cfg(test)]
mod tests;

pub use decode::{decode_stream, duplicate_objects};
pub use object::{Object, Typed};

/// Test helpers: a YAML text read and decoded, its diagnostics with 1-based
/// line and column.
#[cfg(test)]
pub(crate) mod testing {
    use super::{decode_stream, Object};
    use crate::diagnostic::Diagnostic;
    use crate::source::{FileId, SourceFile};

    /// Parses and decodes `text`: the objects, and the YAML reader's and
    /// the decoder's diagnostics.
    pub fn decode(text: &str) -> (Vec<Object>, Vec<Diagnostic>) {
        let (docs, mut diags) = crate::yaml::parse_stream(FileId(0), text);
        let (objects, more) = decode_stream(FileId(0), docs, "default");
        diags.extend(more);
        diags.extend(super::duplicate_objects(&objects));
        (objects, diags)
    }

    /// The diagnostics of `code` as (line, column, message).
    pub fn found(text: &str, code: &str) -> Vec<(u32, u32, String)> {
        let file = SourceFile::new("test.yaml", text.to_string());
        decode(text)
            .1
            .into_iter()
            .filter(|d| d.code == code)
            .map(|d| {
                let at = file.line_col(d.primary.span.start as usize);
                (at.line, at.column, d.message)
            })
            .collect()
    }

    /// (line, column) of a byte offset.
    pub fn line_col(text: &str, offset: u32) -> (u32, u32) {
        let at = SourceFile::new("test.yaml", text.to_string()).line_col(offset as usize);
        (at.line, at.column)
    }

    /// The text a span covers.
    pub fn text_of(text: &str, d: &Diagnostic) -> String {
        text[d.primary.span.range()].to_string()
    }
}

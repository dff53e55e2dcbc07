//! srs-check's core: SRS config parsing, the directive table, checks,
//! diagnostics and their renderings. No I/O: files arrive through a
//! [`provider::SourceProvider`], so the same code runs in the CLI and in the
//! browser.

pub mod archive;
pub mod checks;
pub mod conf;
pub mod diagnostic;
pub mod editor;
pub mod export;
pub mod extract;
pub mod fix;
mod hash;
pub mod input_kind;
pub mod k8s;
pub mod labels;
pub mod lint;
pub mod model;
pub mod opened;
mod parallel;
pub mod provider;
pub mod render;
pub mod schema;
pub mod settings;
pub mod share;
pub mod sim;
pub mod source;
mod suppress;
pub mod values;
pub mod yaml;

#[cfg(test)]
mod testing;

pub use diagnostic::{Diagnostic, Severity};
pub use lint::{lint_inputs, lint_paths, Input, LintOptions, LintResult};
pub use schema::SrsVersion;

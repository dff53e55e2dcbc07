//! Renderings of diagnostics: text for people, JSON (the stable contract),
//! SARIF for code-scanning tools and GitHub workflow commands.

pub mod json;
pub mod text;

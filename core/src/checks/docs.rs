//! Check documentation, generated from each check's metadata. The CLI's
//! `checks`/`explain` print it and `docs/checks/` holds it as files; a test
//! fails when the files drift from the code.

use super::meta::{CheckMeta, FixKind};
use super::registry;
use serde_json::json;
use std::fmt::Write as _;

fn fix_text(f: FixKind) -> &'static str {
    match f {
        FixKind::None => "no",
        FixKind::Sometimes => "sometimes",
        FixKind::Always => "yes",
    }
}

/// One check's page.
pub fn check_markdown(m: &CheckMeta) -> String {
    format!(
        "# {code} {name}\n\n{summary}\n\n| | |\n|---|---|\n| Code | `{code}` |\n| Name | `{name}` |\n| Default severity | {sev} |\n| Category | {cat} |\n| Fix available | {fix} |\n\n{doc}",
        code = m.code,
        name = m.name,
        summary = m.summary,
        sev = m.severity.as_str(),
        cat = m.category.as_str(),
        fix = fix_text(m.fix),
        doc = m.doc.trim_start(),
    )
}

/// The index of every check, as a Markdown table.
pub fn index_markdown() -> String {
    let mut out = String::from(
        "# srs-check checks\n\nGenerated from the code by `srs-check checks --format markdown`; do not edit.\nTurn a check off or change its severity in `.srs-check.toml`, or silence one place with `# srs-check: ignore[CODE]`.\n\n| Code | Name | Severity | Category | Fix | Summary |\n|---|---|---|---|---|---|\n",
    );
    for m in registry::all() {
        let _ = writeln!(
            out,
            "| [{code}]({code}.md) | `{name}` | {sev} | {cat} | {fix} | {summary} |",
            code = m.code,
            name = m.name,
            sev = m.severity.as_str(),
            cat = m.category.as_str(),
            fix = fix_text(m.fix),
            summary = m.summary.replace('|', "\\|"),
        );
    }
    out
}

/// The list for people: one line per check.
pub fn index_text() -> String {
    let mut out = String::new();
    for m in registry::all() {
        let _ = writeln!(
            out,
            "{}  {:<8} {:<34} {}",
            m.code,
            m.severity.as_str(),
            m.name,
            m.summary
        );
    }
    out
}

pub fn index_json() -> String {
    let v: Vec<_> = registry::all()
        .map(|m| {
            json!({
                "code": m.code, "name": m.name, "severity": m.severity, "category": m.category,
                "fix": m.fix, "summary": m.summary, "url": m.help_uri(),
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&v).expect("JSON values serialise");
    s.push('\n');
    s
}

/// An example config in a check's doc.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// The fence's language: `conf` (an SRS config), `yaml` (manifests) or `sh`.
    pub lang: &'static str,
    pub text: String,
}

impl Example {
    /// A file name that makes the linter read the example as what it is.
    pub fn file_name(&self) -> &'static str {
        match self.lang {
            "yaml" => "example.yaml",
            "sh" => "example.sh",
            _ => "example.conf",
        }
    }
}

/// The fenced ```conf, ```yaml and ```sh blocks under a section heading of a check's doc.
pub fn examples(doc: &str, section: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_section = false;
    let mut block: Option<Example> = None;
    for line in doc.lines() {
        if let Some(b) = block.as_mut() {
            if line.trim_start().starts_with("```") {
                out.extend(block.take());
            } else {
                b.text.push_str(line);
                b.text.push('\n');
            }
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            in_section = h.trim() == section;
        } else if in_section {
            let lang = match line.trim_start() {
                "```conf" => "conf",
                "```yaml" => "yaml",
                "```sh" => "sh",
                _ => continue,
            };
            block = Some(Example {
                lang,
                text: String::new(),
            });
        }
    }
    out
}

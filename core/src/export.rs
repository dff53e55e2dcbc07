//! What the playground lets a user take away: the report of its files in
//! the CLI's JSON or SARIF (the same renderers, so a script that reads
//! `srs-check lint --format json` reads this too), and the files with every
//! safe fix applied.

use crate::editor::{fix_all, lint_result, Buffer};
use crate::lint::LintOptions;
use crate::render;

/// The formats of a downloaded report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Json,
    Sarif,
}

impl ReportFormat {
    /// The file name a download gets.
    pub fn file_name(self) -> &'static str {
        match self {
            ReportFormat::Json => "srs-check-report.json",
            ReportFormat::Sarif => "srs-check-report.sarif",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            ReportFormat::Json => "application/json",
            ReportFormat::Sarif => "application/sarif+json",
        }
    }
}

/// The buffers' report, as `srs-check lint --format json|sarif` writes it
/// for files of those names.
pub fn report(buffers: &[Buffer], options: &LintOptions, format: ReportFormat) -> String {
    let result = lint_result(buffers, options);
    match format {
        ReportFormat::Json => render::json::render(&result.sources, &result.diagnostics, buffers.len()),
        ReportFormat::Sarif => render::sarif::render(&result.sources, &result.diagnostics),
    }
}

/// Rounds of fixing before giving up, as `srs-check lint --fix` does.
const FIX_ROUNDS: usize = 10;

/// The buffers that every safe fix changes, as they are after the fixes,
/// and how many fixes went in.
pub fn fixed_files(buffers: &[Buffer], options: &LintOptions) -> (Vec<Buffer>, usize) {
    let mut fixed = buffers.to_vec();
    let applied = fix_all(&mut fixed, options, false, FIX_ROUNDS);
    let changed = fixed
        .into_iter()
        .zip(buffers)
        .filter(|(after, before)| after.text != before.text)
        .map(|(after, _)| after)
        .collect();
    (changed, applied)
}

/// A file to offer for download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub name: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The changed files as one download: the file itself when one changed, a
/// tar archive ([`crate::archive`]) of them when several did. `None` when
/// no safe fix changes anything.
pub fn fixed_download(buffers: &[Buffer], options: &LintOptions) -> Option<Download> {
    let (changed, _) = fixed_files(buffers, options);
    match changed.as_slice() {
        [] => None,
        [one] => Some(Download {
            name: one.name.rsplit(['/', '\\']).next().unwrap_or("fixed").to_string(),
            media_type: "text/plain",
            bytes: one.text.clone().into_bytes(),
        }),
        many => {
            let files: Vec<(&str, &[u8])> = many.iter().map(|b| (b.name.as_str(), b.text.as_bytes())).collect();
            Some(Download {
                name: "srs-check-fixed.tar".to_string(),
                media_type: "application/x-tar",
                bytes: crate::archive::tar(&files),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::options;
    use crate::SrsVersion;

    fn seed() -> Vec<Buffer> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/examples/seed-k8s");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| {
                Buffer::new(
                    p.file_name().unwrap().to_string_lossy(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn the_json_report_is_the_clis() {
        let buffers = seed();
        let json = report(&buffers, &options(SrsVersion::V5), ReportFormat::Json);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let codes: Vec<&str> = value["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"SRS501"), "{codes:?}");
        assert_eq!(value["summary"]["files"], buffers.len());
        let file = value["diagnostics"][0]["file"].as_str().unwrap();
        assert!(buffers.iter().any(|b| b.name == file), "{file}");
    }

    #[test]
    fn the_sarif_report_names_the_rules() {
        let sarif = report(&seed(), &options(SrsVersion::V5), ReportFormat::Sarif);
        let value: serde_json::Value = serde_json::from_str(&sarif).unwrap();
        assert_eq!(value["version"], "2.1.0");
        assert!(!value["runs"][0]["results"].as_array().unwrap().is_empty());
    }

    #[test]
    fn fixed_files_are_the_changed_ones_and_lint_clean_of_their_fixes() {
        let buffers = seed();
        let opts = options(SrsVersion::V5);
        let (changed, applied) = fixed_files(&buffers, &opts);
        // The seed's one safe fix: the typo `srs-origin2.socs` in the edge's config.
        assert_eq!(applied, 1);
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].name, "3-edge.yaml");
        assert!(changed[0].text.contains("srs-origin-1.socs srs-origin-2.socs;"));
        let mut after = buffers.clone();
        after[2].text.clone_from(&changed[0].text);
        let again = crate::editor::lint_buffers(&after, &opts);
        assert!(
            !again.iter().any(|d| d
                .fix
                .as_ref()
                .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe)),
            "a safe fix is left"
        );
        let one = fixed_download(&buffers, &opts).unwrap();
        assert_eq!(
            (one.name.as_str(), one.bytes.as_slice()),
            ("3-edge.yaml", changed[0].text.as_bytes())
        );

        // Two changed files come as one archive.
        let mut two = buffers.clone();
        two.push(Buffer::new(
            "copy/edge.yaml",
            buffers[2].text.replace("srs-edge", "srs-edge-b"),
        ));
        let archive = fixed_download(&two, &opts).unwrap();
        assert_eq!(
            (archive.name.as_str(), archive.media_type),
            ("srs-check-fixed.tar", "application/x-tar")
        );
        let text = String::from_utf8_lossy(&archive.bytes);
        assert!(text.contains("3-edge.yaml") && text.contains("copy/edge.yaml"));
        assert_eq!(text.matches("srs-origin-1.socs srs-origin-2.socs;").count(), 2);
        let clean = vec![Buffer::new("a.conf", "listen 1935;\n")];
        assert_eq!(fixed_download(&clean, &opts), None);
    }
}

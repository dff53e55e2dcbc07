//! Whole-file behaviour of every check: `fixtures/checks/<CODE>-<name>/`
//! holds `fail.<ext>` (must raise the check) and `pass.<ext>` (must raise
//! neither it nor any error), where `<ext>` is `conf`, `yaml`, `md` or `sh`. The text rendering of each is a snapshot.
//! An optional `.srs-check.toml` in the folder sets the SRS version.
//! Other files in the folder are available to `include`.

use srs_check_core::checks::registry;
use srs_check_core::fix::apply_safe_fixes;
use srs_check_core::provider::MemoryProvider;
use srs_check_core::render::text;
use srs_check_core::settings::Settings;
use srs_check_core::{lint_paths, LintOptions, LintResult, Severity};
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/checks")
}

fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/checks exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Lints `file` of a fixture folder, every file of the folder readable by include.
fn lint_fixture(dir: &Path, file: &str) -> LintResult {
    let folder = dir.file_name().unwrap().to_string_lossy().into_owned();
    let mut provider = MemoryProvider::new();
    for e in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        provider.insert(&format!("{folder}/{name}"), std::fs::read(e.path()).unwrap());
    }
    let settings = match std::fs::read_to_string(dir.join(".srs-check.toml")) {
        Ok(t) => Settings::parse(&t).unwrap(),
        Err(_) => Settings::default(),
    };
    let options = LintOptions {
        version: settings.srs_version,
        settings: settings.resolve().unwrap(),
        ..LintOptions::default()
    };
    lint_paths(&provider, &[format!("{folder}/{file}")], &options)
}

const EXTENSIONS: [&str; 4] = ["conf", "yaml", "md", "sh"];

/// `fail.conf`, `fail.yaml`, … whichever the folder has.
fn fixture_file(dir: &Path, stem: &str) -> Option<String> {
    EXTENSIONS
        .iter()
        .map(|ext| format!("{stem}.{ext}"))
        .find(|name| dir.join(name).is_file())
}

fn render(r: &LintResult) -> String {
    text::render(&r.sources, &r.diagnostics, r.inputs.len(), false)
}

#[test]
fn every_check_has_both_fixtures() {
    let dirs: Vec<String> = fixture_dirs()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut missing = Vec::new();
    for m in registry::all() {
        let name = format!("{}-{}", m.code, m.name);
        let dir = fixtures_dir().join(&name);
        for stem in ["fail", "pass"] {
            if fixture_file(&dir, stem).is_none() {
                missing.push(format!("fixtures/checks/{name}/{stem}.*"));
            }
        }
    }
    for d in &dirs {
        let code = d.split('-').next().unwrap();
        let m = registry::find(code).unwrap_or_else(|| panic!("fixture folder {d} names no check"));
        assert_eq!(
            d,
            &format!("{}-{}", m.code, m.name),
            "fixture folder name must be CODE-name"
        );
    }
    assert!(missing.is_empty(), "missing fixtures:\n{}", missing.join("\n"));
}

#[test]
fn fixtures_behave_and_match_snapshots() {
    let mut problems = Vec::new();
    for dir in fixture_dirs() {
        let folder = dir.file_name().unwrap().to_string_lossy().into_owned();
        let code = folder.split('-').next().unwrap().to_string();
        for (stem, should_fire) in [("fail", true), ("pass", false)] {
            let Some(file) = fixture_file(&dir, stem) else {
                continue;
            };
            let file = file.as_str();
            let r = lint_fixture(&dir, file);
            let fired = r.diagnostics.iter().any(|d| d.code == code);
            if fired != should_fire {
                problems.push(format!(
                    "{folder}/{file}: {code} {}",
                    if should_fire { "not raised" } else { "raised" }
                ));
            }
            if !should_fire && r.count(Severity::Error) > 0 {
                problems.push(format!("{folder}/{file}: has errors:\n{}", render(&r)));
            }
            insta::with_settings!({
                snapshot_path => "snapshots/fixtures",
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!(format!("{folder}__{stem}"), render(&r));
            });
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Applying safe fixes converges, and never makes a file unreadable.
#[test]
fn fixes_converge_without_new_syntax_errors() {
    for dir in fixture_dirs() {
        let folder = dir.file_name().unwrap().to_string_lossy().into_owned();
        let Some(file) = fixture_file(&dir, "fail") else {
            continue;
        };
        let original = std::fs::read(dir.join(&file)).unwrap();
        let mut text = String::from_utf8_lossy(&original).into_owned();
        let syntax_before = count_syntax(&lint_text(&folder, &file, &text));
        let mut rounds = 0;
        loop {
            let r = lint_text(&folder, &file, &text);
            let mut changes = apply_safe_fixes(&r.sources, &r.diagnostics, true);
            match changes.remove(&r.inputs[0]) {
                Some(new) if new != text => text = new,
                _ => break,
            }
            rounds += 1;
            assert!(rounds < 10, "{folder}: fixes do not converge:\n{text}");
        }
        let after = count_syntax(&lint_text(&folder, &file, &text));
        assert!(
            after <= syntax_before,
            "{folder}: fixes introduced syntax errors:\n{text}"
        );
    }
}

fn lint_text(folder: &str, file: &str, text: &str) -> LintResult {
    let dir = fixtures_dir().join(folder);
    let mut provider = MemoryProvider::new();
    for e in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        provider.insert(&format!("{folder}/{name}"), std::fs::read(e.path()).unwrap());
    }
    provider.insert(&format!("{folder}/{file}"), text.as_bytes().to_vec());
    let version = std::fs::read_to_string(dir.join(".srs-check.toml"))
        .ok()
        .and_then(|t| Settings::parse(&t).ok())
        .and_then(|s| s.srs_version);
    let options = LintOptions {
        version,
        ..LintOptions::default()
    };
    lint_paths(&provider, &[format!("{folder}/{file}")], &options)
}

/// Syntax errors of SRS configs and of YAML.
fn count_syntax(r: &LintResult) -> usize {
    r.diagnostics
        .iter()
        .filter(|d| d.code == "SRS001" || d.code == "SRS401")
        .count()
}

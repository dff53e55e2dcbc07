//! End-to-end tests of the `srs-check` binary over `fixtures/`: exit codes,
//! every output format (the JSON contract, SARIF against the OASIS schema),
//! settings files, stdin and `--fix`.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn srs_check(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_srs-check"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .output()
        .expect("srs-check runs")
}

fn with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_srs-check"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

const SEED: &str = "fixtures/examples/seed-guide";

#[test]
fn the_seed_guide_fails_with_its_known_mistakes() {
    let o = srs_check(&["lint", "--no-config", SEED], &root());
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let v = json_of(&srs_check(&["lint", "--no-config", "--format", "json", SEED], &root()));
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // Glued hosts and coworkers without the HTTP API port, as published.
    assert!(codes.contains(&"SRS307"), "{codes:?}");
    assert!(codes.contains(&"SRS306"), "{codes:?}");
    let o = srs_check(&["lint", "--no-config", "fixtures/examples/seed-fixed"], &root());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("No problems found in 2 files."));
}

#[test]
fn json_output_is_the_documented_contract() {
    let o = srs_check(
        &[
            "lint",
            "--no-config",
            "--format",
            "json",
            "fixtures/examples/seed-guide/edge.conf",
        ],
        &root(),
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json_of(&o);
    assert_eq!(v["version"], 1);
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    for d in diags {
        for key in ["code", "name", "severity", "message", "file"] {
            assert!(d[key].is_string(), "{key} in {d}");
        }
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(d[key].as_u64().is_some_and(|n| n >= 1), "{key} in {d}");
        }
        assert!(d["notes"].is_array());
        assert!(d["fix"].is_null() || d["fix"]["edits"].is_array());
        assert_eq!(
            d["file"], "fixtures/examples/seed-guide/edge.conf",
            "file as given on the command line"
        );
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
    }
    let glued = diags
        .iter()
        .find(|d| d["code"] == "SRS307")
        .expect("glued hosts reported");
    // `origin srs-origin-0.socssrs-origin-1.socs …` is on line 18, the hosts at column 25.
    assert_eq!((glued["line"].as_u64(), glued["column"].as_u64()), (Some(18), Some(25)));
    assert_eq!(
        (glued["end_line"].as_u64(), glued["end_column"].as_u64()),
        (Some(18), Some(59))
    );
    let s = &v["summary"];
    assert_eq!(s["files"], 1);
    assert_eq!(
        s["errors"].as_u64().unwrap() as usize,
        diags.iter().filter(|d| d["severity"] == "error").count()
    );
    assert!(s["warnings"].is_u64());
}

#[test]
fn sarif_validates_against_the_schema() {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for target in [SEED, "fixtures/checks"] {
        let o = srs_check(&["lint", "--no-config", "--format", "sarif", target], &root());
        let v = json_of(&o);
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{target}: {errors:#?}");
        let run = &v["runs"][0];
        assert!(!run["results"].as_array().unwrap().is_empty());
        assert!(run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["helpUri"].is_string()));
    }
}

#[test]
fn github_format_is_workflow_commands() {
    let o = srs_check(&["lint", "--no-config", "--format", "github", SEED], &root());
    let out = stdout(&o);
    assert!(!out.is_empty());
    for line in out.lines() {
        assert!(
            line.starts_with("::error file=")
                || line.starts_with("::warning file=")
                || line.starts_with("::notice file="),
            "{line}"
        );
        assert!(line.contains(",line=") && line.contains(",col="), "{line}");
    }
}

#[test]
fn text_output_has_code_frames_and_colour_only_when_asked() {
    let o = srs_check(&["lint", "--no-config", SEED], &root());
    let out = stdout(&o);
    assert!(out.contains("error[SRS307/glued-hosts]"), "{out}");
    assert!(out.contains("┌─ fixtures/examples/seed-guide/edge.conf:18:25"), "{out}");
    assert!(out.trim_end().ends_with("in 2 files."), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour when not a terminal");
    let coloured = stdout(&srs_check(&["lint", "--no-config", "--color", "always", SEED], &root()));
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.conf");
    std::fs::write(&clean, "listen 1935;\ndaemon off;\n").unwrap();
    let warn = dir.path().join("warn.conf");
    std::fs::write(&warn, "listen 1935;\nmax_connections 1000 2000;\n").unwrap();
    let run = |args: &[&str]| srs_check(args, dir.path()).status.code();
    assert_eq!(run(&["lint", "clean.conf"]), Some(0));
    assert_eq!(run(&["lint", "warn.conf"]), Some(0));
    assert_eq!(run(&["lint", "--deny-warnings", "warn.conf"]), Some(1));
    assert_eq!(run(&["lint", "missing.conf"]), Some(2));
    assert_eq!(run(&["lint", "--srs-version", "9", "clean.conf"]), Some(2));
    assert_eq!(run(&["lint", "--format", "xml", "clean.conf"]), Some(2));
    assert_eq!(run(&["lint"]), Some(2));
    assert_eq!(run(&["explain", "SRS999"]), Some(2));
}

#[test]
fn stdin_is_read_with_a_name() {
    let o = with_stdin(
        &[
            "lint",
            "--no-config",
            "--format",
            "json",
            "--stdin-filename",
            "srs.conf",
            "-",
        ],
        b"listen 1935;\norgin_cluster on;\n",
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json_of(&o);
    assert_eq!(v["diagnostics"][0]["file"], "srs.conf");
    assert_eq!(v["diagnostics"][0]["code"], "SRS101");
    // Binary junk on stdin is reported, not a crash.
    let o = with_stdin(&["lint", "--no-config", "-"], &[0xff, 0xfe, 0, b'{', b'{', b'\n', 0x80]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn settings_file_is_found_upward_and_applied() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("k8s/srs")).unwrap();
    std::fs::write(
        dir.path().join(".srs-check.toml"),
        "srs-version = 4\n[checks]\ndisable = [\"argument-count\"]\nseverity = { SRS108 = \"error\" }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("k8s/srs/srs.conf"),
        "listen 1935;\nmax_connections 1 2;\ndaemon off;\ndaemon off;\nvhost v { srt { enabled on; } }\n",
    )
    .unwrap();
    let o = srs_check(&["lint", "--format", "json", "k8s/srs/srs.conf"], dir.path());
    let v = json_of(&o);
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"SRS106"), "disabled: {codes:?}");
    let dup = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SRS108")
        .unwrap();
    assert_eq!(dup["severity"], "error");
    // vhost.srt is a 5.0 directive: SRS 4 from the settings refuses it.
    assert!(codes.contains(&"SRS102"), "{codes:?}");
    // The flag wins over the file.
    let v = json_of(&srs_check(
        &["lint", "--format", "json", "--srs-version", "6", "k8s/srs/srs.conf"],
        dir.path(),
    ));
    assert!(!v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "SRS102"));
    // A broken settings file is a usage error with its location.
    std::fs::write(dir.path().join(".srs-check.toml"), "srs-version = 9\n").unwrap();
    let o = srs_check(&["lint", "k8s/srs/srs.conf"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(".srs-check.toml:1"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn suppression_comments() {
    let o = with_stdin(
        &["lint", "--no-config", "-"],
        b"listen 1935;\n# srs-check: ignore[SRS101]\nfoo on;\nbar on; # srs-check: ignore[unknown-directive]\n",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn fix_rewrites_files_until_clean() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("srs.conf");
    std::fs::write(
        &f,
        "listen 1935\ndaemon off;\nhttp_api { enabled on; }\nvhost v {\n    gop_cache off;\n    cluster { orgin_cluster on; coworkers 10.0.0.2:1985; }\n    hls on;\n}\n",
    )
    .unwrap();
    let o = srs_check(&["lint", "--no-config", "--fix", "srs.conf"], dir.path());
    let fixed = std::fs::read_to_string(&f).unwrap();
    assert_eq!(o.status.code(), Some(0), "{}\n{fixed}", stdout(&o));
    assert!(fixed.contains("listen 1935;"), "{fixed}");
    assert!(fixed.contains("origin_cluster on"), "{fixed}");
    assert!(fixed.contains("play { gop_cache off; }"), "{fixed}");
    assert!(fixed.contains("hls { enabled on; }"), "{fixed}");
}

#[test]
fn checks_and_explain() {
    let o = srs_check(&["checks", "--format", "json"], &root());
    let v = json_of(&o);
    assert!(v.as_array().unwrap().len() >= 30);
    let o = srs_check(&["explain", "coworker-without-port"], &root());
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("# SRS306 coworker-without-port"), "{out}");
    assert!(out.contains("## Why is this bad?"));
    let md = stdout(&srs_check(&["checks", "--format", "markdown"], &root()));
    assert_eq!(
        md,
        std::fs::read_to_string(root().join("docs/checks/README.md")).unwrap()
    );
}

#[test]
fn directories_are_searched_in_order() {
    let o = srs_check(
        &["lint", "--no-config", "--format", "json", "fixtures/examples"],
        &root(),
    );
    let v = json_of(&o);
    // seed-guide/ and seed-fixed/ (2 .conf each), seed-k8s/ and seed-k8s-fixed/ (3 .yaml each), 2 .md pages,
    // env-helm/ and env-mixed/ (1 .yaml each), sampler/ (1 .yaml), single-host-cluster/ (4 .conf).
    assert_eq!(v["summary"]["files"], 19);
    let files: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    let mut sorted = files.clone();
    sorted.sort_unstable();
    assert_eq!(files, sorted);
}

#[test]
fn the_sampler_has_one_mistake_of_each_kind_and_says_so_in_comments() {
    let v = json_of(&srs_check(
        &["lint", "--no-config", "--format", "json", "fixtures/examples/sampler"],
        &root(),
    ));
    let mut codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        [
            "SRS101", "SRS306", "SRS307", "SRS404", "SRS405", "SRS407", "SRS501", "SRS504", "SRS510", "SRS511",
            "SRS512", "SRS520", "SRS522", "SRS524", "SRS530", "SRS540", "SRS550"
        ]
    );
    // Every finding is announced by a comment in the lines just above it.
    let text = std::fs::read_to_string(root().join("fixtures/examples/sampler/deployment.yaml")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for d in v["diagnostics"].as_array().unwrap() {
        let line = usize::try_from(d["line"].as_u64().unwrap()).unwrap();
        let before = &lines[line.saturating_sub(8)..line];
        assert!(
            before.iter().any(|l| l.trim_start().starts_with('#')),
            "no comment above line {line} ({})",
            d["code"]
        );
    }
}

#[test]
fn the_single_host_cluster_is_clean_and_its_origins_redirect() {
    let dir = "fixtures/examples/single-host-cluster";
    let v = json_of(&srs_check(&["lint", "--no-config", "--format", "json", dir], &root()));
    assert_eq!(v["diagnostics"], serde_json::json!([]));
    let sim = json_of(&srs_check(
        &["simulate", "--no-config", "--format", "json", "--players", "300", dir],
        &root(),
    ));
    let pods = sim["pods"].as_array().unwrap();
    assert_eq!(pods.len(), 4);
    assert_eq!(sim["play"]["failed"], 0, "{sim}");
    assert_eq!(sim["publish"]["accepted"], 100);
}

#[test]
fn manifests_markdown_and_heredocs_point_at_the_users_lines() {
    let v = json_of(&srs_check(
        &["lint", "--no-config", "--format", "json", "fixtures/examples/seed-k8s"],
        &root(),
    ));
    let at: Vec<(String, String, u64, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let origin = "fixtures/examples/seed-k8s/2-origin.yaml".to_string();
    let edge = "fixtures/examples/seed-k8s/3-edge.yaml".to_string();
    assert!(at.contains(&("SRS307".into(), origin.clone(), 24, 29)), "{at:?}");
    assert!(at.contains(&("SRS306".into(), origin, 24, 64)), "{at:?}");
    assert!(at.contains(&("SRS307".into(), edge.clone(), 23, 29)), "{at:?}");
    // The typo only the deployment model can see: no pod is called `srs-origin2`.
    assert!(at.contains(&("SRS501".into(), edge, 23, 64)), "{at:?}");

    // The same deployment as a Markdown page, one step as a heredoc in a ```bash block.
    let v = json_of(&srs_check(
        &[
            "lint",
            "--no-config",
            "--format",
            "json",
            "fixtures/examples/seed-k8s.md",
        ],
        &root(),
    ));
    let lines: Vec<(u64, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    // Glued coworkers, a portless coworker, glued origins, and the typo `srs-origin2.socs`.
    assert_eq!(lines, [(71, 29), (71, 64), (227, 29), (227, 64)]);

    for fixed in [
        "fixtures/examples/seed-k8s-fixed",
        "fixtures/examples/seed-k8s-fixed.md",
    ] {
        let o = srs_check(&["lint", "--no-config", fixed], &root());
        assert_eq!(o.status.code(), Some(0), "{fixed}: {}", stdout(&o));
    }
}

#[test]
fn fixes_apply_inside_a_configmap() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("origin.yaml");
    std::fs::write(
        &f,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: srs\ndata:\n  srs.conf: |\n    listen 1935;\n    daemon off;\n    http_api { enabled on; }\n    vhost v {\n        cluster { orgin_cluster on; coworkers b:1985; }\n    }\n",
    )
    .unwrap();
    let o = srs_check(&["lint", "--no-config", "--fix", "origin.yaml"], dir.path());
    let fixed = std::fs::read_to_string(&f).unwrap();
    assert_eq!(o.status.code(), Some(0), "{}\n{fixed}", stdout(&o));
    assert!(
        fixed.contains("        cluster { origin_cluster on; coworkers b:1985; }\n"),
        "{fixed}"
    );
}

#[test]
fn graph_prints_the_deployment_model() {
    let o = srs_check(&["graph", "--no-config", "fixtures/examples/seed-k8s"], &root());
    assert_eq!(o.status.code(), Some(0));
    let v = json_of(&o);
    let pods: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "pod")
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    for p in ["srs-origin-0", "srs-origin-1", "srs-origin-2"] {
        assert!(pods.contains(&p), "{pods:?}");
    }
    // The typo is a host name that resolves to nothing, with its suggestion.
    let typo = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "host-name" && n["name"] == "srs-origin2.socs")
        .unwrap();
    assert_eq!(typo["resolution"], "unknown");
    assert_eq!(typo["suggestion"], "srs-origin-2.socs");
    let dot = stdout(&srs_check(
        &["graph", "--no-config", "--format", "dot", "fixtures/examples/seed-k8s"],
        &root(),
    ));
    assert!(dot.starts_with("digraph deployment {"), "{dot}");
}

#[test]
fn diff_shows_fixes_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("srs.conf");
    let original = "listen 1935\ndaemon off;\n";
    std::fs::write(&f, original).unwrap();
    let o = srs_check(&["lint", "--no-config", "--diff", "srs.conf"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("--- srs.conf") && out.contains("-listen 1935\n+listen 1935;"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&f).unwrap(), original);
    std::fs::write(&f, "listen 1935;\ndaemon off;\n").unwrap();
    assert_eq!(
        srs_check(&["lint", "--no-config", "--diff", "srs.conf"], dir.path())
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn one_run_is_one_deployment() {
    let dir = tempfile::tempdir().unwrap();
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: srs\ndata:\n  a: b\n";
    std::fs::write(dir.path().join("a.yaml"), cm).unwrap();
    std::fs::write(dir.path().join("b.yaml"), cm).unwrap();
    let v = json_of(&srs_check(
        &["lint", "--no-config", "--format", "json", "a.yaml", "b.yaml"],
        dir.path(),
    ));
    let dup: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "SRS407")
        .collect();
    assert_eq!(dup.len(), 1, "{v}");
    assert_eq!(dup[0]["file"], "b.yaml");
    // In another namespace they are two objects.
    let v = json_of(&srs_check(
        &["lint", "--no-config", "--format", "json", "a.yaml"],
        dir.path(),
    ));
    assert!(!v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "SRS407"));
}

#[test]
fn helm_template_output_on_stdin() {
    // `helm template … | srs-check lint -`: a chart that configures SRS only by variables.
    let chart = std::fs::read(root().join("fixtures/examples/env-helm/srs.yaml")).unwrap();
    let o = with_stdin(&["lint", "--no-config", "-"], &chart);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("No problems found"), "{}", stdout(&o));

    // A variable that turns daemon on is reported at the variable.
    let text = String::from_utf8(chart).unwrap();
    let broken = text
        .replace(
            "SRS_DAEMON\n              value: \"off\"",
            "SRS_DAEMON\n              value: \"on\"",
        )
        .replace("SRS_VHOST_HLS_ENABLED", "SRS_VHOST_HLS_ENABLE");
    let o = with_stdin(&["lint", "--no-config", "--format", "json", "-"], broken.as_bytes());
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let v = json_of(&o);
    let at: Vec<(String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap_or(0)))
        .collect();
    assert!(at.contains(&("SRS530".to_string(), 63)), "{at:?}");
    assert!(at.contains(&("SRS550".to_string(), 78)), "{at:?}");

    // The model shows the server built from the variables.
    let o = with_stdin(&["graph", "--format", "json", "-"], text.as_bytes());
    let v = json_of(&o);
    let server = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "srs-server")
        .expect("an srs-server node");
    assert_eq!(server["env_only"], true);
    assert_eq!(server["listen"][0]["port"], 1935);
    assert!(v["unresolved"].as_array().unwrap().is_empty());
}

#[test]
fn env_overrides_point_at_the_env_entry() {
    let o = srs_check(
        &["lint", "--no-config", "--format", "json", "fixtures/examples/env-mixed"],
        &root(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let v = json_of(&o);
    let found: Vec<(String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap_or(0)))
        .collect();
    // HLS moved off the shared volume by SRS_VHOST_HLS_HLS_PATH, the
    // override itself, and the misspelt SRS_MAX_CONECTIONS.
    assert!(found.contains(&("SRS523".to_string(), 80)), "{found:?}");
    assert!(found.contains(&("SRS553".to_string(), 78)), "{found:?}");
    assert!(found.contains(&("SRS550".to_string(), 81)), "{found:?}");
    // The coworkers cannot reach an API that SRS_HTTP_API_ENABLED turns off.
    let coworker = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SRS503")
        .expect("SRS503");
    assert_eq!(coworker["labels"][0]["line"], 78, "{coworker}");
}

// ---- simulate ----------------------------------------------------------

const SEED_K8S_FIXED: &str = "fixtures/examples/seed-k8s-fixed";

#[test]
fn simulate_json_is_the_contract_and_byte_identical_across_runs() {
    let args = [
        "simulate",
        "--no-config",
        SEED_K8S_FIXED,
        "--streams",
        "300",
        "--players",
        "3000",
        "--zipf",
        "1.0",
        "--protocol",
        "rtmp=70,flv=20",
        "--protocol",
        "hls=10",
        "--seed",
        "42",
        "--nic-mbps",
        "1000",
        "--find-capacity",
        "--trace",
        "s0",
        "--format",
        "json",
    ];
    let a = srs_check(&args, &root());
    assert_eq!(a.status.code(), Some(0), "{}", String::from_utf8_lossy(&a.stderr));
    let b = srs_check(&args, &root());
    assert_eq!(a.stdout, b.stdout, "same inputs and seed, same bytes");
    let v = json_of(&a);
    assert_eq!(v["seed"], 42);
    for key in ["attempted", "accepted", "rejected", "by_reason"] {
        assert!(v["publish"].get(key).is_some(), "publish.{key}");
    }
    for key in ["attempted", "ok", "redirected", "failed", "by_reason", "startup_ms"] {
        assert!(v["play"].get(key).is_some(), "play.{key}");
    }
    for key in ["p50", "p95", "max"] {
        assert!(v["play"]["startup_ms"].get(key).is_some(), "startup_ms.{key}");
    }
    let buckets = v["play"]["startup_histogram"].as_array().unwrap();
    assert_eq!(buckets.first().map(|b| &b["from_ms"]), Some(&serde_json::json!(0)));
    assert_eq!(buckets.last().map(|b| &b["to_ms"]), Some(&serde_json::Value::Null));
    let started: u64 = buckets.iter().map(|b| b["players"].as_u64().unwrap()).sum();
    assert_eq!(
        Some(started),
        v["play"]["ok"].as_u64(),
        "the histogram counts every play that started"
    );
    let pods = v["pods"].as_array().unwrap();
    assert!(pods
        .iter()
        .any(|p| p["name"] == "srs-origin-0" && p["role"] == "origin"));
    for key in [
        "name",
        "role",
        "streams",
        "connections",
        "max_connections",
        "egress_mbps",
    ] {
        assert!(pods[0].get(key).is_some(), "pods[].{key}");
    }
    assert!(v["capacity"]["streams"].is_u64());
    assert!(!v["trace"]["hops"].as_array().unwrap().is_empty());
    let other = srs_check(&args.map(|a| if a == "42" { "43" } else { a }), &root());
    assert_ne!(a.stdout, other.stdout, "another seed, other picks");
}

#[test]
fn simulate_text_shows_where_the_seeds_streams_land() {
    let o = srs_check(
        &[
            "simulate",
            "--no-config",
            SEED_K8S_FIXED,
            "--streams",
            "3000",
            "--players",
            "0",
        ],
        &root(),
    );
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("published to srs-edge-service:1935"), "{text}");
    assert!(text.contains("2000  max-connections at srs-origin-0"), "{text}");
    assert!(text.contains("bottleneck: srs-origin-0"), "{text}");
}

#[test]
fn simulate_plain_configs_on_one_host() {
    let o = srs_check(
        &[
            "simulate",
            "--no-config",
            "fixtures/sim/observed",
            "--streams",
            "10",
            "--players",
            "100",
            "--publish-to",
            "127.0.0.1:19352",
            "--play-from",
            "127.0.0.1:19361",
            "--format",
            "json",
        ],
        &root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v = json_of(&o);
    assert_eq!(v["play"]["ok"], 100);
    assert_eq!(
        v["play"]["redirected"], 100,
        "the edge pulls from O1 first and follows its 302"
    );
}

#[test]
fn simulate_usage_errors_exit_2() {
    for args in [
        vec!["simulate", "--no-config", SEED_K8S_FIXED, "--fail", "srs-origin-7"],
        vec!["simulate", "--no-config", SEED_K8S_FIXED, "--protocol", "webrtc"],
        vec![
            "simulate",
            "--no-config",
            SEED_K8S_FIXED,
            "--publish-to",
            "srs-edge-servce",
        ],
        vec!["simulate", "--no-config", SEED_K8S_FIXED, "--streams", "99999999999"],
    ] {
        let o = srs_check(&args, &root());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!o.stderr.is_empty());
    }
}

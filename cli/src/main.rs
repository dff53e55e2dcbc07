//! `srs-check`: lint SRS configs before you deploy them.
//!
//! A thin shell over `srs-check-core`: it parses arguments, finds files and
//! settings, renders, and sets the exit code. Every rule lives in the core.

mod discover;
mod disk;

use clap::{Parser, Subcommand, ValueEnum};
use srs_check_core::checks::{docs, registry};
use srs_check_core::fix;
use srs_check_core::render::{self, text};
use srs_check_core::settings::{Settings, FILE_NAME};
use srs_check_core::sim;
use srs_check_core::{lint_inputs, Input, LintOptions, LintResult, Severity, SrsVersion};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "srs-check",
    version,
    about = "Lint SRS (ossrs/srs) configs before you deploy them"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint SRS config files (directories are searched for *.conf; `-` reads stdin).
    Lint(LintArgs),
    /// List every check.
    Checks {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print the documentation of one check (by code or name).
    Explain { check: String },
    /// Print the deployment model (pods, containers, SRS servers, services,
    /// volumes and the hosts configs name) as JSON or Graphviz.
    Graph(GraphArgs),
    /// Route publishers and players through the deployment the way SRS does:
    /// where streams land, which plays are redirected, slow or fail, which pod
    /// runs out first, and (with --find-capacity) how much it carries.
    Simulate(SimulateArgs),
}

/// What `lint` and `graph` read, and how.
#[derive(clap::Args)]
struct InputArgs {
    /// Files or directories (SRS configs, Kubernetes YAML, Markdown, shell scripts); `-` for standard input.
    #[arg(required = true)]
    paths: Vec<String>,
    /// SRS major version the configs are for [default: from .srs-check.toml, else 6;
    /// a config in a ConfigMap is checked for the version of the image that runs it].
    #[arg(long, value_parser = clap::value_parser!(u8).range(3..=7))]
    srs_version: Option<u8>,
    /// Directory relative `include` paths resolve against (SRS's working directory)
    /// [default: each config's own directory].
    #[arg(long)]
    include_base: Option<String>,
    /// Settings file to use instead of searching for .srs-check.toml.
    #[arg(long, conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any .srs-check.toml.
    #[arg(long)]
    no_config: bool,
    /// Name to show for standard input.
    #[arg(long, default_value = "<stdin>")]
    stdin_filename: String,
    /// Namespace of Kubernetes objects that set none.
    #[arg(long, default_value = "default")]
    namespace: String,
}

#[derive(clap::Args)]
struct LintArgs {
    #[command(flatten)]
    input: InputArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Apply safe fixes to the files, then report what is left.
    #[arg(long)]
    fix: bool,
    /// Show the fixes as a unified diff instead of writing them; exit 1 when there are any.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// With --fix or --diff, apply unsafe fixes too.
    #[arg(long)]
    unsafe_fixes: bool,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(clap::Args)]
struct GraphArgs {
    #[command(flatten)]
    input: InputArgs,
    #[arg(long, value_enum, default_value_t = GraphFormat::Json)]
    format: GraphFormat,
}

#[derive(clap::Args)]
#[allow(clippy::struct_field_names)]
struct SimulateArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Streams published (live/s0, live/s1, …).
    #[arg(long, default_value_t = 100)]
    streams: u64,
    /// Players, spread over the streams.
    #[arg(long, default_value_t = 1000)]
    players: u64,
    /// Spread players by Zipf popularity with this exponent (e.g. 1.0) instead of uniformly.
    #[arg(long)]
    zipf: Option<f64>,
    /// Bitrate of every stream, in kbit/s.
    #[arg(long, default_value_t = 1000)]
    bitrate_kbps: u64,
    /// Where publishers connect: a Service, a pod's DNS name, a pod name or host:port
    /// [default: the LoadBalancer Service that exposes 1935; on one host, the first edge].
    #[arg(long)]
    publish_to: Option<String>,
    /// Where players connect (same forms) [default: as --publish-to's default; HLS: the
    /// LoadBalancer Service in front of Nginx].
    #[arg(long)]
    play_from: Option<String>,
    /// Players' protocols: `rtmp`, `flv`, `hls`, or a mix of weights `rtmp=70,flv=20,hls=10`;
    /// repeatable (the weights add up) [default: rtmp].
    #[arg(long)]
    protocol: Vec<String>,
    /// A pod that is down (repeatable).
    #[arg(long)]
    fail: Vec<String>,
    /// Seed of kube-proxy's random picks.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Egress each pod's network interface carries, in Mbit/s; pods above it are overloaded.
    #[arg(long)]
    nic_mbps: Option<u64>,
    /// RTMP players follow an RTMP 302 (SRS edges always do; ffmpeg does not).
    #[arg(long)]
    follow_redirect: bool,
    /// Publishers per stream (a second one of the same stream is refused where the first is).
    #[arg(long, default_value_t = 1)]
    publishers_per_stream: u32,
    /// Also find the most streams (and players) the deployment carries, with all pods up
    /// and with each pod down.
    #[arg(long)]
    find_capacity: bool,
    /// Show one stream's hops (`s0`, `12`).
    #[arg(long)]
    trace: Option<String>,
    #[arg(long, value_enum, default_value_t = SimFormat::Text)]
    format: SimFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum SimFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Json,
    /// Graphviz.
    Dot,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A failure that is the user's setup, not their configs: exit 2.
struct Fatal(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = match cli.command {
        Command::Lint(args) => lint(&args),
        Command::Graph(args) => graph(&args),
        Command::Simulate(args) => simulate(&args),
        Command::Checks { format } => {
            print(&match format {
                ListFormat::Text => docs::index_text(),
                ListFormat::Json => docs::index_json(),
                ListFormat::Markdown => docs::index_markdown(),
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { check } => match registry::find(&check) {
            Some(m) => {
                print(&docs::check_markdown(m));
                Ok(ExitCode::SUCCESS)
            }
            None => Err(Fatal(format!("unknown check `{check}`; `srs-check checks` lists them"))),
        },
    };
    match out {
        Ok(code) => code,
        Err(Fatal(msg)) => {
            eprintln!("srs-check: {msg}");
            ExitCode::from(2)
        }
    }
}

fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`srs-check … | head`) is not an error worth a panic.
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

/// The files to read and the options to read them with.
fn prepare(args: &InputArgs) -> Result<(Vec<String>, LintOptions), Fatal> {
    let files = discover::expand(&args.paths).map_err(Fatal)?;
    let (settings, settings_dir) = load_settings(args, files.first().map(String::as_str))?;
    let resolved = settings.resolve().map_err(|e| Fatal(format!("{FILE_NAME}: {e}")))?;
    let version = match args.srs_version {
        Some(v) => SrsVersion::from_major(u64::from(v)),
        None => settings.srs_version,
    };
    let include_base = args.include_base.clone().or_else(|| {
        settings.include_base.as_ref().map(|b| match &settings_dir {
            Some(dir) => dir.join(b).to_string_lossy().into_owned(),
            None => b.clone(),
        })
    });
    let options = LintOptions {
        version,
        include_base,
        namespace: Some(args.namespace.clone()),
        settings: resolved,
    };
    Ok((files, options))
}

fn graph(args: &GraphArgs) -> Result<ExitCode, Fatal> {
    let (files, options) = prepare(&args.input)?;
    let inputs = read_inputs(&files, &args.input.stdin_filename)?;
    let result = lint_inputs(&disk::DiskProvider, inputs, &options);
    let out = match args.format {
        GraphFormat::Json => {
            let mut s = serde_json::to_string_pretty(&result.deployment.to_json()).expect("JSON values serialise");
            s.push('\n');
            s
        }
        GraphFormat::Dot => result.deployment.to_dot(),
    };
    print(&out);
    Ok(ExitCode::SUCCESS)
}

fn simulate(args: &SimulateArgs) -> Result<ExitCode, Fatal> {
    let protocols = if args.protocol.is_empty() {
        sim::ProtocolMix::default()
    } else {
        sim::ProtocolMix::parse(&args.protocol.join(",")).map_err(|e| Fatal(e.to_string()))?
    };
    let scenario = sim::Scenario {
        streams: args.streams,
        players: args.players,
        zipf: args.zipf,
        bitrate_kbps: args.bitrate_kbps,
        publish_to: args.publish_to.clone(),
        play_from: args.play_from.clone(),
        protocols,
        fail: args.fail.clone(),
        seed: args.seed,
        nic_mbps: args.nic_mbps,
        follow_redirect: args.follow_redirect,
        publishers_per_stream: args.publishers_per_stream,
        find_capacity: args.find_capacity,
        trace: args.trace.clone(),
    };
    let (files, options) = prepare(&args.input)?;
    let inputs = read_inputs(&files, &args.input.stdin_filename)?;
    let result = lint_inputs(&disk::DiskProvider, inputs, &options);
    let report = sim::simulate(&result, &scenario).map_err(|e| Fatal(e.to_string()))?;
    print(&match args.format {
        SimFormat::Text => report.to_text(),
        SimFormat::Json => report.to_json(),
    });
    Ok(ExitCode::SUCCESS)
}

fn lint(args: &LintArgs) -> Result<ExitCode, Fatal> {
    let (files, options) = prepare(&args.input)?;
    let provider = disk::DiskProvider;
    let inputs = read_inputs(&files, &args.input.stdin_filename)?;

    if args.diff {
        let outcome = fix::fix_until_stable(&provider, inputs, &options, args.unsafe_fixes, 10);
        let mut out = String::new();
        for c in &outcome.changed {
            let diff = similar::TextDiff::from_lines(&c.before, &c.after);
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&c.name, &c.name)
                    .to_string(),
            );
        }
        print(&out);
        eprintln!("srs-check: {} file(s) would be changed", outcome.changed.len());
        return Ok(if outcome.changed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let result = if args.fix {
        let outcome = fix::fix_until_stable(&provider, inputs, &options, args.unsafe_fixes, 10);
        for c in &outcome.changed {
            if c.name == args.input.stdin_filename {
                continue;
            }
            std::fs::write(&c.name, &c.after).map_err(|e| Fatal(format!("cannot write {}: {e}", c.name)))?;
        }
        if !outcome.changed.is_empty() {
            eprintln!("srs-check: fixed {} file(s)", outcome.changed.len());
        }
        outcome.result
    } else {
        lint_inputs(&provider, inputs, &options)
    };
    print(&render_result(&result, args));

    let failing = result.count(Severity::Error) > 0 || (args.deny_warnings && result.count(Severity::Warning) > 0);
    // The process ends here: freeing a big run's trees one by one would
    // only delay the exit (a tenth of a second on 20,000 objects).
    std::mem::forget(result);
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn render_result(result: &LintResult, args: &LintArgs) -> String {
    let files = result.inputs.len();
    match args.format {
        Format::Text => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            text::render(&result.sources, &result.diagnostics, files, color)
        }
        Format::Json => render::json::render(&result.sources, &result.diagnostics, files),
        Format::Sarif => render::sarif::render(&result.sources, &result.diagnostics),
        Format::Github => render::github::render(&result.sources, &result.diagnostics),
    }
}

fn read_inputs(files: &[String], stdin_name: &str) -> Result<Vec<Input>, Fatal> {
    let mut inputs = Vec::with_capacity(files.len());
    for f in files {
        if f == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(disk::MAX_READ)
                .read_to_end(&mut bytes)
                .map_err(|e| Fatal(format!("cannot read standard input: {e}")))?;
            inputs.push(Input {
                name: stdin_name.to_string(),
                bytes,
            });
        } else {
            let bytes = disk::read_limited(Path::new(f)).map_err(|e| Fatal(format!("cannot read {f}: {e}")))?;
            inputs.push(Input { name: f.clone(), bytes });
        }
    }
    Ok(inputs)
}

/// The settings and the directory of the file they came from.
fn load_settings(args: &InputArgs, first_input: Option<&str>) -> Result<(Settings, Option<PathBuf>), Fatal> {
    if args.no_config {
        return Ok((Settings::default(), None));
    }
    let path = if let Some(p) = &args.config {
        Some(p.clone())
    } else {
        let start = match first_input {
            Some(f) if f != "-" => Path::new(f).parent().map(Path::to_path_buf).unwrap_or_default(),
            _ => PathBuf::from("."),
        };
        discover::find_upward(&start, FILE_NAME)
    };
    let Some(path) = path else {
        return Ok((Settings::default(), None));
    };
    let text = std::fs::read_to_string(&path).map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
    let settings = Settings::parse(&text).map_err(|e| {
        let at = e.span.map_or(String::new(), |r| {
            let line = text[..r.start.min(text.len())].matches('\n').count() + 1;
            format!(":{line}")
        });
        Fatal(format!("{}{at}: {}", path.display(), e.message))
    })?;
    Ok((settings, path.parent().map(Path::to_path_buf)))
}

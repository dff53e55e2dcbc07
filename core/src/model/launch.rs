//! Which program a container starts and, when it is SRS, which config file
//! SRS reads.
//!
//! The command line is the container's `command` followed by its `args`;
//! without a `command` the image's own is used. For SRS images that is
//! `CMD ["./objs/srs", "-c", "conf/srs.conf"]` with no `ENTRYPOINT`, in
//! `WORKDIR /usr/local/srs` (ossrs/srs `trunk/Dockerfile`), so `args` alone
//! replace the whole command. SRS is the first word whose file name is
//! `srs`, or a command of a `sh -c` script. Its options are read as
//! `SrsConfig::parse_argv` reads them: `-c file`, `-cfile` and combined
//! flags (`-tc file`); the last `-c` wins; `-e` ignores the file (5.0+).
//! From 5.0, a non-empty `SRS_CONFIG_FILE` overrides `-c` and a non-empty
//! `SRS_ENV_ONLY` ignores the file; the model applies them unless the image
//! says the version is older (only literal `value`s are read).

use super::image;
use crate::k8s::path;
use crate::k8s::slim::Container;
use crate::provider;
use crate::schema::SrsVersion;
use crate::source::Span;
use crate::yaml::Node;

/// The working directory of SRS images, where relative paths start.
pub const SRS_WORKDIR: &str = "/usr/local/srs";

/// The config path in SRS images' default command.
pub const DEFAULT_CONFIG: &str = "conf/srs.conf";

/// Where the config path came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PathFrom {
    /// `-c` on the command line.
    Flag,
    /// The image's default command.
    ImageDefault,
    /// The `SRS_CONFIG_FILE` variable.
    Env,
}

/// The config an SRS process reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigChoice {
    File {
        /// Absolute and normalised (`/usr/local/srs/conf/srs.conf`).
        path: String,
        /// As written (`conf/srs.conf`).
        written: String,
        from: PathFrom,
        /// The word that gives the path (or the image when it is the default).
        span: Option<Span>,
    },
    /// `-e` or `SRS_ENV_ONLY`: no file, the configuration is all in `SRS_*` variables.
    EnvOnly { span: Option<Span> },
    /// SRS is started without `-c` (it prints its help and exits).
    NoFlag { span: Option<Span> },
}

/// What a container starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Launch {
    Srs(ConfigChoice),
    Other,
}

/// One word of the command line and where it is written.
#[derive(Clone, Debug)]
struct Arg {
    text: String,
    span: Option<Span>,
}

/// What `container` (read from `node`, its YAML mapping, for spans) starts.
pub fn launch(container: &Container, node: Option<Node<'_>>) -> Launch {
    let span_at = |steps: &[&str]| node.and_then(|n| path::at(n, steps)).map(|n| n.span);
    let words = |field: &str, list: &Option<Vec<compact_str::CompactString>>| -> Vec<Arg> {
        list.iter()
            .flatten()
            .enumerate()
            .map(|(i, text)| Arg {
                text: text.to_string(),
                span: span_at(&[field, &i.to_string()]),
            })
            .collect()
    };
    let image = container.image.as_deref().unwrap_or("");
    let image_span = span_at(&["image"]).or_else(|| span_at(&["name"]));
    let mut default_path = false;
    let argv: Vec<Arg> = if container.command.is_some() {
        let mut argv = words("command", &container.command);
        argv.extend(words("args", &container.args));
        argv
    } else if container.args.is_some() {
        words("args", &container.args)
    } else if image::is_srs(image) {
        default_path = true;
        ["./objs/srs", "-c", DEFAULT_CONFIG]
            .iter()
            .map(|t| Arg {
                text: (*t).to_string(),
                span: image_span,
            })
            .collect()
    } else {
        Vec::new()
    };
    let Some((options, program_span)) = srs_options(&argv) else {
        return Launch::Other;
    };

    let workdir = container.working_dir.as_deref().filter(|w| !w.is_empty());
    let absolute = |written: &str| provider::join(&provider::join(SRS_WORKDIR, workdir.unwrap_or(".")), written);
    let mut choice = read_options(&options, program_span);
    if default_path {
        if let ConfigChoice::File { from, .. } = &mut choice {
            *from = PathFrom::ImageDefault;
        }
    }

    // `SRS_CONFIG_FILE` / `SRS_ENV_ONLY`, 5.0 and later.
    let reads_env = image::srs_version(image).is_none_or(SrsVersion::reads_env);
    if reads_env {
        for (i, var) in container.env.iter().flatten().enumerate() {
            let Some(value) = var.value.as_deref().filter(|v| !v.is_empty()) else {
                continue;
            };
            let span = span_at(&["env", &i.to_string(), "value"]);
            match var.name.as_str() {
                "SRS_ENV_ONLY" => choice = ConfigChoice::EnvOnly { span },
                "SRS_CONFIG_FILE" if !matches!(choice, ConfigChoice::EnvOnly { .. }) => {
                    choice = ConfigChoice::File {
                        path: String::new(),
                        written: value.to_string(),
                        from: PathFrom::Env,
                        span,
                    };
                }
                _ => {}
            }
        }
    }
    if let ConfigChoice::File { path, written, .. } = &mut choice {
        *path = absolute(written);
    }
    Launch::Srs(choice)
}

/// The options SRS is given, and the span of the program word; `None` when
/// the command line does not start SRS.
fn srs_options(argv: &[Arg]) -> Option<(Vec<Arg>, Option<Span>)> {
    let first = argv.first()?;
    if is_shell(&first.text) {
        // `sh -c 'script'`, `bash -ec '…'`: the script is the word after the
        // first option that has a `c`.
        let at = argv[1..]
            .iter()
            .position(|a| a.text.starts_with('-') && !a.text.starts_with("--") && a.text.contains('c'))?;
        let script = argv.get(at + 2)?;
        return script_options(script);
    }
    let at = argv.iter().position(|a| is_srs_program(&a.text))?;
    Some((argv[at + 1..].to_vec(), argv[at].span))
}

/// SRS's options in a shell script: the first simple command whose program
/// is SRS (after `exec`, `nohup` and `NAME=value` prefixes). The words
/// point at the whole script.
fn script_options(script: &Arg) -> Option<(Vec<Arg>, Option<Span>)> {
    let commands = script
        .text
        .split(['\n', ';', '&', '|'])
        .map(|c| c.split_whitespace().map(unquote).collect::<Vec<_>>());
    for words in commands {
        let mut words = words.as_slice();
        while let Some((w, rest)) = words.split_first() {
            let assignment = w
                .split_once('=')
                .is_some_and(|(name, _)| !name.is_empty() && !name.contains('/'));
            if *w == "exec" || *w == "nohup" || assignment {
                words = rest;
            } else {
                break;
            }
        }
        if let Some((program, rest)) = words.split_first() {
            if is_srs_program(program) {
                let options = rest
                    .iter()
                    .map(|w| Arg {
                        text: (*w).to_string(),
                        span: script.span,
                    })
                    .collect();
                return Some((options, script.span));
            }
        }
    }
    None
}

fn unquote(word: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = word.strip_prefix(q).and_then(|w| w.strip_suffix(q)) {
            return inner;
        }
    }
    word
}

fn basename(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

fn is_srs_program(word: &str) -> bool {
    basename(word) == "srs"
}

fn is_shell(word: &str) -> bool {
    matches!(basename(word), "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh")
}

/// `SrsConfig::parse_argv`: every word is a run of one-letter flags after a
/// `-`; `c` takes the rest of the word or, when that is empty, the next
/// word. Words without `-` are skipped here (SRS would print its help).
fn read_options(options: &[Arg], program_span: Option<Span>) -> ConfigChoice {
    let mut choice = ConfigChoice::NoFlag { span: program_span };
    let mut env_only = None;
    let mut i = 0;
    while i < options.len() {
        let word = &options[i];
        if let Some(flags) = word.text.strip_prefix('-') {
            for (at, flag) in flags.char_indices() {
                match flag {
                    'c' => {
                        let rest = &flags[at + 1..];
                        let (written, span) = if rest.is_empty() {
                            i += 1;
                            match options.get(i) {
                                Some(next) => (next.text.clone(), next.span),
                                None => break,
                            }
                        } else {
                            (rest.to_string(), word.span)
                        };
                        choice = ConfigChoice::File {
                            path: String::new(),
                            written,
                            from: PathFrom::Flag,
                            span,
                        };
                        break;
                    }
                    'e' => env_only = Some(word.span),
                    _ => {}
                }
            }
        }
        i += 1;
    }
    match env_only {
        Some(span) => ConfigChoice::EnvOnly { span },
        None => choice,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k8s::slim::EnvVar;

    fn container(image: &str, command: Option<&[&str]>, args: Option<&[&str]>) -> Container {
        let list = |l: Option<&[&str]>| l.map(|l| l.iter().map(|s| (*s).into()).collect());
        Container {
            name: "srs".into(),
            image: Some(image.into()),
            command: list(command),
            args: list(args),
            ..Container::default()
        }
    }

    fn path_of(c: &Container) -> Option<(String, PathFrom)> {
        match launch(c, None) {
            Launch::Srs(ConfigChoice::File { path, from, .. }) => Some((path, from)),
            _ => None,
        }
    }

    #[test]
    fn image_default_and_flags() {
        assert_eq!(
            path_of(&container("ossrs/srs:3", None, None)),
            Some(("/usr/local/srs/conf/srs.conf".into(), PathFrom::ImageDefault))
        );
        let c = container("ossrs/srs:5", None, Some(&["./objs/srs", "-c", "conf/origin.conf"]));
        assert_eq!(
            path_of(&c),
            Some(("/usr/local/srs/conf/origin.conf".into(), PathFrom::Flag))
        );
        let c = container(
            "ossrs/srs:5",
            Some(&["/usr/local/srs/objs/srs"]),
            Some(&["-t", "-c/etc/srs/a.conf"]),
        );
        assert_eq!(path_of(&c).unwrap().0, "/etc/srs/a.conf");
        let c = container(
            "ossrs/srs:5",
            Some(&["./objs/srs", "-tc", "x.conf", "-c", "y.conf"]),
            None,
        );
        assert_eq!(path_of(&c).unwrap().0, "/usr/local/srs/y.conf", "the last -c wins");
        let mut c = container("ossrs/srs:5", Some(&["objs/srs", "-c", "conf/a.conf"]), None);
        c.working_dir = Some("/opt/srs".into());
        assert_eq!(path_of(&c).unwrap().0, "/opt/srs/conf/a.conf");
    }

    #[test]
    fn shells_and_other_programs() {
        // The guide's copier: a shell script that never starts SRS.
        let c = container(
            "ossrs/srs:3",
            Some(&["/bin/sh"]),
            Some(&["-c", "cp -R ./objs/nginx/html/* /tmp/html/; sleep infinity"]),
        );
        assert_eq!(launch(&c, None), Launch::Other);
        let c = container(
            "ossrs/srs:5",
            Some(&["sh", "-ec"]),
            Some(&["mkdir -p x && exec ./objs/srs -c 'conf/e.conf'"]),
        );
        assert_eq!(path_of(&c).unwrap().0, "/usr/local/srs/conf/e.conf");
        assert_eq!(launch(&container("nginx", None, None), None), Launch::Other);
        // `args` replace the SRS image's command: `-c` alone runs nothing.
        assert_eq!(
            launch(&container("ossrs/srs:5", None, Some(&["-c", "conf/a.conf"])), None),
            Launch::Other
        );
        let c = container("ossrs/srs:5", Some(&["./objs/srs"]), None);
        assert!(matches!(launch(&c, None), Launch::Srs(ConfigChoice::NoFlag { .. })));
        let c = container("ossrs/srs:5", Some(&["./objs/srs", "-e"]), None);
        assert!(matches!(launch(&c, None), Launch::Srs(ConfigChoice::EnvOnly { .. })));
    }

    #[test]
    fn environment_chooses_the_file_from_5() {
        let env = |name: &str, value: &str| EnvVar {
            name: name.into(),
            value: Some(value.into()),
            value_from: None,
        };
        let mut c = container("ossrs/srs:5", None, None);
        c.env = Some(vec![env("SRS_CONFIG_FILE", "/etc/srs.conf")]);
        assert_eq!(path_of(&c), Some(("/etc/srs.conf".into(), PathFrom::Env)));
        c.image = Some("ossrs/srs:4".into());
        assert_eq!(path_of(&c).unwrap().1, PathFrom::ImageDefault);
        c.image = Some("ossrs/srs:6".into());
        c.env = Some(vec![env("SRS_ENV_ONLY", "on")]);
        assert!(matches!(launch(&c, None), Launch::Srs(ConfigChoice::EnvOnly { .. })));
    }
}

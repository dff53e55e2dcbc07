//! `# srs-check: ignore[SRS101, duplicate-directive]` on a diagnostic's line
//! or the line above silences it there; a bare `# srs-check: ignore` silences
//! every check on that line.

use crate::diagnostic::Diagnostic;
use crate::source::Sources;

const MARKER: &str = "srs-check: ignore";

/// What one comment line suppresses.
#[derive(Debug, PartialEq, Eq)]
enum Ignore {
    All,
    Some(Vec<String>),
}

fn parse_line(line: &str) -> Option<Ignore> {
    let hash = line.find('#')?;
    let comment = &line[hash + 1..];
    let at = comment.find(MARKER)?;
    let rest = comment[at + MARKER.len()..].trim_start();
    match rest.strip_prefix('[') {
        Some(list) => {
            let list = list.split(']').next().unwrap_or("");
            Some(Ignore::Some(
                list.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ))
        }
        None => Some(Ignore::All),
    }
}

fn suppresses(ignore: &Ignore, d: &Diagnostic) -> bool {
    match ignore {
        Ignore::All => true,
        Ignore::Some(list) => list
            .iter()
            .any(|c| c.eq_ignore_ascii_case(d.code) || c.eq_ignore_ascii_case(d.name)),
    }
}

pub fn is_suppressed(sources: &Sources, d: &Diagnostic) -> bool {
    let file = sources.get(d.primary.span.file);
    let line = file.line_index(d.primary.span.start as usize);
    let lines = if line == 0 { vec![0] } else { vec![line, line - 1] };
    lines.into_iter().any(|l| {
        let text = &file.text[file.line_range(l)];
        parse_line(text).is_some_and(|ig| suppresses(&ig, d))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse() {
        assert_eq!(
            parse_line("foo; # srs-check: ignore[SRS101, x]"),
            Some(Ignore::Some(vec!["SRS101".into(), "x".into()]))
        );
        assert_eq!(parse_line("# srs-check: ignore"), Some(Ignore::All));
        assert_eq!(parse_line("listen 1935;"), None);
    }

    #[test]
    fn same_line_and_line_above() {
        let src = "listen 1935;\nfoo 1; # srs-check: ignore[SRS101]\n# srs-check: ignore[unknown-directive]\nbar 2;\nbaz 3;\n";
        let d = crate::testing::lint_conf(src, crate::schema::SrsVersion::V6);
        let unknown: Vec<_> = d
            .iter()
            .filter(|d| d.code == "SRS101")
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(unknown, ["unknown directive `baz` in the top level"]);
    }
}

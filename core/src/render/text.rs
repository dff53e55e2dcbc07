//! rustc-style text: a code frame per diagnostic with the range underlined,
//! notes, help and the fix's title, then a summary line.

use super::Summary;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::source::{FileId, Sources};
use codespan_reporting::diagnostic::{Diagnostic as Frame, Label, Severity as FrameSeverity};
use codespan_reporting::files::{Error, Files};
use codespan_reporting::term::{self, termcolor};

struct Db<'a>(&'a Sources);

impl<'a> Files<'a> for Db<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, Error> {
        Ok(self.0.get(id).name.as_ref())
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, Error> {
        Ok(self.0.get(id).text.as_str())
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, Error> {
        Ok(self.0.get(id).line_index(byte_index))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<std::ops::Range<usize>, Error> {
        let f = self.0.get(id);
        if line_index >= f.line_count() {
            return Err(Error::LineTooLarge {
                given: line_index,
                max: f.line_count() - 1,
            });
        }
        Ok(f.line_start(line_index)..f.line_start(line_index + 1))
    }
}

fn frame(d: &Diagnostic) -> Frame<FileId> {
    let severity = match d.severity {
        Severity::Error => FrameSeverity::Error,
        Severity::Warning => FrameSeverity::Warning,
        Severity::Info => FrameSeverity::Note,
    };
    let mut labels = vec![Label::primary(d.primary.span.file, d.primary.span.range()).with_message(&d.primary.message)];
    labels.extend(
        d.labels
            .iter()
            .map(|l| Label::secondary(l.span.file, l.span.range()).with_message(&l.message)),
    );
    let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
    if let Some(h) = &d.help {
        notes.push(format!("help: {h}"));
    }
    if let Some(f) = &d.fix {
        let kind = match f.applicability {
            Applicability::Safe => "safe fix",
            Applicability::Unsafe => "unsafe fix",
        };
        notes.push(format!("{kind}: {}", f.title));
    }
    Frame::new(severity)
        .with_code(format!("{}/{}", d.code, d.name))
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders every diagnostic and a summary line. `color` adds ANSI colours.
pub fn render(sources: &Sources, diagnostics: &[Diagnostic], files: usize, color: bool) -> String {
    let config = term::Config::default();
    let db = Db(sources);
    let mut body: Vec<u8> = Vec::new();
    {
        let mut ansi;
        let mut plain;
        let writer: &mut dyn termcolor::WriteColor = if color {
            ansi = termcolor::Ansi::new(&mut body);
            &mut ansi
        } else {
            plain = termcolor::NoColor::new(&mut body);
            &mut plain
        };
        for d in diagnostics {
            // A rendering failure (a span past the end of a file) must not lose the finding.
            if term::emit(writer, &config, &db, &frame(d)).is_err() {
                let _ = writeln!(writer, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
            }
        }
    }
    let mut out = String::from_utf8_lossy(&body).into_owned();
    out.push_str(&summary_line(Summary::of(files, diagnostics)));
    out
}

pub fn summary_line(s: Summary) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let files = plural(s.files, "file");
    if s.errors + s.warnings + s.infos == 0 {
        return format!("No problems found in {files}.\n");
    }
    let mut parts = vec![plural(s.errors, "error"), plural(s.warnings, "warning")];
    if s.infos > 0 {
        parts.push(format!("{} info", s.infos));
    }
    format!("Found {} in {files}.\n", parts.join(", "))
}

//! The editor's layers beside and behind its textarea: the line numbers
//! (a diagnostic's line marked) and the marks under the diagnostics'
//! ranges. Both are drawn for the lines in view and a margin only, with
//! spacers of the right height above and below, so a file of 20,000
//! lines costs the page no more than one of 200; scrolling past the margin
//! draws another window.

use crate::marks;
use srs_check_core::editor::EditorDiagnostic;
use srs_check_core::Severity;
use std::collections::BTreeMap;
use yew::prelude::*;

/// Must match `line-height` of `.code` in `style.css`.
pub const LINE_HEIGHT_PX: i32 = 20;
const LINE_PX: usize = 20;

/// Lines drawn above and below the ones in view.
const MARGIN: usize = 100;

/// How many lines are in view before the textarea has been measured.
pub const VISIBLE_AT_FIRST: usize = 60;

/// The lines drawn: `first..end` (0-based) of a text of `total` lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub first: usize,
    pub end: usize,
    pub total: usize,
}

impl Window {
    /// The window for `visible` lines from line `top` on.
    pub fn around(top: usize, visible: usize, total: usize) -> Window {
        let end = top.saturating_add(visible).saturating_add(MARGIN).min(total);
        Window {
            first: top.saturating_sub(MARGIN).min(end),
            end,
            total,
        }
    }

    /// Whether the lines in view and half the margin around them are drawn;
    /// when not, it is time for another window.
    pub fn holds(self, top: usize, visible: usize) -> bool {
        let first = top.saturating_sub(MARGIN / 2);
        let end = top.saturating_add(visible).saturating_add(MARGIN / 2).min(self.total);
        self.first <= first && end <= self.end
    }

    fn has_line(self, line: u32) -> bool {
        let index = (line as usize).saturating_sub(1);
        (self.first..self.end).contains(&index)
    }
}

/// The first line in view and how many fit, from a textarea's scroll
/// position and height.
pub fn in_view(scroll_top: i32, client_height: i32) -> (usize, usize) {
    let lines = |px: i32| usize::try_from(px / LINE_HEIGHT_PX).unwrap_or(0);
    (lines(scroll_top), lines(client_height) + 2)
}

/// A text's line count, and the columns of its widest line (a byte a
/// column, a tab eight: never fewer than it takes).
pub fn measure(text: &str) -> (usize, usize) {
    let (mut lines, mut widest, mut width) = (1, 0, 0);
    for b in text.bytes() {
        match b {
            b'\n' => {
                lines += 1;
                widest = widest.max(width);
                width = 0;
            }
            b'\t' => width += 8,
            _ => width += 1,
        }
    }
    (lines, widest.max(width))
}

/// The bytes of lines `first..end`, the last one's newline included.
fn bytes_of(text: &str, window: Window) -> (usize, usize) {
    let mut starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
    let start = starts.nth(window.first).unwrap_or(text.len());
    let end = match window.end - window.first {
        0 => start,
        n => starts.nth(n - 1).unwrap_or(text.len()),
    };
    (start, end)
}

/// Room for `lines` lines above or below the window; the one above is as
/// wide as the widest line, so the layer scrolls as far sideways as the
/// textarea does.
fn spacer(lines: usize, columns: Option<usize>) -> Html {
    let height = lines.saturating_mul(LINE_PX);
    let style = match columns {
        Some(c) => format!("height:{height}px;width:{c}ch"),
        None => format!("height:{height}px"),
    };
    html! { <span class="spacer" {style}></span> }
}

/// Line numbers of the window, those of lines with a diagnostic marked by
/// its worst severity and titled with its messages. Unmarked lines go in
/// as one text node each run.
pub fn gutter(window: Window, diagnostics: &[&EditorDiagnostic]) -> Html {
    let mut marked: BTreeMap<usize, (Severity, Vec<&str>)> = BTreeMap::new();
    for d in diagnostics {
        let Some(at) = d.location.filter(|l| window.has_line(l.line)) else {
            continue;
        };
        let entry = marked.entry(at.line as usize).or_insert((d.severity, Vec::new()));
        entry.0 = entry.0.max(d.severity);
        entry.1.push(&d.message);
    }
    let mut nodes = Vec::with_capacity(marked.len() * 2 + 4);
    nodes.push(spacer(window.first, None));
    let mut plain = String::new();
    for n in window.first + 1..=window.end {
        if let Some((severity, messages)) = marked.get(&n) {
            nodes.push(html! { {std::mem::take(&mut plain)} });
            nodes.push(html! {
                <span class={classes!("line-mark", severity_class(*severity))} title={messages.join("\n")}>{n}</span>
            });
        } else {
            plain.push_str(&n.to_string());
        }
        plain.push('\n');
    }
    nodes.push(html! { {plain} });
    nodes.push(spacer(window.total - window.end, None));
    // One line more than the text, as a textarea scrolls one line past it.
    nodes.push(html! { {" "} });
    nodes.into_iter().collect()
}

/// The window's text again, with the diagnostics' ranges in it wrapped in
/// marks.
pub fn backdrop(text: &str, window: Window, columns: usize, diagnostics: &[&EditorDiagnostic]) -> Html {
    let (start, end) = bytes_of(text, window);
    let shown = text.get(start..end).unwrap_or("");
    let ranges: Vec<(usize, usize, Severity)> = diagnostics
        .iter()
        .filter_map(|d| d.location.map(|l| (l.start, l.end, d.severity)))
        .filter(|&(from, to, _)| from < end && to > start)
        .map(|(from, to, s)| (from.max(start) - start, to.min(end) - start, s))
        .collect();
    let mut nodes = vec![spacer(window.first, Some(columns + 2))];
    nodes.extend(marks::runs(shown, &ranges).into_iter().map(|run| {
        let part = shown.get(run.start..run.end).unwrap_or("").to_string();
        match run.severity {
            Some(s) => html! { <mark class={severity_class(s)}>{part}</mark> },
            None => html! { {part} },
        }
    }));
    nodes.push(spacer(window.total - window.end, None));
    nodes.push(html! { {" "} });
    nodes.into_iter().collect()
}

pub fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_holds_the_lines_in_view_and_a_margin() {
        let w = Window::around(500, 40, 20_000);
        assert_eq!((w.first, w.end), (400, 640));
        assert!(w.holds(500, 40));
        assert!(w.holds(460, 40));
        assert!(!w.holds(420, 40));
        assert!(!w.holds(560, 40));
        // At the ends there is no margin to keep.
        let top = Window::around(0, 40, 30);
        assert_eq!((top.first, top.end), (0, 30));
        assert!(top.holds(0, 40));
    }

    #[test]
    fn the_bytes_of_a_window_are_whole_lines() {
        let text = "a\nbb\nccc\n";
        let w = |first, end| Window { first, end, total: 4 };
        assert_eq!(bytes_of(text, w(0, 1)), (0, 2));
        assert_eq!(bytes_of(text, w(1, 3)), (2, 9));
        assert_eq!(bytes_of(text, w(3, 4)), (9, 9));
        assert_eq!(bytes_of(text, w(0, 4)), (0, 9));
        assert_eq!(measure(text), (4, 3));
        assert_eq!(measure("\tx"), (1, 9));
    }
}

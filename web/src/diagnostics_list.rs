//! The list of diagnostics beside the editor. A large paste's hundreds of
//! findings are listed up to a bound, so a render (each keystroke is one)
//! draws few of them; the editor's marks still show them all.

use crate::editor_view::severity_class;
use srs_check_core::diagnostic::Applicability;
use srs_check_core::editor::EditorDiagnostic;
use yew::prelude::*;

/// Entries listed.
const LISTED: usize = 100;

/// The first [`LISTED`] of `diagnostics`; `stale` when the files changed
/// since their lint (their fixes are not offered). The callbacks get the
/// index of a diagnostic in `diagnostics`.
pub fn view(
    diagnostics: &[EditorDiagnostic],
    stale: bool,
    on_jump: &Callback<usize>,
    on_fix: &Callback<usize>,
) -> Html {
    let more = diagnostics.len().saturating_sub(LISTED);
    html! {
        <>
            <ul id="diagnostics">
                { for diagnostics.iter().enumerate().take(LISTED).map(|(i, d)| item(i, d, stale, on_jump, on_fix)) }
            </ul>
            if more > 0 {
                <p class="more">{ format!("… and {more} more (fix the first ones to see them).") }</p>
            }
        </>
    }
}

fn item(i: usize, d: &EditorDiagnostic, stale: bool, on_jump: &Callback<usize>, on_fix: &Callback<usize>) -> Html {
    let place = d
        .location
        .map_or_else(|| d.file.clone(), |l| format!("{}:{}:{}", d.file, l.line, l.column));
    let fix = d.fix.as_ref().map(|f| {
        let unsafe_ = f.applicability == Applicability::Unsafe;
        html! {
            <button class={classes!("fix", unsafe_.then_some("unsafe"))} disabled={stale}
                title={if unsafe_ { "Changes behaviour: check the result" } else { "Applies the fix to the file" }}
                onclick={on_fix.reform(move |_| i)}>
                { if unsafe_ { "Fix (unsafe): " } else { "Fix: " } }{ &f.title }
            </button>
        }
    });
    html! {
        <li class={classes!("diagnostic", severity_class(d.severity))} data-code={d.code}>
            <button class="jump" onclick={on_jump.reform(move |_| i)}>
                <span class="severity">{ d.severity.as_str() }</span>
                <span class="code-name">{ format!("{}/{}", d.code, d.name) }</span>
                <span class="message">{ &d.message }</span>
                <span class="place">{ place }</span>
            </button>
            if let Some(help) = &d.help { <p class="help">{ help }</p> }
            { for fix }
        </li>
    }
}

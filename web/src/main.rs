//! The srs-check browser playground: srs-check-core compiled to wasm under a
//! Yew page. Nothing leaves the browser.

mod app;
mod browser;
mod charts;
mod diagnostics_list;
mod dropped;
mod editor_view;
mod examples;
mod lint_worker;
mod marks;
mod picture;
mod settings_panel;
mod simulate;

fn main() {
    // The lint worker runs this module too (web/lint-worker.js): there it
    // only answers messages, and its panics go to the page.
    if lint_worker::in_worker() {
        std::panic::set_hook(Box::new(lint_worker::report_panic));
        return;
    }
    std::panic::set_hook(Box::new(report_panic));
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}

/// A panic is a bug of ours, and after it the wasm instance is gone: say
/// so on the page, which would otherwise just stop responding.
fn report_panic(info: &std::panic::PanicHookInfo<'_>) {
    let text = format!(
        "srs-check hit a bug and stopped: {info}. Please report it with the files you had open; reload the page to start again."
    );
    web_sys::console::error_1(&text.clone().into());
    show_bug(&text);
}

/// Shows `text` in the page's bug banner.
pub fn show_bug(text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(bug) = document.get_element_by_id("bug") {
        bug.set_text_content(Some(text));
        let _ = bug.remove_attribute("hidden");
    }
}

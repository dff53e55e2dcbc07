//! The playground page: tabs, the editor with its marks, the diagnostics
//! list and the fix buttons. Every rule, parse and fix is the core's
//! (`srs_check_core::editor`); this file only shows them.

use crate::examples::EXAMPLES;
use crate::marks;
use crate::picture::DeploymentPicture;
use gloo_timers::callback::Timeout;
use srs_check_core::diagnostic::Applicability;
use srs_check_core::editor::{self, Buffer, EditorDiagnostic, MAX_BUFFER_BYTES};
use srs_check_core::model::layout::Picture;
use srs_check_core::{LintOptions, Severity};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Must match `line-height` of `.code` in `style.css`: jumping to a line
/// scrolls by it.
const LINE_HEIGHT_PX: i32 = 20;

/// A list of thousands of entries would make every keystroke slow to
/// paint; the editor's marks still show all of them.
const MAX_LISTED: usize = 500;

/// Longest tab name accepted.
const MAX_NAME_CHARS: usize = 200;

pub enum Msg {
    /// The active tab's text, as typed.
    Edited(String),
    Lint,
    Select(usize),
    Add,
    Close(usize),
    StartRename(usize),
    Rename(usize, String),
    CancelRename,
    LoadExample(usize),
    Jump(usize),
    Fix(usize),
    FixAllSafe,
    Notice(String),
    DismissNotice,
    Show(Side),
}

/// What the right-hand pane shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Diagnostics,
    Deployment,
}

pub struct App {
    tabs: Vec<Buffer>,
    active: usize,
    diagnostics: Vec<EditorDiagnostic>,
    /// The deployment drawn by the same lint as `diagnostics`.
    picture: Rc<Picture>,
    side: Side,
    /// Counts text changes; the diagnostics belong to `linted_revision`.
    revision: u64,
    linted_revision: u64,
    /// How often a lint ran: end-to-end tests wait on it.
    lints: u64,
    last_lint_ms: f64,
    pending_lint: Option<Timeout>,
    notice: Option<String>,
    renaming: Option<usize>,
    /// A selection to show once the tab it is in is rendered:
    /// (UTF-16 start, UTF-16 end, 1-based line).
    pending_jump: Option<(u32, u32, u32)>,
    textarea: NodeRef,
    backdrop: NodeRef,
    gutter: NodeRef,
}

impl App {
    fn load(&mut self, example: usize) {
        let Some(example) = EXAMPLES.get(example) else { return };
        self.tabs = example
            .files
            .iter()
            .map(|(name, text)| Buffer::new(*name, *text))
            .collect();
        self.active = 0;
        self.renaming = None;
        self.changed();
        self.lint_now();
    }

    fn changed(&mut self) {
        self.revision += 1;
    }

    fn stale(&self) -> bool {
        self.revision != self.linted_revision
    }

    fn lint_now(&mut self) {
        self.pending_lint = None;
        let started = now();
        let linted = editor::lint_session(&self.tabs, &LintOptions::default());
        self.diagnostics = linted.diagnostics;
        self.picture = Rc::new(linted.picture);
        self.last_lint_ms = now() - started;
        self.linted_revision = self.revision;
        self.lints += 1;
    }

    /// Lints after a pause in typing. A lint that took little time runs on
    /// the next turn of the event loop, so diagnostics follow keystrokes; a
    /// slow one (a large paste) waits for a longer pause, so typing stays
    /// possible.
    fn schedule_lint(&mut self, ctx: &Context<Self>) {
        // Whole milliseconds between 0 and 800: the cast cannot lose anything.
        #[allow(clippy::cast_sign_loss)]
        let delay = if self.last_lint_ms < 30.0 {
            0
        } else {
            (self.last_lint_ms * 2.0).clamp(0.0, 800.0) as u32
        };
        let link = ctx.link().clone();
        self.pending_lint = Some(Timeout::new(delay, move || link.send_message(Msg::Lint)));
    }

    fn unique_name(&self, base: &str) -> String {
        // One more candidate than there are tabs: one of them is free.
        (1..=self.tabs.len() + 1)
            .map(|n| format!("{base}-{n}"))
            .find(|name| !self.tabs.iter().any(|t| t.name == *name))
            .unwrap_or_else(|| base.to_string())
    }

    fn rename(&mut self, index: usize, name: &str) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("A file needs a name.".into());
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(format!("File names are at most {MAX_NAME_CHARS} characters."));
        }
        if self.tabs.iter().enumerate().any(|(i, t)| i != index && t.name == name) {
            return Err(format!("There is already a file named `{name}`."));
        }
        if let Some(tab) = self.tabs.get_mut(index) {
            name.clone_into(&mut tab.name);
        }
        Ok(())
    }

    fn textarea(&self) -> Option<HtmlTextAreaElement> {
        self.textarea.cast::<HtmlTextAreaElement>()
    }

    fn counts(&self) -> (usize, usize, usize) {
        let count = |s| self.diagnostics.iter().filter(|d| d.severity == s).count();
        (count(Severity::Error), count(Severity::Warning), count(Severity::Info))
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(_ctx: &Context<Self>) -> Self {
        let mut app = App {
            tabs: Vec::new(),
            active: 0,
            diagnostics: Vec::new(),
            picture: Rc::default(),
            side: Side::Diagnostics,
            revision: 0,
            linted_revision: 0,
            lints: 0,
            last_lint_ms: 0.0,
            pending_lint: None,
            notice: None,
            renaming: None,
            pending_jump: None,
            textarea: NodeRef::default(),
            backdrop: NodeRef::default(),
            gutter: NodeRef::default(),
        };
        app.load(0);
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Edited(text) => {
                if text.len() > MAX_BUFFER_BYTES {
                    // The textarea already shows the text: put the tab's back.
                    if let (Some(area), Some(tab)) = (self.textarea(), self.tabs.get(self.active)) {
                        area.set_value(&tab.text);
                    }
                    self.notice = Some(too_large(text.len()));
                    return true;
                }
                if let Some(tab) = self.tabs.get_mut(self.active) {
                    tab.text = text;
                    self.changed();
                    self.schedule_lint(ctx);
                }
            }
            Msg::Lint => self.lint_now(),
            Msg::Select(i) => {
                if i < self.tabs.len() {
                    self.active = i;
                }
            }
            Msg::Add => {
                let name = self.unique_name("untitled");
                self.tabs.push(Buffer::new(name, ""));
                self.active = self.tabs.len() - 1;
                self.changed();
                self.lint_now();
            }
            Msg::Close(i) => {
                if i < self.tabs.len() {
                    self.tabs.remove(i);
                    if self.active > i || self.active >= self.tabs.len() {
                        self.active = self.active.saturating_sub(1);
                    }
                    self.renaming = None;
                    self.changed();
                    self.lint_now();
                }
            }
            Msg::StartRename(i) => self.renaming = Some(i),
            Msg::CancelRename => self.renaming = None,
            Msg::Rename(i, name) => {
                match self.rename(i, &name) {
                    Ok(()) => {
                        self.renaming = None;
                        // A name decides how a file is read (`.conf`, `.yaml`).
                        self.changed();
                        self.lint_now();
                    }
                    Err(e) => self.notice = Some(e),
                }
            }
            Msg::LoadExample(i) => self.load(i),
            Msg::Jump(i) => {
                let Some(at) = self.diagnostics.get(i).and_then(|d| d.location) else {
                    return false;
                };
                if at.buffer < self.tabs.len() {
                    self.active = at.buffer;
                    self.pending_jump = Some((at.utf16_start, at.utf16_end, at.line));
                }
            }
            Msg::Fix(i) => {
                let Some(fix) = self.diagnostics.get(i).and_then(|d| d.fix.clone()) else {
                    return false;
                };
                if self.stale() {
                    self.lint_now();
                    self.notice = Some("The files changed since that fix was found; here is a fresh lint.".into());
                    return true;
                }
                match editor::apply_fix(&mut self.tabs, &fix) {
                    Ok(()) => {
                        self.changed();
                        self.lint_now();
                    }
                    Err(e) => self.notice = Some(e.to_string()),
                }
            }
            Msg::FixAllSafe => {
                let applied = editor::fix_all(&mut self.tabs, &LintOptions::default(), false, 10);
                if applied > 0 {
                    self.changed();
                }
                self.lint_now();
                self.notice = Some(match applied {
                    0 => "No safe fixes to apply.".into(),
                    1 => "Applied 1 safe fix.".into(),
                    n => format!("Applied {n} safe fixes."),
                });
            }
            Msg::Notice(text) => self.notice = Some(text),
            Msg::DismissNotice => self.notice = None,
            Msg::Show(side) => self.side = side,
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first_render: bool) {
        let Some((start, end, line)) = self.pending_jump.take() else {
            return;
        };
        let Some(area) = self.textarea() else { return };
        let _ = area.focus();
        let _ = area.set_selection_range(start, end);
        // A third of the way down, so the lines before it give context.
        let line = i32::try_from(line).unwrap_or(i32::MAX / LINE_HEIGHT_PX);
        let top = line.saturating_sub(1).saturating_mul(LINE_HEIGHT_PX) - area.client_height() / 3;
        area.set_scroll_top(top.max(0));
        sync_scroll(&area, &self.backdrop, &self.gutter);
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        html! {
            <div class="app">
                <header class="toolbar">
                    <h1>{"srs-check playground"}</h1>
                    <label>
                        {"Examples "}
                        <select
                            id="examples"
                            onchange={link.batch_callback(|e: Event| {
                                let select = e.target_dyn_into::<web_sys::HtmlSelectElement>()?;
                                let index = select.value().parse::<usize>().ok();
                                select.set_value("");
                                index.map(Msg::LoadExample)
                            })}
                        >
                            <option value="" selected=true>{"Load an example…"}</option>
                            { for EXAMPLES.iter().enumerate().map(|(i, e)| html! {
                                <option value={i.to_string()}>{e.title}</option>
                            }) }
                        </select>
                    </label>
                    <button
                        id="fix-all"
                        disabled={!self.diagnostics.iter().any(is_safe_fix)}
                        onclick={link.callback(|_| Msg::FixAllSafe)}
                    >
                        {"Fix all safe"}
                    </button>
                    <span class="privacy">{"Runs in your browser; nothing is sent anywhere."}</span>
                </header>
                { self.view_notice(ctx) }
                <main class="panes">
                    <section class="files" aria-label="Files">
                        { self.view_tabs(ctx) }
                        { self.view_editor(ctx) }
                    </section>
                    { self.view_diagnostics(ctx) }
                </main>
            </div>
        }
    }
}

impl App {
    fn view_notice(&self, ctx: &Context<Self>) -> Html {
        let Some(text) = &self.notice else {
            return html! {};
        };
        html! {
            <div class="notice" role="alert">
                <span id="notice-text">{text}</span>
                <button aria-label="Dismiss" onclick={ctx.link().callback(|_| Msg::DismissNotice)}>{"×"}</button>
            </div>
        }
    }

    fn view_tabs(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let worst = |i: usize| {
            self.diagnostics
                .iter()
                .filter(|d| d.location.is_some_and(|l| l.buffer == i))
                .map(|d| d.severity)
                .max()
        };
        html! {
            <div class="tabs" role="tablist" aria-label="Open files">
                { for self.tabs.iter().enumerate().map(|(i, tab)| {
                    let active = i == self.active;
                    let class = classes!("tab", active.then_some("active"), worst(i).map(severity_class));
                    if self.renaming == Some(i) {
                        let commit = link.callback(move |e: FocusEvent| {
                            let input: HtmlInputElement = e.target_unchecked_into();
                            Msg::Rename(i, input.value())
                        });
                        let keys = link.batch_callback(move |e: KeyboardEvent| match e.key().as_str() {
                            "Enter" => {
                                let input: HtmlInputElement = e.target_unchecked_into();
                                Some(Msg::Rename(i, input.value()))
                            }
                            "Escape" => Some(Msg::CancelRename),
                            _ => None,
                        });
                        return html! {
                            <span class={class}>
                                <input class="rename" aria-label="New file name" value={tab.name.clone()}
                                    onblur={commit} onkeydown={keys} autofocus=true />
                            </span>
                        };
                    }
                    html! {
                        <span class={class}>
                            <button role="tab" aria-selected={active.to_string()} class="tab-name"
                                onclick={link.callback(move |_| Msg::Select(i))}
                                ondblclick={link.callback(move |_| Msg::StartRename(i))}>
                                {&tab.name}
                            </button>
                            <button class="tab-action" title="Rename" aria-label={format!("Rename {}", tab.name)}
                                onclick={link.callback(move |_| Msg::StartRename(i))}>{"✎"}</button>
                            <button class="tab-action" title="Close" aria-label={format!("Close {}", tab.name)}
                                onclick={link.callback(move |_| Msg::Close(i))}>{"×"}</button>
                        </span>
                    }
                }) }
                <button id="add-tab" class="tab-add" title="New file" aria-label="New file"
                    onclick={link.callback(|_| Msg::Add)}>{"+"}</button>
            </div>
        }
    }

    fn view_editor(&self, ctx: &Context<Self>) -> Html {
        let Some(tab) = self.tabs.get(self.active) else {
            return html! {
                <p class="empty">{"No files open: add one with + or load an example."}</p>
            };
        };
        let link = ctx.link();
        let here: Vec<&EditorDiagnostic> = self
            .diagnostics
            .iter()
            .filter(|d| d.location.is_some_and(|l| l.buffer == self.active))
            .collect();
        let on_input = link.callback(|e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            Msg::Edited(area.value())
        });
        let on_paste = link.batch_callback(|e: Event| {
            let pasted = e
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(web_sys::ClipboardEvent::clipboard_data)
                .and_then(|data| data.get_data("text").ok())?;
            // Refused before the browser inserts it: a textarea with tens of
            // megabytes in it is slow even without a lint.
            (pasted.len() > MAX_BUFFER_BYTES).then(|| {
                e.prevent_default();
                Msg::Notice(too_large(pasted.len()))
            })
        });
        let (backdrop_ref, gutter_ref) = (self.backdrop.clone(), self.gutter.clone());
        let on_scroll = Callback::from(move |e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            sync_scroll(&area, &backdrop_ref, &gutter_ref);
        });
        html! {
            <div class="editor">
                <pre class="gutter code" ref={self.gutter.clone()} aria-hidden="true">{ gutter(&tab.text, &here) }</pre>
                <div class="surface">
                    <pre class="backdrop code" ref={self.backdrop.clone()} aria-hidden="true">{ backdrop(&tab.text, &here) }</pre>
                    <textarea
                        id="editor"
                        class="code"
                        ref={self.textarea.clone()}
                        aria-label={format!("Contents of {}", tab.name)}
                        spellcheck="false"
                        autocomplete="off"
                        wrap="off"
                        value={tab.text.clone()}
                        oninput={on_input}
                        onpaste={on_paste}
                        onscroll={on_scroll}
                    />
                </div>
            </div>
        }
    }

    fn view_diagnostics(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let (errors, warnings, infos) = self.counts();
        let stale = self.stale();
        html! {
            <section class="diagnostics" aria-label="Diagnostics"
                data-lints={self.lints.to_string()} data-lint-ms={format!("{:.2}", self.last_lint_ms)}>
                { self.view_side_switch(ctx) }
                <p class="summary" role="status" aria-live="polite">
                    { format!("{errors} errors, {warnings} warnings, {infos} infos in {} files", self.tabs.len()) }
                    <span class="timing">{ format!(" · lint {:.1} ms", self.last_lint_ms) }</span>
                </p>
                // Hidden rather than left out, so it keeps its zoom and selection.
                <DeploymentPicture picture={self.picture.clone()} hidden={self.side != Side::Deployment} />
                <ul id="diagnostics" hidden={self.side != Side::Diagnostics}>
                    { for self.diagnostics.iter().enumerate().take(MAX_LISTED).map(|(i, d)| {
                        let place = d.location.map_or_else(|| d.file.clone(), |l| format!("{}:{}:{}", d.file, l.line, l.column));
                        let fix = d.fix.as_ref().map(|f| {
                            let unsafe_ = f.applicability == Applicability::Unsafe;
                            html! {
                                <button class={classes!("fix", unsafe_.then_some("unsafe"))} disabled={stale}
                                    title={if unsafe_ { "Changes behaviour: check the result" } else { "Applies the fix to the file" }}
                                    onclick={link.callback(move |_| Msg::Fix(i))}>
                                    { if unsafe_ { "Fix (unsafe): " } else { "Fix: " } }{ &f.title }
                                </button>
                            }
                        });
                        html! {
                            <li class={classes!("diagnostic", severity_class(d.severity))} data-code={d.code}>
                                <button class="jump" onclick={link.callback(move |_| Msg::Jump(i))}>
                                    <span class="severity">{ d.severity.as_str() }</span>
                                    <span class="code-name">{ format!("{}/{}", d.code, d.name) }</span>
                                    <span class="message">{ &d.message }</span>
                                    <span class="place">{ place }</span>
                                </button>
                                if let Some(help) = &d.help { <p class="help">{ help }</p> }
                                { for fix }
                            </li>
                        }
                    }) }
                </ul>
                if self.diagnostics.len() > MAX_LISTED {
                    <p class="more" hidden={self.side != Side::Diagnostics}>{ format!("… and {} more (fix the first ones to see them).", self.diagnostics.len() - MAX_LISTED) }</p>
                }
            </section>
        }
    }

    fn view_side_switch(&self, ctx: &Context<Self>) -> Html {
        let tab = |side: Side, id: &'static str, label: &'static str| {
            let active = self.side == side;
            html! {
                <button id={id} role="tab" aria-selected={active.to_string()} class={classes!("side-tab", active.then_some("active"))}
                    onclick={ctx.link().callback(move |_| Msg::Show(side))}>{label}</button>
            }
        };
        html! {
            <div class="side-switch" role="tablist" aria-label="Show">
                { tab(Side::Diagnostics, "side-diagnostics", "Diagnostics") }
                { tab(Side::Deployment, "side-deployment", "Deployment") }
            </div>
        }
    }
}

/// Line numbers, those of lines with a diagnostic marked by its worst
/// severity and titled with its messages. Unmarked lines go in as one text
/// node each run, so a long file costs few DOM nodes.
fn gutter(text: &str, diagnostics: &[&EditorDiagnostic]) -> Html {
    let lines = text.matches('\n').count() + 1;
    let mut marked: std::collections::BTreeMap<usize, (Severity, Vec<&str>)> = std::collections::BTreeMap::new();
    for d in diagnostics {
        let Some(at) = d.location else { continue };
        let entry = marked.entry(at.line as usize).or_insert((d.severity, Vec::new()));
        entry.0 = entry.0.max(d.severity);
        entry.1.push(&d.message);
    }
    let mut nodes = Vec::with_capacity(marked.len() * 2 + 1);
    let mut plain = String::new();
    for n in 1..=lines {
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
    // One line more than the text, as a textarea scrolls one line past it.
    plain.push(' ');
    nodes.push(html! { {plain} });
    nodes.into_iter().collect()
}

/// The text again, with the diagnostics' ranges wrapped in marks.
fn backdrop(text: &str, diagnostics: &[&EditorDiagnostic]) -> Html {
    let ranges: Vec<(usize, usize, Severity)> = diagnostics
        .iter()
        .filter_map(|d| d.location.map(|l| (l.start, l.end, d.severity)))
        .collect();
    let mut nodes: Vec<Html> = marks::runs(text, &ranges)
        .into_iter()
        .map(|run| {
            let part = text.get(run.start..run.end).unwrap_or("").to_string();
            match run.severity {
                Some(s) => html! { <mark class={severity_class(s)}>{part}</mark> },
                None => html! { {part} },
            }
        })
        .collect();
    nodes.push(html! { {"\n "} });
    nodes.into_iter().collect()
}

fn sync_scroll(area: &HtmlTextAreaElement, backdrop: &NodeRef, gutter: &NodeRef) {
    if let Some(b) = backdrop.cast::<HtmlElement>() {
        b.set_scroll_top(area.scroll_top());
        b.set_scroll_left(area.scroll_left());
    }
    if let Some(g) = gutter.cast::<HtmlElement>() {
        g.set_scroll_top(area.scroll_top());
    }
}

fn is_safe_fix(d: &EditorDiagnostic) -> bool {
    d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe)
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

fn too_large(bytes: usize) -> String {
    format!(
        "That text is {} KiB; a file here holds at most {} KiB (the command-line srs-check reads larger files).",
        bytes / 1024,
        MAX_BUFFER_BYTES / 1024
    )
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

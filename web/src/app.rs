//! The playground page: tabs, the editor with its marks, the diagnostics
//! list and the fix buttons. Every rule, parse and fix is the core's
//! (`srs_check_core::editor`); this file only shows them.

use crate::browser;
use crate::diagnostics_list;
use crate::dropped;
use crate::editor_view::{self, severity_class, Window, LINE_HEIGHT_PX, VISIBLE_AT_FIRST};
use crate::examples::EXAMPLES;
use crate::lint_worker::{Export, Heard, LintWorker, Offered};
use crate::picture::DeploymentPicture;
use crate::settings_panel::SettingsPanel;
use crate::simulate::Simulation;
use gloo_timers::callback::Timeout;
use srs_check_core::diagnostic::Applicability;
use srs_check_core::editor::wire::{self, Reply};
use srs_check_core::editor::{self, Buffer, EditorDiagnostic, Linted, FIX_ALL_ROUNDS, MAX_BUFFER_BYTES};
use srs_check_core::export::ReportFormat;
use srs_check_core::model::layout::Picture;
use srs_check_core::opened::{self, OpenedFile};
use srs_check_core::settings::Settings;
use srs_check_core::share::{self, State, MAX_FILES};
use srs_check_core::{LintOptions, Severity};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Longest tab name accepted.
const MAX_NAME_CHARS: usize = 200;

/// Chromium keeps URLs up to 2 MiB; a state longer than this is not put
/// in the address (the page says so once).
const MAX_FRAGMENT_CHARS: usize = 1_900_000;

/// Pause after a change before the address is updated.
const SHARE_DELAY_MS: u32 = 400;

/// What the right-hand pane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Diagnostics,
    Deployment,
    Simulation,
    Settings,
}

impl Side {
    const ALL: [Side; 4] = [Side::Diagnostics, Side::Deployment, Side::Simulation, Side::Settings];

    /// Its name in a shared link, and its tab's id without `side-`.
    fn key(self) -> &'static str {
        match self {
            Side::Diagnostics => "diagnostics",
            Side::Deployment => "deployment",
            Side::Simulation => "simulation",
            Side::Settings => "settings",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Side::Diagnostics => "Diagnostics",
            Side::Deployment => "Deployment",
            Side::Simulation => "Simulation",
            Side::Settings => "Settings",
        }
    }
}

pub enum Msg {
    ShowSide(Side),
    Settings(Settings),
    /// Files dropped or picked, read; and how many could not be read.
    Opened(Vec<OpenedFile>, usize),
    /// Write the state into the address now.
    Share,
    CopyLink,
    /// Another link was opened in this page.
    HashChanged,
    /// The window changed size.
    Resized,
    Download(Export),
    /// The caret moved to this UTF-16 offset of the active tab.
    Caret(u32),
    /// The editor scrolled past the lines its gutter and marks are drawn
    /// for: the first line in view and how many fit.
    Scrolled(usize, usize),
    /// The active tab's text, as typed.
    Edited(String),
    Lint,
    /// The lint worker answered, or failed.
    Worker(Heard),
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
}

pub struct App {
    side: Side,
    settings: Settings,
    pending_share: Option<Timeout>,
    /// The fragment this page last wrote: a `hashchange` to it is ours.
    shared: String,
    share_too_long_said: bool,
    _hash_listener: Option<Closure<dyn FnMut()>>,
    /// A new window size is a new size of the textarea (`size_textarea`).
    _resize_listener: Option<Closure<dyn FnMut()>>,
    tabs: Vec<Buffer>,
    active: usize,
    /// The textarea is not given its text on every render (Yew would
    /// compare a megabyte per keystroke): it is set after a render when
    /// this says the text changed other than by typing, or the tab did.
    reshow: bool,
    /// The tab whose text the textarea was last given.
    shown: Option<usize>,
    /// The first line in view in the editor, and how many fit: the gutter
    /// and the marks are drawn around them.
    top_line: usize,
    visible_lines: usize,
    diagnostics: Vec<EditorDiagnostic>,
    /// The deployment drawn by the same lint as `diagnostics`.
    picture: Rc<Picture>,
    /// Counts text changes; the diagnostics belong to `linted_revision`.
    revision: u64,
    linted_revision: u64,
    /// How often a lint's result was taken: end-to-end tests wait on it.
    lints: u64,
    last_lint_ms: f64,
    /// Encoding the worker's reply and decoding it here.
    last_wire_ms: f64,
    pending_lint: Option<Timeout>,
    /// Lints run here when this is `None`: no worker could be started.
    worker: Option<LintWorker>,
    /// Whether a lint waits for the worker's answer to the one before
    /// (edits while it lints are coalesced into it), and whether that is
    /// "Fix all safe".
    lint_queued: bool,
    fix_all_queued: bool,
    /// Said the worker panicked: its crash that follows is no news.
    worker_panicked: bool,
    notice: Option<String>,
    renaming: Option<usize>,
    /// A selection to show once the tab it is in is rendered:
    /// (UTF-16 start, UTF-16 end, 1-based line).
    pending_jump: Option<(u32, u32, u32)>,
    textarea: NodeRef,
    /// The caret's UTF-16 offset in the active tab: the diagnostics there
    /// are spelled out under the editor.
    caret: Option<u32>,
    /// The Download menu, closed once an item is chosen.
    menu: NodeRef,
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
        self.reopened();
        self.lint_now();
    }

    fn changed(&mut self) {
        self.revision += 1;
    }

    /// The texts changed other than by typing in the textarea: it is given
    /// the active one again.
    fn replaced(&mut self) {
        self.changed();
        self.reshow = true;
    }

    /// Other files altogether: shown from their start.
    fn reopened(&mut self) {
        self.replaced();
        self.shown = None;
        self.top_line = 0;
    }

    /// The lint options of the settings; the defaults where a shared
    /// link's settings name a check this version does not have (said once,
    /// when the link is opened).
    fn options(&self) -> LintOptions {
        self.settings.lint_options().unwrap_or_default()
    }

    fn state(&self) -> State {
        let mut state = State::with_buffers(&self.tabs);
        state.settings.clone_from(&self.settings);
        state.active = self.active;
        if self.side != Side::Diagnostics {
            state.view.insert("side".into(), self.side.key().into());
        }
        state
    }

    /// Takes a shared link's state; `Err` says why it cannot.
    fn restore(&mut self, fragment: &str) -> Result<(), String> {
        let state = share::decode(fragment).map_err(|e| e.to_string())?;
        let settings = state.settings.clone();
        let problem = settings
            .resolve()
            .err()
            .map(|e| format!("the link's settings: {e}; using the defaults"));
        self.tabs = state.buffers();
        self.active = state.active.min(self.tabs.len().saturating_sub(1));
        self.settings = settings;
        self.side = Side::ALL
            .into_iter()
            .find(|s| state.view.get("side").is_some_and(|v| v == s.key()))
            .unwrap_or(Side::Diagnostics);
        self.renaming = None;
        self.notice = problem;
        self.reopened();
        self.lint_now();
        Ok(())
    }

    /// Puts the state in the address after a pause: a link copied from
    /// the address bar reproduces the page.
    fn schedule_share(&mut self, ctx: &Context<Self>) {
        let link = ctx.link().clone();
        self.pending_share = Some(Timeout::new(SHARE_DELAY_MS, move || link.send_message(Msg::Share)));
    }

    fn share_now(&mut self) -> bool {
        self.pending_share = None;
        let fragment = share::encode(&self.state());
        if fragment.len() > MAX_FRAGMENT_CHARS {
            if !self.share_too_long_said {
                self.share_too_long_said = true;
                self.notice = Some("These files are too large to share in a link; download them instead.".into());
                return true;
            }
            return false;
        }
        if fragment != self.shared {
            if let Err(e) = browser::set_fragment(&fragment) {
                web_sys::console::warn_1(&format!("srs-check: the address was not updated: {e}").into());
            }
            self.shared = fragment;
        }
        false
    }

    fn close_menu(&self) {
        if let Some(menu) = self.menu.cast::<web_sys::Element>() {
            let _ = menu.remove_attribute("open");
        }
    }

    fn open_files(&mut self, files: Vec<OpenedFile>, failed: usize) {
        let room = MAX_FILES.saturating_sub(self.tabs.len());
        let opened = opened::open(files, room);
        let mut replaced = 0;
        let mut last = None;
        for b in opened.buffers {
            if let Some(i) = self.tabs.iter().position(|t| t.name == b.name) {
                self.tabs[i].text = b.text;
                replaced += 1;
                last = Some(i);
            } else {
                self.tabs.push(b);
                last = Some(self.tabs.len() - 1);
            }
        }
        let mut said: Vec<String> = opened.left_out.iter().map(|l| format!("Left out {l}.")).collect();
        if failed > 0 {
            said.push(format!("{failed} could not be read."));
        }
        if replaced > 0 {
            said.push(format!("{replaced} replaced the tab of the same name."));
        }
        if last.is_none() && said.is_empty() {
            said.push("No file that srs-check reads was dropped.".into());
        }
        if let Some(i) = last {
            self.active = i;
            self.renaming = None;
            self.reopened();
            self.lint_now();
        }
        self.notice = (!said.is_empty()).then(|| said.join(" "));
    }

    fn stale(&self) -> bool {
        self.revision != self.linted_revision
    }

    /// Lints the current revision.
    fn lint_now(&mut self) {
        self.lint_or_fix(false);
    }

    /// "Fix all safe": the fixed texts and their lint.
    fn fix_all_safe(&mut self) {
        self.lint_or_fix(true);
    }

    /// Lints the current revision, applying every safe fix first when
    /// `fix_all`: in the worker when there is one (after the request it is
    /// busy with, if any; the worker sends back the fixed texts), else here.
    fn lint_or_fix(&mut self, fix_all: bool) {
        self.pending_lint = None;
        let Some(worker) = &mut self.worker else {
            let options = self.options();
            if fix_all {
                let applied = editor::fix_all(&mut self.tabs, &options, false, FIX_ALL_ROUNDS);
                if applied > 0 {
                    self.replaced();
                }
                self.notice = Some(applied_notice(applied));
            }
            let started = now();
            let linted = editor::lint_session(&self.tabs, &options);
            self.take(linted, now() - started, 0.0);
            return;
        };
        if worker.in_flight.is_some() {
            if fix_all {
                self.fix_all_queued = true;
            } else {
                self.lint_queued = true;
            }
            return;
        }
        // Either request lints the current revision.
        self.lint_queued = false;
        self.fix_all_queued &= !fix_all;
        worker.post(&wire::Request::new(self.revision, &self.tabs, &self.settings, fix_all));
        if fix_all {
            self.notice = Some("Applying the safe fixes…".into());
        }
    }

    /// The diagnostics and picture of the current revision.
    fn take(&mut self, linted: Linted, lint_ms: f64, wire_ms: f64) {
        self.diagnostics = linted.diagnostics;
        self.picture = Rc::new(linted.picture);
        self.last_lint_ms = lint_ms;
        self.last_wire_ms = wire_ms;
        self.linted_revision = self.revision;
        self.lints += 1;
    }

    /// A download: made in the worker when there is one (it lints the
    /// files for it), else here.
    fn download(&mut self, what: Export) {
        self.close_menu();
        if let Some(worker) = &self.worker {
            worker.post_export(what, &self.tabs, &self.settings);
        } else {
            let file = what.make(&self.tabs, &self.options());
            self.offer(file);
        }
    }

    fn offer(&mut self, file: Option<Offered>) {
        let said = match file {
            None => Some("No safe fix changes these files.".into()),
            Some(f) => browser::download(&f.name, &f.media_type, &f.bytes)
                .err()
                .map(|e| format!("The download did not start: {e}")),
        };
        if said.is_some() {
            self.notice = said;
        }
    }

    /// What the worker said. An answer to an older revision than the
    /// files' is dropped; then the lint that waited is posted.
    fn heard(&mut self, heard: Heard, ctx: &Context<Self>) {
        let text = match heard {
            Heard::Reply(text) => text,
            Heard::Failed(why) => {
                web_sys::console::warn_1(&format!("srs-check: no lint worker ({why}); linting on the page").into());
                self.worker = None;
                self.fix_all_queued = false;
                self.lint_now();
                return;
            }
            Heard::Export(file) => {
                self.offer(file);
                return;
            }
            Heard::Panicked(text) => {
                self.worker_panicked = true;
                crate::show_bug(&text);
                return;
            }
            Heard::Crashed(why) => {
                if !self.worker_panicked {
                    crate::show_bug(&format!(
                        "srs-check's lint stopped: {why}. The page keeps working: it lints again on your next change."
                    ));
                }
                self.worker_panicked = false;
                // A fresh worker for the next lint; the revision this one
                // died on is not sent again.
                self.worker = LintWorker::start(ctx.link().callback(Msg::Worker)).ok();
                return self.after_reply();
            }
        };
        let started = now();
        let reply = Reply::decode(&text);
        let decode_ms = now() - started;
        if let Some(worker) = &mut self.worker {
            worker.in_flight = None;
        }
        match reply {
            Ok(Reply {
                revision,
                lint_us,
                encode_us,
                linted,
                fixed,
            }) => {
                if revision == self.revision {
                    if let Some(fixed) = fixed {
                        for (tab, text) in self.tabs.iter_mut().zip(fixed.texts) {
                            tab.text = text;
                        }
                        if fixed.applied > 0 {
                            self.replaced();
                        }
                        self.notice = Some(applied_notice(fixed.applied));
                    }
                    self.take(linted, wire::millis(lint_us), wire::millis(encode_us) + decode_ms);
                } else if fixed.is_some() {
                    self.notice = Some("The files changed while the safe fixes were found: none was applied.".into());
                }
            }
            Err(e) => crate::show_bug(&format!("srs-check hit a bug: {e}. The page keeps working.")),
        }
        self.after_reply();
    }

    /// The lint or fixes that waited for the worker's answer.
    fn after_reply(&mut self) {
        if self.fix_all_queued {
            self.fix_all_safe();
        } else if self.lint_queued && self.stale() {
            self.lint_now();
        }
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

    fn create(ctx: &Context<Self>) -> Self {
        let link = ctx.link().clone();
        let hash_listener = Closure::<dyn FnMut()>::new(move || link.send_message(Msg::HashChanged));
        let link = ctx.link().clone();
        let resize_listener = Closure::<dyn FnMut()>::new(move || link.send_message(Msg::Resized));
        if let Some(w) = web_sys::window() {
            for (event, listener) in [("hashchange", &hash_listener), ("resize", &resize_listener)] {
                let _ = w.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
        }
        let mut app = App {
            side: Side::Diagnostics,
            settings: Settings::default(),
            pending_share: None,
            shared: String::new(),
            share_too_long_said: false,
            _hash_listener: Some(hash_listener),
            _resize_listener: Some(resize_listener),
            tabs: Vec::new(),
            active: 0,
            reshow: true,
            shown: None,
            top_line: 0,
            visible_lines: VISIBLE_AT_FIRST,
            diagnostics: Vec::new(),
            picture: Rc::default(),
            revision: 0,
            linted_revision: 0,
            lints: 0,
            last_lint_ms: 0.0,
            last_wire_ms: 0.0,
            pending_lint: None,
            worker: match LintWorker::start(ctx.link().callback(Msg::Worker)) {
                Ok(worker) => Some(worker),
                Err(e) => {
                    web_sys::console::warn_1(&format!("srs-check: no lint worker ({e}); linting on the page").into());
                    None
                }
            },
            lint_queued: false,
            fix_all_queued: false,
            worker_panicked: false,
            notice: None,
            renaming: None,
            pending_jump: None,
            textarea: NodeRef::default(),
            menu: NodeRef::default(),
            caret: None,
            backdrop: NodeRef::default(),
            gutter: NodeRef::default(),
        };
        let fragment = browser::fragment();
        if fragment.is_empty() {
            app.load(0);
        } else if let Err(e) = app.restore(&fragment) {
            app.load(0);
            app.notice = Some(format!(
                "This link's files could not be opened: {e}. Here is an example instead."
            ));
        } else {
            app.shared = fragment;
        }
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let revision = self.revision;
        let (active, side, settings) = (self.active, self.side, self.settings.clone());
        let render = self.handle(ctx, msg);
        if self.active != active {
            self.reshow = true;
            if self.pending_jump.is_none() {
                self.top_line = 0;
            }
        }
        if self.revision != revision || self.active != active || self.side != side || self.settings != settings {
            self.schedule_share(ctx);
        }
        render
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first_render: bool) {
        self.size_textarea();
        self.show_text();
        self.after_render();
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        self.page(ctx)
    }
}

impl App {
    fn handle(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::ShowSide(side) => self.side = side,
            Msg::Settings(settings) => {
                self.settings = settings;
                self.changed();
                self.lint_now();
            }
            Msg::Opened(files, failed) => self.open_files(files, failed),
            Msg::Share => return self.share_now(),
            Msg::CopyLink => {
                self.share_now();
                browser::copy(&browser::href());
                self.notice =
                    Some("The link to these files and settings is in the address bar and on your clipboard.".into());
            }
            Msg::HashChanged => {
                let fragment = browser::fragment();
                if fragment.is_empty() || fragment == self.shared {
                    return false;
                }
                match self.restore(&fragment) {
                    Ok(()) => self.shared = fragment,
                    Err(e) => self.notice = Some(format!("This link's files could not be opened: {e}.")),
                }
            }
            Msg::Download(what) => self.download(what),
            Msg::Caret(at) => {
                if self.caret == Some(at) {
                    return false;
                }
                self.caret = Some(at);
            }
            Msg::Resized => {}
            Msg::Scrolled(top, visible) => {
                self.top_line = top;
                self.visible_lines = visible;
            }
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
            Msg::Worker(heard) => self.heard(heard, ctx),
            Msg::Select(i) => {
                if i < self.tabs.len() {
                    self.active = i;
                    self.caret = None;
                }
            }
            Msg::Add => {
                let name = self.unique_name("untitled");
                self.tabs.push(Buffer::new(name, ""));
                self.active = self.tabs.len() - 1;
                self.replaced();
                self.lint_now();
            }
            Msg::Close(i) => {
                if i < self.tabs.len() {
                    self.tabs.remove(i);
                    if self.active > i || self.active >= self.tabs.len() {
                        self.active = self.active.saturating_sub(1);
                    }
                    self.renaming = None;
                    self.replaced();
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
                    // Drawn around the line at once, as it is scrolled a third of the way down.
                    self.top_line = (at.line as usize).saturating_sub(1 + self.visible_lines / 3);
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
                        self.replaced();
                        self.lint_now();
                    }
                    Err(e) => self.notice = Some(e.to_string()),
                }
            }
            Msg::FixAllSafe => self.fix_all_safe(),
            Msg::Notice(text) => self.notice = Some(text),
            Msg::DismissNotice => self.notice = None,
        }
        true
    }

    /// Gives the textarea the active tab's text when it changed other than
    /// by typing (or the textarea is new), keeping its scroll position and
    /// selection in the same tab.
    fn show_text(&mut self) {
        let (Some(area), Some(tab)) = (self.textarea(), self.tabs.get(self.active)) else {
            return;
        };
        // Every change that brings a new textarea (a tab after none) sets it too.
        if !std::mem::take(&mut self.reshow) {
            return;
        }
        let same_tab = self.shown.replace(self.active) == Some(self.active);
        let top = area.scroll_top();
        area.set_value(&tab.text);
        // Another tab is shown from its start; a fix keeps the view where it was.
        // Moved, it sends a scroll event: the layers follow (`on_scroll`).
        area.set_scroll_top(if same_tab { top } else { 0 });
        sync_scroll(&area, &self.backdrop, &self.gutter);
    }

    /// Gives the textarea the size in pixels of the surface it fills. With
    /// a size of its own it is a relayout boundary to Chromium: a render of
    /// the rest of the page no longer lays out its text again (in a
    /// 2,000-document paste, the first keystroke's 450 ms of layout became
    /// about 120 ms).
    fn size_textarea(&self) {
        let Some(area) = self.textarea() else { return };
        let Some(surface) = area.parent_element() else { return };
        let style = format!(
            "width:{}px;height:{}px",
            surface.client_width(),
            surface.client_height()
        );
        if area.get_attribute("style").as_deref() != Some(style.as_str()) {
            let _ = area.set_attribute("style", &style);
        }
    }

    fn after_render(&mut self) {
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

    fn page(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let on_drop = {
            let scope = link.clone();
            Callback::from(move |e: DragEvent| {
                e.prevent_default();
                if let Some(data) = e.data_transfer() {
                    read_then_open(scope.clone(), dropped::take(&data));
                }
            })
        };
        html! {
            <div class="app" ondragover={Callback::from(|e: DragEvent| e.prevent_default())} ondrop={on_drop}>
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
                    { self.view_file_actions(ctx) }
                    <span class="privacy">{"Runs in your browser; nothing is sent anywhere."}</span>
                </header>
                { self.view_notice(ctx) }
                <main class="panes">
                    <section class="files" aria-label="Files">
                        { self.view_tabs(ctx) }
                        { self.view_editor(ctx) }
                    </section>
                    <div class="side">
                        { self.view_side_tabs(ctx) }
                        { self.view_diagnostics(ctx) }
                        // Hidden rather than left out, so it keeps its zoom and selection.
                        <DeploymentPicture picture={self.picture.clone()} hidden={self.side != Side::Deployment} />
                        <Simulation buffers={self.tabs.clone()} settings={self.settings.clone()}
                            visible={self.side == Side::Simulation} />
                        if self.side == Side::Settings {
                            <SettingsPanel settings={self.settings.clone()} on_change={link.callback(Msg::Settings)} />
                        }
                    </div>
                </main>
            </div>
        }
    }
}

impl App {
    fn view_side_tabs(&self, ctx: &Context<Self>) -> Html {
        let tab = |side: Side| {
            let active = self.side == side;
            html! {
                <button role="tab" id={format!("side-{}", side.key())} class={classes!("side-tab", active.then_some("active"))}
                    aria-selected={active.to_string()} onclick={ctx.link().callback(move |_| Msg::ShowSide(side))}>
                    {side.label()}
                </button>
            }
        };
        html! {
            <div class="side-tabs" role="tablist" aria-label="Right pane">
                { for Side::ALL.into_iter().map(tab) }
            </div>
        }
    }

    /// Opening files and folders, the link, the downloads.
    fn view_file_actions(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let picked = |in_directory: bool| {
            let scope = link.clone();
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                if let Some(list) = input.files() {
                    let files = dropped::file_list(&list);
                    read_then_open(scope.clone(), dropped::Dropped::Picked { files, in_directory });
                }
                // The same files picked again are read again.
                input.set_value("");
            })
        };
        html! {
            <>
                <label class="button" title="Open files (or drop them, or a folder, on the page)">
                    {"Open files…"}
                    <input id="open-files" type="file" multiple=true class="visually-hidden" onchange={picked(false)} />
                </label>
                <label class="button" title="Open every file srs-check reads in a folder">
                    {"Open folder…"}
                    <input id="open-folder" type="file" webkitdirectory=true class="visually-hidden" onchange={picked(true)} />
                </label>
                <button id="share" title="Put the files and settings in the address and copy it"
                    onclick={link.callback(|_| Msg::CopyLink)}>{"Copy link"}</button>
                <details class="menu" ref={self.menu.clone()}>
                    <summary>{"Download"}</summary>
                    <div class="menu-items">
                        <button id="download-json" onclick={link.callback(|_| Msg::Download(Export::Report(ReportFormat::Json)))}>
                            {"Report (JSON)"}
                        </button>
                        <button id="download-sarif" onclick={link.callback(|_| Msg::Download(Export::Report(ReportFormat::Sarif)))}>
                            {"Report (SARIF)"}
                        </button>
                        <button id="download-fixed" onclick={link.callback(|_| Msg::Download(Export::Fixed))}>
                            {"Files with safe fixes"}
                        </button>
                    </div>
                </details>
            </>
        }
    }

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
        let caret_moved = link.batch_callback(|e: MouseEvent| caret_of(&e.target_unchecked_into()).map(Msg::Caret));
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
        let (lines, columns) = editor_view::measure(&tab.text);
        let window = Window::around(self.top_line, self.visible_lines, lines);
        let (backdrop_ref, gutter_ref) = (self.backdrop.clone(), self.gutter.clone());
        // The layers follow the scroll at once; another window is drawn
        // only when the lines in view near the edge of this one.
        let on_scroll = link.batch_callback(move |e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            sync_scroll(&area, &backdrop_ref, &gutter_ref);
            let (top, visible) = editor_view::in_view(area.scroll_top(), area.client_height());
            (!window.holds(top, visible)).then_some(Msg::Scrolled(top, visible))
        });
        html! {
            <>
            <div class="editor">
                <pre class="gutter code" ref={self.gutter.clone()} aria-hidden="true">{ editor_view::gutter(window, &here) }</pre>
                <div class="surface">
                    <pre class="backdrop code" ref={self.backdrop.clone()} aria-hidden="true">
                        { editor_view::backdrop(&tab.text, window, columns, &here) }
                    </pre>
                    // No `value`: the textarea keeps what is typed, and is
                    // given a text only when it changes otherwise (`show_text`).
                    <textarea
                        id="editor"
                        class="code"
                        ref={self.textarea.clone()}
                        aria-label={format!("Contents of {}", tab.name)}
                        spellcheck="false"
                        autocomplete="off"
                        wrap="off"
                        title={self.at_caret(&here).map(|d| d.message.clone())}
                        oninput={on_input}
                        onpaste={on_paste}
                        onscroll={on_scroll}
                        onclick={caret_moved.clone()}
                        onkeyup={link.batch_callback(|e: KeyboardEvent| caret_of(&e.target_unchecked_into()).map(Msg::Caret))}
                    />
                </div>
            </div>
            { self.view_caret_info(&here) }
            </>
        }
    }

    /// The diagnostics whose range holds the caret (an empty range: the
    /// character after it), worst first.
    fn at_caret<'a>(&self, here: &[&'a EditorDiagnostic]) -> Option<&'a EditorDiagnostic> {
        let at = self.caret?;
        here.iter()
            .filter(|d| {
                d.location.is_some_and(|l| {
                    l.utf16_start <= at && (at < l.utf16_end || (l.utf16_start == l.utf16_end && at == l.utf16_start))
                })
            })
            .max_by_key(|d| d.severity)
            .copied()
    }

    /// Under the editor: what is wrong where the caret is. A textarea cannot
    /// show a tooltip per range, so this is the message "on hover".
    fn view_caret_info(&self, here: &[&EditorDiagnostic]) -> Html {
        match self.at_caret(here) {
            Some(d) => html! {
                <p class={classes!("caret-info", severity_class(d.severity))} role="status" aria-live="polite">
                    <span class="code-name">{ format!("{}/{}", d.code, d.name) }</span>{" "}{ &d.message }
                </p>
            },
            None => html! { <p class="caret-info" role="status" aria-live="polite">{"\u{a0}"}</p> },
        }
    }

    fn view_diagnostics(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let (errors, warnings, infos) = self.counts();
        let stale = self.stale();
        html! {
            <section class="diagnostics" aria-label="Diagnostics" hidden={self.side != Side::Diagnostics}
                data-lints={self.lints.to_string()} data-lint-ms={format!("{:.2}", self.last_lint_ms)}
                data-wire-ms={format!("{:.2}", self.last_wire_ms)} data-lint-in={if self.worker.is_some() { "worker" } else { "page" }}>
                <p class="summary" role="status" aria-live="polite">
                    { format!("{errors} errors, {warnings} warnings, {infos} infos in {} files", self.tabs.len()) }
                    <span class="timing">{ format!(" · lint {:.1} ms{}", self.last_lint_ms, if self.worker.is_some() { " in a worker" } else { "" }) }</span>
                </p>
                { diagnostics_list::view(&self.diagnostics, stale, &link.callback(Msg::Jump), &link.callback(Msg::Fix)) }
            </section>
        }
    }
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

fn applied_notice(applied: usize) -> String {
    match applied {
        0 => "No safe fixes to apply.".into(),
        1 => "Applied 1 safe fix.".into(),
        n => format!("Applied {n} safe fixes."),
    }
}

fn is_safe_fix(d: &EditorDiagnostic) -> bool {
    d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe)
}

fn too_large(bytes: usize) -> String {
    format!(
        "That text is {} KiB; a file here holds at most {} KiB (the command-line srs-check reads larger files).",
        bytes / 1024,
        MAX_BUFFER_BYTES / 1024
    )
}

/// The caret's UTF-16 offset in a textarea.
fn caret_of(area: &HtmlTextAreaElement) -> Option<u32> {
    area.selection_start().ok().flatten()
}

/// Reads dropped or picked files off the event loop, then opens them.
fn read_then_open(scope: yew::html::Scope<App>, what: dropped::Dropped) {
    wasm_bindgen_futures::spawn_local(async move {
        let (files, failed) = dropped::read(what).await;
        scope.send_message(Msg::Opened(files, failed));
    });
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

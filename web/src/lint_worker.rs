//! Linting off the page's thread. `web/lint-worker.js` starts this same
//! module in a Web Worker (no second binary: the bundle stays one module)
//! and hands each message to [`lint_in_worker`]; the page holds a
//! [`LintWorker`]. What crosses, and the lint itself, are the core's
//! (`srs_check_core::editor::wire`): this file only moves strings.
//!
//! The downloads are made there too ([`export_in_worker`]): a report or
//! the fixed files take a lint of their own, which would stop a page with a
//! large file for a second or more.

use srs_check_core::editor::{wire, Buffer};
use srs_check_core::export::{self, ReportFormat};
use srs_check_core::settings::Settings;
use srs_check_core::share::{self, State};
use srs_check_core::LintOptions;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, ErrorEvent, Event, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

/// The worker's script, next to the page (scripts/web-build.sh copies it,
/// web/sw.js keeps it offline).
const SCRIPT: &str = "./lint-worker.js";

/// The worker's entry: a [`wire::Request`] in, a [`wire::Reply`] out, as
/// JSON text.
#[wasm_bindgen]
#[must_use]
pub fn lint_in_worker(request: &str) -> String {
    wire::answer(request, worker_now)
}

/// A download the page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Report(ReportFormat),
    /// The files with every safe fix applied.
    Fixed,
}

/// A file to offer, made by [`Export::make`].
pub struct Offered {
    pub name: String,
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// Each download with its name in a message to the worker.
const KEYS: [(Export, &str); 3] = [
    (Export::Report(ReportFormat::Json), "json"),
    (Export::Report(ReportFormat::Sarif), "sarif"),
    (Export::Fixed, "fixed"),
];

impl Export {
    fn key(self) -> &'static str {
        KEYS.iter().find(|(e, _)| *e == self).map_or("fixed", |(_, k)| k)
    }

    fn from_key(key: &str) -> Export {
        KEYS.iter().find(|(_, k)| *k == key).map_or(Export::Fixed, |(e, _)| *e)
    }

    /// The file; `None` for the fixed files when no safe fix changes them.
    pub fn make(self, buffers: &[Buffer], options: &LintOptions) -> Option<Offered> {
        let file = match self {
            Export::Report(format) => export::Download {
                name: format.file_name().into(),
                media_type: format.media_type(),
                bytes: export::report(buffers, options, format).into_bytes(),
            },
            Export::Fixed => export::fixed_download(buffers, options)?,
        };
        Some(Offered {
            name: file.name,
            media_type: file.media_type.into(),
            bytes: file.bytes,
        })
    }
}

/// The worker's entry for a download: `what` an [`Export`]'s key,
/// `settings` a shared link's state with the settings and no files (the
/// page's module reads that format already: no reader of its own), the
/// files as two lists. Answers `{job, name, type, bytes}`, or `{job}` alone
/// when there is nothing to offer.
#[wasm_bindgen]
#[must_use]
pub fn export_in_worker(what: &str, settings: &str, names: &js_sys::Array, texts: &js_sys::Array) -> JsValue {
    // The page and the worker are one build: anything else is a bug.
    let what = Export::from_key(what);
    let settings = share::decode(settings).expect("the page sends its settings").settings;
    let text = |v: JsValue| v.as_string().unwrap_or_default();
    let buffers: Vec<Buffer> = names
        .iter()
        .zip(texts.iter())
        .map(|(n, t)| Buffer::new(text(n), text(t)))
        .collect();
    let answer = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&answer, &key.into(), value);
    };
    set("job", &what.key().into());
    if let Some(file) = what.make(&buffers, &settings.lint_options().unwrap_or_default()) {
        set("name", &file.name.into());
        set("type", &file.media_type.into());
        set("bytes", &js_sys::Uint8Array::from(file.bytes.as_slice()));
    }
    answer.into()
}

/// Whether this instance of the module runs in a worker (where there is no
/// page to render).
pub fn in_worker() -> bool {
    js_sys::global().dyn_ref::<DedicatedWorkerGlobalScope>().is_some()
}

/// The worker's panic hook: the page shows the message in its bug banner.
/// The call that panicked then throws, and `lint-worker.js` says so.
pub fn report_panic(info: &std::panic::PanicHookInfo<'_>) {
    let text = format!(
        "srs-check hit a bug while linting these files: {info}. Please report it with the files you had open. \
         The page keeps working: it lints again on your next change."
    );
    web_sys::console::error_1(&text.clone().into());
    if let Some(scope) = js_sys::global().dyn_ref::<DedicatedWorkerGlobalScope>() {
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"panicked".into(), &text.into());
        let _ = scope.post_message(&message);
    }
}

fn worker_now() -> f64 {
    js_sys::global()
        .dyn_ref::<DedicatedWorkerGlobalScope>()
        .and_then(|s| s.performance())
        .map_or(0.0, |p| p.now())
}

/// What the page hears from its worker.
pub enum Heard {
    /// A reply's text, to decode with [`wire::Reply::decode`].
    Reply(String),
    /// The worker's panic hook ran: the message for the page's bug banner.
    /// A [`Heard::Crashed`] follows.
    Panicked(String),
    /// A call into the worker's module threw (after a panic, a trap): that
    /// worker is done.
    Crashed(String),
    /// A download the worker made; `None` when there was nothing to offer.
    Export(Option<Offered>),
    /// The worker's script or module failed to load (or the browser has no
    /// module workers): lint on the page instead.
    Failed(String),
}

impl Heard {
    /// A message's data: a reply's text, or an object from
    /// `web/lint-worker.js` or [`report_panic`].
    fn of(data: &JsValue) -> Heard {
        if let Some(text) = data.as_string() {
            return Heard::Reply(text);
        }
        let field = |name: &str| {
            js_sys::Reflect::get(data, &name.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        if field("job").is_some() {
            let bytes = js_sys::Reflect::get(data, &"bytes".into()).ok();
            Heard::Export(field("name").map(|name| Offered {
                name,
                media_type: field("type").unwrap_or_default(),
                bytes: bytes.map(|b| js_sys::Uint8Array::new(&b).to_vec()).unwrap_or_default(),
            }))
        } else if let Some(text) = field("panicked") {
            Heard::Panicked(text)
        } else if let Some(why) = field("crashed") {
            Heard::Crashed(why)
        } else {
            Heard::Failed(field("unavailable").unwrap_or_else(|| format!("an unexpected message {data:?}")))
        }
    }
}

/// The page's side: one worker and the revision it is linting.
pub struct LintWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
    /// The revision posted and not answered yet.
    pub in_flight: Option<u64>,
}

impl LintWorker {
    /// # Errors
    /// When the browser cannot start a module worker here.
    pub fn start(heard: Callback<Heard>) -> Result<LintWorker, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(SCRIPT, &options).map_err(|e| describe(&e))?;
        let on_reply = heard.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            on_reply.emit(Heard::of(&e.data()));
        });
        let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            e.prevent_default();
            let why = e
                .dyn_ref::<ErrorEvent>()
                .map(ErrorEvent::message)
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "the worker's script did not load".into());
            heard.emit(Heard::Failed(why));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(LintWorker {
            worker,
            _on_message: on_message,
            _on_error: on_error,
            in_flight: None,
        })
    }

    /// Posts a request; its reply comes through the callback.
    pub fn post(&mut self, request: &wire::Request) {
        self.in_flight = Some(request.revision);
        if let Err(e) = self.worker.post_message(&request.encode().into()) {
            web_sys::console::error_1(&e);
        }
    }

    /// Asks for a download of these files; it comes through the callback
    /// as [`Heard::Export`]. Lints in flight are not affected.
    pub fn post_export(&self, what: Export, buffers: &[Buffer], settings: &Settings) {
        let state = State {
            settings: settings.clone(),
            ..State::default()
        };
        let list = |of: fn(&Buffer) -> &str| buffers.iter().map(|b| JsValue::from(of(b))).collect::<js_sys::Array>();
        let job = js_sys::Object::new();
        for (key, value) in [
            ("job", what.key().into()),
            ("settings", share::encode(&state).into()),
            ("names", list(|b| &b.name).into()),
            ("texts", list(|b| &b.text).into()),
        ] {
            let _ = js_sys::Reflect::set(&job, &JsValue::from_str(key), &value);
        }
        if let Err(e) = self.worker.post_message(&job) {
            web_sys::console::error_1(&e);
        }
    }
}

impl Drop for LintWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
}

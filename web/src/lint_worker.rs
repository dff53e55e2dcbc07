//! Linting off the page's thread. `web/lint-worker.js` starts this same
//! module in a Web Worker (no second binary: the bundle stays one module)
//! and hands each message to [`lint_in_worker`]; the page holds a
//! [`LintWorker`]. What crosses, and the lint itself, are the core's
//! (`srs_check_core::editor::wire`): this file only moves strings.

use srs_check_core::editor::wire;
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
        if let Some(text) = field("panicked") {
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

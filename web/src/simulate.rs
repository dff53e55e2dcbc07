//! The simulation panel: the scenario's controls, the report as bars, and
//! the capacity search run a few simulations at a time between frames, so
//! the page keeps answering while it runs. Parsing the controls, the
//! simulation and the search are the core's (`sim::form`, `sim::Session`);
//! this file only shows them.

use crate::charts::{scale_of, Bar};
use gloo_timers::callback::Timeout;
use srs_check_core::editor::{self, Buffer};
use srs_check_core::lint::LintResult;
use srs_check_core::sim::capacity::{limit_text, Capacity};
use srs_check_core::sim::form::{FieldError, ScenarioFields};
use srs_check_core::sim::report::StartupBucket;
use srs_check_core::sim::{self, CapacitySearch, Choices, Report, Session};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// How long the capacity search may hold the page per turn of the event
/// loop: well under a frame, so typing and scrolling stay smooth.
const CHUNK_MS: f64 = 12.0;

/// A pause in typing before the controls re-read the files (the pods to
/// fail, the entries to suggest): a lint per keystroke would slow typing.
const REFRESH_MS: u32 = 300;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The open files, as one deployment.
    pub buffers: Vec<Buffer>,
    /// Whether the panel is on screen: hidden, it does not re-read files.
    pub visible: bool,
    /// The page's settings (the SRS version the configs are read for).
    pub settings: srs_check_core::settings::Settings,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Streams,
    Players,
    Zipf,
    PublishTo,
    PlayFrom,
    Rtmp,
    Flv,
    Hls,
    Seed,
}

impl Field {
    /// The `sim::form` field name, which its errors carry.
    fn name(self) -> &'static str {
        match self {
            Field::Streams => "streams",
            Field::Players => "players",
            Field::Zipf => "zipf",
            Field::PublishTo => "publish_to",
            Field::PlayFrom => "play_from",
            Field::Rtmp => "rtmp",
            Field::Flv => "flv",
            Field::Hls => "hls",
            Field::Seed => "seed",
        }
    }
}

pub enum Msg {
    Edit(Field, String),
    Fail(String, bool),
    Refresh,
    /// `performance.now()` when Run was clicked.
    Run(f64),
    /// Run number and click-to-paint time.
    Painted(u64, f64),
    FindCapacity,
    CapacityChunk,
    Cancel,
}

enum Search {
    Idle,
    Running {
        search: Box<CapacitySearch>,
        done: u64,
        total: u64,
        /// Dropped, it cancels the next chunk.
        _next: Timeout,
    },
    Cancelled,
    Done(Capacity),
    Failed(String),
}

pub struct Simulation {
    fields: ScenarioFields,
    /// The files' lint run and what they offer, or why they cannot be simulated.
    lint: Option<Rc<LintResult>>,
    choices: Result<Choices, String>,
    pending_refresh: Option<Timeout>,
    /// The files changed while the panel was hidden.
    dirty: bool,
    field_errors: Vec<FieldError>,
    outcome: Option<Result<Report, String>>,
    /// The files changed since the shown report.
    stale: bool,
    runs: u64,
    /// Run number and click time, until the report is painted.
    painting: Option<(u64, f64)>,
    /// The latest run's click-to-paint time, and the simulation's own.
    run_ms: Option<(u64, f64)>,
    simulate_ms: f64,
    search: Search,
}

impl Simulation {
    /// Lints the files here, on the page's thread, unlike the editor's
    /// lints and the downloads (`lint_worker.rs`): a session needs the lint
    /// run itself (its sources and deployment model), which a worker could
    /// only hand over by writing the whole model out and reading it back,
    /// and the core has no reader for it (one would cost the playground's
    /// size budget). So this runs only while the panel is shown: once when
    /// it is, then after a pause in typing; Run and the capacity search
    /// reuse it, and lint on the click only when the files changed since.
    fn refresh(&mut self, props: &Props) {
        self.pending_refresh = None;
        self.dirty = false;
        let options = props.settings.lint_options().unwrap_or_default();
        let result = editor::lint_result(&props.buffers, &options);
        self.choices = sim::choices(&result).map_err(|e| e.to_string());
        if let Ok(c) = &self.choices {
            self.fields.fail.retain(|p| c.pods.contains(p));
        }
        self.lint = Some(Rc::new(result));
    }

    /// The session of the controls' scenario on the current files; `Err(None)`
    /// when a control is wrong (its message is shown by it), else why the
    /// scenario does not fit the files.
    fn session(&mut self, props: &Props) -> Result<Session, Option<String>> {
        if self.lint.is_none() || self.pending_refresh.is_some() || self.dirty {
            self.refresh(props);
        }
        let scenario = self.fields.parse().map_err(|errors| {
            self.field_errors = errors;
            None
        })?;
        self.field_errors.clear();
        let lint = self.lint.as_ref().ok_or(None)?;
        Session::new(lint, &scenario).map_err(|e| Some(e.to_string()))
    }

    fn field(&mut self, field: Field) -> &mut String {
        let f = &mut self.fields;
        match field {
            Field::Streams => &mut f.streams,
            Field::Players => &mut f.players,
            Field::Zipf => &mut f.zipf,
            Field::PublishTo => &mut f.publish_to,
            Field::PlayFrom => &mut f.play_from,
            Field::Rtmp => &mut f.rtmp,
            Field::Flv => &mut f.flv,
            Field::Hls => &mut f.hls,
            Field::Seed => &mut f.seed,
        }
    }

    /// Runs the search for up to [`CHUNK_MS`], then queues the next chunk.
    fn chunk(&mut self, ctx: &Context<Self>) {
        let Search::Running {
            search,
            done,
            total,
            _next: next,
        } = &mut self.search
        else {
            return;
        };
        let started = now();
        loop {
            if let Some(found) = search.step() {
                self.search = Search::Done(found);
                return;
            }
            if now() - started >= CHUNK_MS {
                break;
            }
        }
        (*done, *total) = search.progress();
        *next = next_chunk(ctx);
    }
}

fn next_chunk(ctx: &Context<Simulation>) -> Timeout {
    let link = ctx.link().clone();
    Timeout::new(0, move || link.send_message(Msg::CapacityChunk))
}

impl Component for Simulation {
    type Message = Msg;
    type Properties = Props;

    fn create(ctx: &Context<Self>) -> Self {
        let mut panel = Simulation {
            fields: ScenarioFields::default(),
            lint: None,
            choices: Ok(Choices::default()),
            pending_refresh: None,
            dirty: true,
            field_errors: Vec::new(),
            outcome: None,
            stale: false,
            runs: 0,
            painting: None,
            run_ms: None,
            simulate_ms: 0.0,
            search: Search::Idle,
        };
        if ctx.props().visible {
            panel.refresh(ctx.props());
        }
        panel
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &Props) -> bool {
        let props = ctx.props();
        if props.buffers != old.buffers || props.settings != old.settings {
            self.dirty = true;
            self.stale = self.outcome.is_some();
        }
        if props.visible && self.dirty {
            if old.visible {
                let link = ctx.link().clone();
                self.pending_refresh = Some(Timeout::new(REFRESH_MS, move || link.send_message(Msg::Refresh)));
            } else {
                // Just shown: nobody is typing, so no pause to wait for.
                self.refresh(props);
            }
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Edit(field, text) => {
                *self.field(field) = text;
                let name = field.name();
                self.field_errors.retain(|e| e.field != name && e.field != "protocols");
            }
            Msg::Fail(pod, down) => {
                self.fields.fail.retain(|p| *p != pod);
                if down {
                    self.fields.fail.push(pod);
                }
            }
            Msg::Refresh => self.refresh(ctx.props()),
            Msg::Run(clicked) => {
                let started = now();
                let session = match self.session(ctx.props()) {
                    Ok(s) => s,
                    Err(why) => {
                        if let Some(why) = why {
                            self.outcome = Some(Err(why));
                        }
                        return true;
                    }
                };
                self.outcome = Some(Ok(session.report()));
                self.simulate_ms = now() - started;
                self.stale = false;
                self.runs += 1;
                self.painting = Some((self.runs, clicked));
            }
            Msg::Painted(run, ms) => self.run_ms = Some((run, ms)),
            Msg::FindCapacity => {
                let session = match self.session(ctx.props()) {
                    Ok(s) => s,
                    Err(why) => {
                        self.search = why.map_or(Search::Idle, Search::Failed);
                        return true;
                    }
                };
                let search = session.capacity_search();
                let (done, total) = search.progress();
                self.search = Search::Running {
                    search: Box::new(search),
                    done,
                    total,
                    _next: next_chunk(ctx),
                };
            }
            Msg::CapacityChunk => self.chunk(ctx),
            Msg::Cancel => {
                if matches!(self.search, Search::Running { .. }) {
                    self.search = Search::Cancelled;
                }
            }
        }
        true
    }

    fn rendered(&mut self, ctx: &Context<Self>, _first_render: bool) {
        let Some((run, clicked)) = self.painting.take() else {
            return;
        };
        // The frame callback runs before that frame's paint; a task queued
        // from it runs after the paint.
        let link = ctx.link().clone();
        let after_paint = Closure::once_into_js(move || {
            Timeout::new(0, move || link.send_message(Msg::Painted(run, now() - clicked))).forget();
        });
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(after_paint.unchecked_ref());
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let running = matches!(self.search, Search::Running { .. });
        let measured = self
            .run_ms
            .filter(|(run, _)| *run == self.runs)
            .map(|(_, ms)| format!("{ms:.1}"));
        html! {
            <section class="simulation" aria-label="Simulation" hidden={!ctx.props().visible}
                data-runs={self.runs.to_string()} data-run-ms={measured}
                data-simulate-ms={format!("{:.1}", self.simulate_ms)}>
                { self.view_controls(ctx) }
                <div class="sim-actions">
                    <button id="sim-run" onclick={link.callback(|_| Msg::Run(now()))}>{"Run"}</button>
                    <button id="capacity-run" disabled={running} onclick={link.callback(|_| Msg::FindCapacity)}>
                        {"Find capacity"}
                    </button>
                </div>
                { self.view_capacity(ctx) }
                { self.view_outcome() }
            </section>
        }
    }
}

impl Simulation {
    fn error_of(&self, name: &str) -> Option<&FieldError> {
        self.field_errors.iter().find(|e| e.field == name)
    }

    fn input(&self, ctx: &Context<Self>, field: Field, label: &str, hint: &str, list: Option<&str>) -> Html {
        let name = field.name();
        let id = format!("sim-{}", name.replace('_', "-"));
        let error = self.error_of(name);
        let value = match field {
            Field::Streams => &self.fields.streams,
            Field::Players => &self.fields.players,
            Field::Zipf => &self.fields.zipf,
            Field::PublishTo => &self.fields.publish_to,
            Field::PlayFrom => &self.fields.play_from,
            Field::Rtmp => &self.fields.rtmp,
            Field::Flv => &self.fields.flv,
            Field::Hls => &self.fields.hls,
            Field::Seed => &self.fields.seed,
        };
        let oninput = ctx.link().callback(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            Msg::Edit(field, input.value())
        });
        let error_id = format!("{id}-error");
        html! {
            <div class={classes!("field", error.is_some().then_some("invalid"))}>
                <label for={id.clone()}>{label}</label>
                <input id={id} value={value.clone()} {oninput} placeholder={hint.to_string()}
                    list={list.map(str::to_string)} autocomplete="off" spellcheck="false"
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then(|| error_id.clone())} />
                if let Some(e) = error {
                    <span class="field-error" id={error_id}>{&e.message}</span>
                }
            </div>
        }
    }

    fn view_controls(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let (pods, entries, unavailable) = match &self.choices {
            Ok(c) => (c.pods.as_slice(), c.entries.as_slice(), None),
            Err(why) => (&[][..], &[][..], Some(why)),
        };
        html! {
            <form class="sim-controls" onsubmit={link.callback(|e: SubmitEvent| { e.prevent_default(); Msg::Run(now()) })}>
                if let Some(why) = unavailable {
                    <p class="sim-unavailable">{ format!("Nothing to simulate yet: {why}.") }</p>
                }
                <fieldset>
                    <legend>{"Load"}</legend>
                    { self.input(ctx, Field::Streams, "Streams", "100", None) }
                    { self.input(ctx, Field::Players, "Players", "1000", None) }
                    { self.input(ctx, Field::Zipf, "Zipf exponent", "empty: uniform", None) }
                    { self.input(ctx, Field::Seed, "Seed", "1", None) }
                </fieldset>
                <fieldset>
                    <legend>{"Entries"}</legend>
                    { self.input(ctx, Field::PublishTo, "Publish to", "the Service on 1935", Some("sim-entries")) }
                    { self.input(ctx, Field::PlayFrom, "Play from", "as publishing", Some("sim-entries")) }
                    <datalist id="sim-entries">
                        { for entries.iter().map(|e| html! { <option value={e.clone()} /> }) }
                    </datalist>
                </fieldset>
                <fieldset class="weights">
                    <legend>{"Protocol mix (weights)"}</legend>
                    { self.input(ctx, Field::Rtmp, "RTMP", "0", None) }
                    { self.input(ctx, Field::Flv, "HTTP-FLV", "0", None) }
                    { self.input(ctx, Field::Hls, "HLS", "0", None) }
                    if let Some(e) = self.error_of("protocols") {
                        <span class="field-error" id="sim-protocols-error">{&e.message}</span>
                    }
                </fieldset>
                <fieldset class="failed-pods">
                    <legend>{"Failed pods"}</legend>
                    if pods.is_empty() {
                        <p class="muted">{"No SRS or Nginx pods in these files."}</p>
                    }
                    { for pods.iter().map(|pod| {
                        let name = pod.clone();
                        let onchange = link.callback(move |e: Event| {
                            let input: HtmlInputElement = e.target_unchecked_into();
                            Msg::Fail(name.clone(), input.checked())
                        });
                        html! {
                            <label class="pod-choice">
                                <input type="checkbox" data-pod={pod.clone()}
                                    checked={self.fields.fail.contains(pod)} {onchange} />
                                { pod }
                            </label>
                        }
                    }) }
                </fieldset>
            </form>
        }
    }

    fn view_capacity(&self, ctx: &Context<Self>) -> Html {
        match &self.search {
            Search::Idle => html! {},
            Search::Running { done, total, .. } => html! {
                <div class="capacity-progress" id="capacity-progress">
                    <div role="progressbar" aria-label="Capacity search" aria-valuemin="0"
                        aria-valuemax={total.to_string()} aria-valuenow={done.to_string()}>
                        { Bar::plain(*done, "tone-progress").render(*total) }
                    </div>
                    <span>{ format!("{done} of about {total} simulations") }</span>
                    <button id="capacity-cancel" onclick={ctx.link().callback(|_| Msg::Cancel)}>{"Cancel"}</button>
                </div>
            },
            Search::Cancelled => html! {
                <p class="capacity-status" id="capacity-status">{"Capacity search cancelled."}</p>
            },
            Search::Failed(why) => html! {
                <p class="sim-error" role="alert">{why}</p>
            },
            Search::Done(c) => view_capacity_result(c),
        }
    }

    fn view_outcome(&self) -> Html {
        match &self.outcome {
            None => html! {
                <p class="muted">{"Set the load and press Run to route every publisher and player through these files."}</p>
            },
            Some(Err(why)) => html! { <p class="sim-error" role="alert" id="sim-error">{why}</p> },
            Some(Ok(report)) => html! {
                <div class="sim-results" id="sim-results">
                    if self.stale {
                        <p class="sim-stale">{"The files changed since this run: run again to see their effect."}</p>
                    }
                    { view_summary(report) }
                    { view_pods(report) }
                    { view_startup(&report.play.startup_histogram) }
                    { view_failures(report) }
                    if !report.notes.is_empty() {
                        <h3>{"Notes"}</h3>
                        <ul class="sim-notes">
                            { for report.notes.iter().map(|n| html! { <li>{n}</li> }) }
                        </ul>
                    }
                </div>
            },
        }
    }
}

fn view_summary(r: &Report) -> Html {
    let ms = |v: Option<u32>| v.map_or_else(|| "–".to_string(), |v| format!("{v} ms"));
    let p = &r.play;
    html! {
        <div class="sim-summary">
            <p id="sim-publish">{ format!("Publish: {} attempted, {} accepted, {} rejected.", r.publish.attempted, r.publish.accepted, r.publish.rejected) }</p>
            <p id="sim-play">{ format!("Play: {} attempted, {} started, {} failed ({} redirected, {} slow).", p.attempted, p.ok, p.failed, p.redirected, p.slow) }</p>
            <p>{ format!("Start-up: p50 {}, p95 {}, max {}.", ms(p.startup_ms.p50), ms(p.startup_ms.p95), ms(p.startup_ms.max)) }</p>
            if let Some(b) = &r.bottleneck {
                <p class="bottleneck">{ format!("Bottleneck: {} ({} {} of {}).", b.pod, b.resource, b.used, b.limit) }</p>
            }
        </div>
    }
}

fn view_pods(r: &Report) -> Html {
    let scale = scale_of(r.pods.iter().map(|p| {
        p.max_connections
            .unwrap_or(0)
            .max(p.connections.saturating_add(p.rejected))
    }));
    html! {
        <>
            <h3>{"Connections per pod"}<span class="legend">{" filled: held · track: max_connections · thin: refused"}</span></h3>
            <ul class="chart" id="sim-pods">
                { for r.pods.iter().map(|p| {
                    let limit = p.max_connections.map_or_else(|| "–".to_string(), |m| m.to_string());
                    let mut text = format!("{} / {limit}", p.connections);
                    if p.rejected > 0 {
                        text.push_str(&format!(", {} refused", p.rejected));
                    }
                    if p.down {
                        text.push_str(", down");
                    }
                    let bar = Bar { value: p.connections, limit: p.max_connections, excess: p.rejected, tone: "tone-connections" };
                    html! {
                        <li class={classes!("chart-row", p.down.then_some("down"))} data-pod={p.name.clone()} data-role={p.role}
                            data-connections={p.connections.to_string()}
                            data-max-connections={p.max_connections.map(|m| m.to_string()).unwrap_or_default()}
                            data-rejected={p.rejected.to_string()} data-streams={p.streams.to_string()}>
                            <span class="chart-label" title={p.name.clone()}>{ &p.name }<span class="role">{ p.role }</span></span>
                            { bar.render(scale) }
                            <span class="chart-value">{ text }</span>
                        </li>
                    }
                }) }
            </ul>
        </>
    }
}

fn bucket_label(b: &StartupBucket) -> String {
    let seconds = |ms: u32| ms % 1000 == 0 && ms > 0;
    match b.to_ms {
        Some(to) if seconds(to) && (seconds(b.from_ms) || b.from_ms == 0) && to > 1000 => {
            format!("{}–{} s", b.from_ms / 1000, to / 1000)
        }
        Some(to) if to <= 1000 => format!("{}–{to} ms", b.from_ms),
        Some(to) => format!("{} ms–{} s", b.from_ms, f64::from(to) / 1000.0),
        None if seconds(b.from_ms) => format!("{} s or more", b.from_ms / 1000),
        None => format!("{} ms or more", b.from_ms),
    }
}

fn view_startup(buckets: &[StartupBucket]) -> Html {
    let scale = scale_of(buckets.iter().map(|b| b.players));
    html! {
        <>
            <h3>{"Start-up delay of the plays that started"}</h3>
            <ul class="chart" id="sim-startup">
                { for buckets.iter().map(|b| html! {
                    <li class="chart-row" data-from-ms={b.from_ms.to_string()}
                        data-to-ms={b.to_ms.map(|t| t.to_string()).unwrap_or_default()}
                        data-players={b.players.to_string()}>
                        <span class="chart-label">{ bucket_label(b) }</span>
                        { Bar::plain(b.players, "tone-startup").render(scale) }
                        <span class="chart-value">{ b.players.to_string() }</span>
                    </li>
                }) }
            </ul>
        </>
    }
}

fn view_failures(r: &Report) -> Html {
    let rows: Vec<(&'static str, &str, u64)> = r
        .publish
        .by_reason
        .iter()
        .map(|(reason, n)| ("publish", reason.as_str(), *n))
        .chain(r.play.by_reason.iter().map(|(reason, n)| ("play", reason.as_str(), *n)))
        .collect();
    let scale = scale_of(rows.iter().map(|row| row.2));
    html! {
        <>
            <h3>{"Failures by reason"}</h3>
            if rows.is_empty() {
                <p class="muted" id="sim-no-failures">{"No publish or play failed."}</p>
            } else {
                <ul class="chart" id="sim-failures">
                    { for rows.iter().map(|&(what, reason, count)| html! {
                        <li class="chart-row" data-what={what} data-reason={reason.to_string()} data-count={count.to_string()}>
                            <span class="chart-label">{ format!("{what}: {reason}") }</span>
                            { Bar::plain(count, "tone-failure").render(scale) }
                            <span class="chart-value">{ count.to_string() }</span>
                        </li>
                    }) }
                </ul>
            }
        </>
    }
}

fn view_capacity_result(c: &Capacity) -> Html {
    html! {
        <div class="capacity-result">
            <h3>{"Capacity"}</h3>
            <table id="capacity-result" data-streams={c.streams.to_string()} data-players={c.players.to_string()}>
                <thead><tr><th>{"Pods"}</th><th>{"Streams"}</th><th>{"Players"}</th><th>{"Limit"}</th></tr></thead>
                <tbody>
                    <tr data-failed="">
                        <td>{"all up"}</td><td>{c.streams}</td><td>{c.players}</td><td>{limit_text(c.limited_by.as_ref())}</td>
                    </tr>
                    { for c.under_failure.iter().map(|f| html! {
                        <tr data-failed={f.failed.clone()} data-streams={f.streams.to_string()}>
                            <td>{ format!("{} down", f.failed) }</td><td>{f.streams}</td><td>{f.players}</td>
                            <td>{limit_text(f.limited_by.as_ref())}</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use srs_check_core::sim::report::STARTUP_BUCKET_EDGES_MS;

    #[test]
    fn every_bucket_has_a_label() {
        let labels: Vec<String> = STARTUP_BUCKET_EDGES_MS
            .iter()
            .enumerate()
            .map(|(i, &from_ms)| {
                bucket_label(&StartupBucket {
                    from_ms,
                    to_ms: STARTUP_BUCKET_EDGES_MS.get(i + 1).copied(),
                    players: 0,
                })
            })
            .collect();
        assert_eq!(labels.first().map(String::as_str), Some("0–200 ms"));
        assert!(labels.contains(&"800–1000 ms".to_string()), "{labels:?}");
        assert!(labels.contains(&"1–2 s".to_string()), "{labels:?}");
        assert_eq!(labels.last().map(String::as_str), Some("12 s or more"));
    }
}

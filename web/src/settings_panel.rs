//! The settings panel: the options of `.srs-check.toml` (SRS version,
//! external hosts, checks off, severities) as controls, and the file they
//! make, to copy into a repository. The value is the core's `Settings`.

use srs_check_core::checks::registry;
use srs_check_core::settings::Settings;
use srs_check_core::{Severity, SrsVersion};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub settings: Settings,
    pub on_change: Callback<Settings>,
}

#[function_component(SettingsPanel)]
pub fn settings_panel(props: &Props) -> Html {
    let settings = &props.settings;
    let changed = |edit: fn(&mut Settings, String)| {
        let (settings, on_change) = (settings.clone(), props.on_change.clone());
        move |value: String| {
            let mut next = settings.clone();
            edit(&mut next, value);
            on_change.emit(next);
        }
    };
    let on_version = {
        let apply = changed(|s, v| s.srs_version = v.parse::<u64>().ok().and_then(SrsVersion::from_major));
        Callback::from(move |e: Event| apply(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_hosts = {
        let apply = changed(|s, v| {
            s.hosts.external = v
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
        });
        Callback::from(move |e: Event| apply(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
    };
    let version = settings.srs_version.map(|v| v.major().to_string()).unwrap_or_default();
    let toml = settings.to_toml();
    html! {
        <section class="settings" aria-label="Settings">
            <p class="settings-intro">
                {"The options of "}<code>{".srs-check.toml"}</code>{"; the CLI reads the same file."}
            </p>
            <label class="field">
                {"SRS version "}
                <select id="setting-version" onchange={on_version}>
                    <option value="" selected={version.is_empty()}>
                        { format!("from each image's tag, else {}", SrsVersion::DEFAULT.major()) }
                    </option>
                    { for SrsVersion::ALL.iter().map(|v| {
                        let major = v.major().to_string();
                        html! { <option value={major.clone()} selected={major == version}>{ format!("SRS {major}") }</option> }
                    }) }
                </select>
            </label>
            <label class="field">
                {"Hosts outside the manifests (one per line)"}
                <textarea id="setting-hosts" rows="3" spellcheck="false" onchange={on_hosts}
                    value={settings.hosts.external.join("\n")} />
            </label>
            <table class="checks-table">
                <caption>{"Checks"}</caption>
                <thead><tr><th scope="col">{"On"}</th><th scope="col">{"Check"}</th><th scope="col">{"Severity"}</th></tr></thead>
                <tbody>
                    { for registry::all().map(|meta| check_row(settings, &props.on_change, meta)) }
                </tbody>
            </table>
            <label class="field">
                {".srs-check.toml"}
                <textarea id="setting-toml" class="code" rows="6" readonly=true spellcheck="false"
                    value={if toml.is_empty() { "# all defaults\n".to_string() } else { toml }} />
            </label>
        </section>
    }
}

fn check_row(
    settings: &Settings,
    on_change: &Callback<Settings>,
    meta: &'static srs_check_core::checks::meta::CheckMeta,
) -> Html {
    let code = meta.code;
    let enabled = settings.is_enabled(code);
    let chosen = settings.severity_override(code);
    let on_toggle = {
        let (settings, on_change) = (settings.clone(), on_change.clone());
        Callback::from(move |e: Event| {
            let mut next = settings.clone();
            next.set_enabled(code, e.target_unchecked_into::<HtmlInputElement>().checked());
            on_change.emit(next);
        })
    };
    let on_severity = {
        let (settings, on_change) = (settings.clone(), on_change.clone());
        Callback::from(move |e: Event| {
            let mut next = settings.clone();
            next.set_severity(
                code,
                Severity::parse(&e.target_unchecked_into::<HtmlSelectElement>().value()),
            );
            on_change.emit(next);
        })
    };
    let option = |s: Severity| {
        html! { <option value={s.as_str()} selected={chosen == Some(s)}>{ s.as_str() }</option> }
    };
    html! {
        <tr data-code={code} class={classes!((!enabled).then_some("off"))}>
            <td><input type="checkbox" checked={enabled} onchange={on_toggle}
                aria-label={format!("Run {code} {}", meta.name)} /></td>
            <td title={meta.summary}><code>{code}</code>{" "}{meta.name}</td>
            <td>
                <select aria-label={format!("Severity of {code}")} onchange={on_severity} disabled={!enabled}>
                    <option value="" selected={chosen.is_none()}>{ format!("{} (default)", meta.severity.as_str()) }</option>
                    { option(Severity::Error) }{ option(Severity::Warning) }{ option(Severity::Info) }
                </select>
            </td>
        </tr>
    }
}

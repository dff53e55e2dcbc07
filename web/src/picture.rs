//! The deployment as a picture: the core's [`Picture`] (already laid out)
//! as inline SVG, with zoom, a red broken reference whose diagnostics show
//! on hover, and a details panel for the node clicked or activated from the
//! keyboard.

use srs_check_core::model::layout::{NodeKind, Picture, PictureEdge, PictureNode};
use srs_check_core::model::Role;
use std::rc::Rc;
use yew::prelude::*;

/// Zoom steps, in percent.
const ZOOMS: &[u32] = &[25, 50, 75, 100, 125, 150, 200];
const DEFAULT_ZOOM: usize = 3;

#[derive(Properties)]
pub struct Props {
    pub picture: Rc<Picture>,
    pub hidden: bool,
}

impl PartialEq for Props {
    // A new lint makes a new picture; comparing them field by field would
    // cost as much as drawing. While hidden, new pictures are not drawn:
    // the one current when it is shown again is.
    fn eq(&self, other: &Self) -> bool {
        (self.hidden && other.hidden) || (Rc::ptr_eq(&self.picture, &other.picture) && self.hidden == other.hidden)
    }
}

#[function_component(DeploymentPicture)]
pub fn deployment_picture(props: &Props) -> Html {
    // By id, so the selection survives a lint that keeps the node.
    let selected = use_state(|| None::<String>);
    // An index into ZOOMS; `None` fits the pane's width.
    let zoom = use_state(|| Some(DEFAULT_ZOOM));
    let picture = &props.picture;
    if picture.nodes.is_empty() {
        return html! {
            <p class="picture-empty" hidden={props.hidden}>
                {"Nothing to draw: these files describe no Kubernetes objects. Load a manifest example to see a deployment."}
            </p>
        };
    }
    let percent = zoom.and_then(|z| ZOOMS.get(z)).copied();
    // Fitted, the width follows the pane and the height the aspect ratio.
    let (width, height) = match percent {
        Some(p) => {
            let scaled = |v: i32| (i64::from(v) * i64::from(p) / 100).to_string();
            (scaled(picture.width), Some(scaled(picture.height)))
        }
        None => ("100%".to_string(), None),
    };
    let zoom_by = |step: isize| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| {
            let next = zoom
                .unwrap_or(DEFAULT_ZOOM)
                .saturating_add_signed(step)
                .min(ZOOMS.len() - 1);
            zoom.set(Some(next));
        })
    };
    let fit = {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(None))
    };
    let select = {
        let selected = selected.clone();
        Callback::from(move |id: String| selected.set(Some(id)))
    };
    let chosen = selected
        .as_deref()
        .and_then(|id| picture.nodes.iter().position(|n| n.id == id));
    let broken = picture.edges.iter().filter(|e| e.broken).count();
    html! {
        <div class="picture" hidden={props.hidden}>
            <div class="picture-tools">
                <button aria-label="Zoom out" disabled={*zoom == Some(0)} onclick={zoom_by(-1)}>{"−"}</button>
                <span class="zoom" aria-live="polite">{ percent.map_or_else(|| "fit".to_string(), |p| format!("{p}%")) }</span>
                <button aria-label="Zoom in" disabled={*zoom == Some(ZOOMS.len() - 1)} onclick={zoom_by(1)}>{"+"}</button>
                <button aria-label="Fit to the pane's width" disabled={zoom.is_none()} onclick={fit}>{"Fit"}</button>
                <span class="picture-summary">
                    { format!("{} objects, {} references", picture.nodes.len(), picture.edges.len()) }
                    if broken > 0 {
                        <span class="broken-count">{ format!(", {broken} broken") }</span>
                    }
                </span>
            </div>
            if picture.truncated {
                <p class="picture-truncated" role="status">
                    { format!(
                        "Showing the first {} of {} objects and {} of {} references.",
                        picture.nodes.len(), picture.total_nodes, picture.edges.len(), picture.total_edges
                    ) }
                </p>
            }
            <div class="picture-canvas">
                <svg
                    class="deployment"
                    role="group"
                    aria-label="The deployment: objects and the references between them"
                    viewBox={format!("0 0 {} {}", picture.width, picture.height)}
                    width={width}
                    height={height}
                >
                    <defs>
                        { arrowhead("arrow") }
                        { arrowhead("arrow-broken") }
                    </defs>
                    <g class="edges">
                        { for picture.edges.iter().map(|e| edge(picture, e, chosen)) }
                    </g>
                    <g class="nodes">
                        { for picture.nodes.iter().enumerate().map(|(i, n)| node(n, chosen == Some(i), &select)) }
                    </g>
                </svg>
            </div>
            { details(picture, chosen) }
        </div>
    }
}

fn arrowhead(id: &'static str) -> Html {
    html! {
        // In user units: a broken (thicker) line gets no larger head.
        <marker id={id} class={id} viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse"
            markerWidth="10" markerHeight="10" orient="auto-start-reverse">
            <path d="M0 0 L10 5 L0 10 z" />
        </marker>
    }
}

fn edge(picture: &Picture, e: &PictureEdge, chosen: Option<usize>) -> Html {
    let touches = chosen.is_some_and(|c| c == e.from || c == e.to);
    // A warning on a reference that still works.
    let noted = !e.broken && !e.diagnostics.is_empty();
    let class = classes!(
        "edge",
        e.broken.then_some("broken"),
        noted.then_some("noted"),
        touches.then_some("touches")
    );
    let marker = if e.broken { "url(#arrow-broken)" } else { "url(#arrow)" };
    html! {
        <g class={class} data-label={e.label.clone()}>
            <title>{ edge_title(picture, e) }</title>
            // A wide invisible stroke under the line: a 1.5 px curve is
            // too thin to hover.
            <path class="hit" d={e.path.clone()} />
            <path class="line" d={e.path.clone()} marker-end={marker} />
        </g>
    }
}

fn edge_title(picture: &Picture, e: &PictureEdge) -> String {
    let name = |i: usize| picture.nodes.get(i).map_or("?", |n| n.label.as_str());
    let mut text = format!("{} → {}: {}", name(e.from), name(e.to), e.label);
    for d in &e.diagnostics {
        text.push_str(&format!("\n{} {}: {}", d.severity.as_str(), d.code, d.message));
    }
    text
}

fn node(n: &PictureNode, selected: bool, select: &Callback<String>) -> Html {
    let class = classes!(
        "node",
        n.kind.as_str(),
        n.role.map(role_class),
        n.unresolved.then_some("unresolved"),
        selected.then_some("selected"),
    );
    let onclick = {
        let (select, id) = (select.clone(), n.id.clone());
        Callback::from(move |_: MouseEvent| select.emit(id.clone()))
    };
    let onkeydown = {
        let (select, id) = (select.clone(), n.id.clone());
        Callback::from(move |e: KeyboardEvent| {
            if matches!(e.key().as_str(), "Enter" | " ") {
                // Space would scroll the pane.
                e.prevent_default();
                select.emit(id.clone());
            }
        })
    };
    let (w, h) = (n.width, n.height);
    html! {
        <g class={class} transform={format!("translate({} {})", n.x, n.y)} data-id={n.id.clone()}
            tabindex="0" role="button" aria-pressed={selected.to_string()}
            aria-label={format!("{}: {}", n.caption, n.label)} {onclick} {onkeydown}>
            { shape(n.kind, w, h) }
            <text class="caption" x={(w / 2).to_string()} y="17">{ &n.caption }</text>
            <text class="label" x={(w / 2).to_string()} y="34">{ &n.label }</text>
        </g>
    }
}

/// One outline per kind, so the kinds tell apart without colour.
fn shape(kind: NodeKind, w: i32, h: i32) -> Html {
    let rect = |rx: i32| {
        html! { <rect class="shape" width={w.to_string()} height={h.to_string()} rx={rx.to_string()} /> }
    };
    let path = |d: String| html! { <path class="shape" d={d} /> };
    match kind {
        NodeKind::Pod => rect(h / 2),
        NodeKind::Service => {
            let cut = 12;
            path(format!(
                "M{cut} 0 H{} L{w} {} L{} {h} H{cut} L0 {} Z",
                w - cut,
                h / 2,
                w - cut,
                h / 2
            ))
        }
        NodeKind::ConfigMap => {
            let fold = 10;
            path(format!(
                "M0 0 H{} L{w} {fold} V{h} H0 Z M{} 0 V{fold} H{w}",
                w - fold,
                w - fold
            ))
        }
        NodeKind::Claim | NodeKind::Volume => {
            // A cylinder: the top's far half drawn over the body.
            let r = 5;
            path(format!(
                "M0 {r} A{} {r} 0 0 1 {w} {r} V{} A{} {r} 0 0 1 0 {} Z M0 {r} A{} {r} 0 0 0 {w} {r}",
                w / 2,
                h - r,
                w / 2,
                h - r,
                w / 2
            ))
        }
        NodeKind::Workload => rect(2),
        NodeKind::Host | NodeKind::Object => rect(6),
    }
}

fn details(picture: &Picture, chosen: Option<usize>) -> Html {
    let Some((at, n)) = chosen.and_then(|i| picture.nodes.get(i).map(|n| (i, n))) else {
        return html! {
            <p class="node-details hint">{"Select an object (click, or Tab and Enter) to see what it is and its SRS role."}</p>
        };
    };
    let references: Vec<&PictureEdge> = picture.edges.iter().filter(|e| e.from == at || e.to == at).collect();
    let name = |i: usize| picture.nodes.get(i).map_or("?", |n| n.label.as_str());
    html! {
        <section class="node-details" aria-label="Selected object" aria-live="polite">
            <h2>{ &n.caption }{" "}<code>{ &n.label }</code></h2>
            if let Some(role) = n.role {
                <p class={classes!("role", role_class(role))}>{ format!("SRS role: {}", role_name(role)) }</p>
            }
            <ul class="facts">
                { for n.details.iter().map(|line| html! { <li>{ line }</li> }) }
            </ul>
            if !references.is_empty() {
                <h3>{"References"}</h3>
                <ul class="references">
                    { for references.iter().map(|e| {
                        let text = if e.from == at {
                            format!("→ {}: {}", name(e.to), e.label)
                        } else {
                            format!("← {}: {}", name(e.from), e.label)
                        };
                        html! {
                            <li class={classes!(e.broken.then_some("broken"))}>
                                { text }
                                { for e.diagnostics.iter().map(|d| html! {
                                    <span class="reference-diagnostic">{ format!("{} {}: {}", d.severity.as_str(), d.code, d.message) }</span>
                                }) }
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Origin => "origin",
        Role::Edge => "edge",
        Role::Standalone => "standalone",
        Role::Mixed => "mixed (vhosts differ)",
    }
}

fn role_class(role: Role) -> &'static str {
    match role {
        Role::Origin => "role-origin",
        Role::Edge => "role-edge",
        Role::Standalone => "role-standalone",
        Role::Mixed => "role-mixed",
    }
}

//! The model for Graphviz (`srs-check graph --format dot`): nodes in the
//! order they were added, then edges in the same order; every id and label
//! quoted, so any name is safe.

use super::graph::{Edge, Node, NodeData};
use super::srs::Role;
use super::Deployment;
use crate::hash::HashSet;
use petgraph::visit::EdgeRef;
use std::fmt::Write as _;

pub fn to_dot(d: &Deployment) -> String {
    let mut out = String::from("digraph deployment {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
    let mut ids = Vec::with_capacity(d.graph.node_count());
    let mut seen = HashSet::default();
    for ix in d.graph.node_indices() {
        let node = &d.graph[ix];
        let mut id = key(node);
        if !seen.insert(id.clone()) {
            id = format!("{id}#{}", ix.index());
            seen.insert(id.clone());
        }
        let _ = writeln!(
            out,
            "  {} [shape={}, label={}];",
            quote(&id),
            shape(node),
            quote(&label(node))
        );
        ids.push(id);
    }
    for e in d.graph.edge_references() {
        let _ = writeln!(
            out,
            "  {} -> {} [label={}{}];",
            quote(&ids[e.source().index()]),
            quote(&ids[e.target().index()]),
            quote(&edge_label(e.weight())),
            if matches!(e.weight(), Edge::Names(_) | Edge::ResolvesTo) {
                ", style=dashed"
            } else {
                ""
            }
        );
    }
    out.push_str("}\n");
    out
}

/// `pod:default/srs-origin-0`, `statefulset:default/srs-origin`, `pv:pv-nas`.
pub(super) fn key(node: &Node) -> String {
    let kind = match &node.data {
        NodeData::Object(o) => o.kind.to_ascii_lowercase(),
        NodeData::PersistentVolume(_) => "pv".into(),
        NodeData::SrsServer(_) => "srs".into(),
        NodeData::HostName(_) => "host".into(),
        _ => node.kind().into(),
    };
    if node.namespace.is_empty() {
        format!("{kind}:{}", node.name)
    } else {
        format!("{kind}:{}/{}", node.namespace, node.name)
    }
}

fn shape(node: &Node) -> &'static str {
    match &node.data {
        NodeData::Object(_) => "box",
        NodeData::Pod(_) => "ellipse",
        NodeData::Container(_) => "component",
        NodeData::SrsServer(_) => "box3d",
        NodeData::Service(_) => "hexagon",
        NodeData::Claim(_) | NodeData::PersistentVolume(_) => "cylinder",
        NodeData::HostName(_) => "note",
    }
}

fn label(node: &Node) -> String {
    let name = if node.namespace.is_empty() {
        node.name.to_string()
    } else {
        format!("{}/{}", node.namespace, node.name)
    };
    match &node.data {
        NodeData::Object(o) => format!("{}\n{name}", o.kind),
        NodeData::Pod(p) if p.generated => format!("Pod (made up)\n{name}"),
        NodeData::Pod(_) => format!("Pod\n{name}"),
        NodeData::Container(c) => match &c.image {
            Some(image) => format!("Container\n{name}\n{image}"),
            None => format!("Container\n{name}"),
        },
        NodeData::SrsServer(s) => {
            let role = match s.role {
                Role::Origin => "origin",
                Role::Edge => "edge",
                Role::Standalone => "standalone",
                Role::Mixed => "mixed",
            };
            let ports: Vec<String> = s.listen.iter().map(|l| l.port.to_string()).collect();
            let mut text = format!("SRS {role}\n{name}\nrtmp {}", ports.join(" "));
            if s.http_api.enabled {
                let _ = write!(text, ", api {}", s.http_api.port);
            }
            text
        }
        NodeData::Service(s) => {
            let kind = if s.headless {
                "headless"
            } else {
                s.service_type.as_str()
            };
            format!("Service ({kind})\n{name}")
        }
        NodeData::Claim(_) => format!("PersistentVolumeClaim\n{name}"),
        NodeData::PersistentVolume(_) => format!("PersistentVolume\n{name}"),
        NodeData::HostName(h) => format!("{}\n({})", h.host, h.resolution),
    }
}

fn edge_label(edge: &Edge) -> String {
    match edge {
        Edge::Names(mention) => {
            let (usage, text) = (&mention.usage, &mention.text);
            let usage = serde_json::to_value(usage)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            format!("{usage} {text}")
        }
        Edge::Mounts { volume } => format!("mounts {volume}"),
        Edge::ConfigFrom { key } => format!("config-from {key}"),
        e => e.kind().to_string(),
    }
}

/// A Graphviz quoted string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }
}

//! The model as JSON, for `srs-check graph --format json` and the web app.

use super::{Deployment, NodeData};
use petgraph::visit::EdgeRef;
use serde_json::{json, Map, Value};

pub fn to_json(d: &Deployment) -> Value {
    let nodes: Vec<Value> = d
        .graph
        .node_indices()
        .map(|ix| {
            let node = &d.graph[ix];
            let mut m = Map::new();
            m.insert("id".into(), json!(ix.index()));
            m.insert("kind".into(), json!(node.kind()));
            m.insert("name".into(), json!(node.name));
            m.insert("namespace".into(), json!(node.namespace));
            if let Some(at) = &node.location {
                m.insert("file".into(), json!(at.file));
                m.insert("line".into(), json!(at.line));
            }
            if let Ok(Value::Object(data)) = serde_json::to_value(&node.data) {
                for (k, v) in data {
                    let after_container = k == "container";
                    m.insert(k, v);
                    // A workload's pods share their containers' data; the
                    // pod is the one the node stands in (`<pod>/<container>`).
                    if let (true, NodeData::Container(c)) = (after_container, &node.data) {
                        let pod = node
                            .name
                            .strip_suffix(c.container.as_str())
                            .and_then(|p| p.strip_suffix('/'));
                        m.insert("pod".into(), json!(pod.unwrap_or_default()));
                    }
                }
            }
            Value::Object(m)
        })
        .collect();
    let edges: Vec<Value> = d
        .graph
        .edge_references()
        .map(|e| {
            let mut m = Map::new();
            m.insert("from".into(), json!(e.source().index()));
            m.insert("to".into(), json!(e.target().index()));
            if let Ok(Value::Object(data)) = serde_json::to_value(e.weight()) {
                m.extend(data);
            }
            Value::Object(m)
        })
        .collect();
    let unresolved: Vec<Value> = d
        .unresolved
        .iter()
        .map(|u| {
            let mut m = Map::new();
            m.insert("node".into(), json!(u.object.index()));
            if let Ok(Value::Object(data)) = serde_json::to_value(u) {
                m.extend(data);
            }
            m.insert("message".into(), json!(u.reason.describe()));
            Value::Object(m)
        })
        .collect();
    json!({ "nodes": nodes, "edges": edges, "unresolved": unresolved })
}

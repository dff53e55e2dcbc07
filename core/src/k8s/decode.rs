//! YAML documents into Kubernetes [`Object`]s: each document's node tree
//! (for where) joined with a k8s-openapi value (for meaning) by path.
//!
//! A document becomes JSON the way Kubernetes reads it ([`super::json`]),
//! is deserialized into its kind's type with `serde_path_to_error` (so a
//! type error has a path, and the path a node and a span), and is serialized
//! again to find the fields the type does not know (`k8s::unknown`).
//! After a type error the offending field is dropped and decoding retried,
//! so one pass reports every type error and the unknown fields besides. An
//! unknown field's suggestion comes from the fields the type declares there
//! (`k8s::fields`).

use super::fields;
use super::json;
use super::object::{group_of, is_cluster_scoped, Object, Typed};
use super::path::{self, Step};
use super::unknown::unknown_fields;
use crate::checks::kubernetes::{k8s_duplicate_object, k8s_missing_field, k8s_type_error, k8s_unknown_field};
use crate::diagnostic::Diagnostic;
use crate::hash::HashMap;
use crate::source::{FileId, Span};
use crate::yaml::{Document, Items, Node, NodeKind, OwnedNode};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, PersistentVolume, PersistentVolumeClaim, Pod, Service};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Type errors reported for one object before giving up on it.
const MAX_TYPE_ERRORS: usize = 50;

/// Reads the Kubernetes objects of a YAML stream's documents. Empty
/// documents are skipped; a `kind: List` (or `ConfigMapList`, …) gives its
/// items. Diagnostics: `SRS404` unknown field, `SRS405` type error, `SRS406`
/// missing `apiVersion`/`kind`/`metadata.name`; sorted by position. The
/// same object twice (`SRS407`) is a question for all inputs together: see
/// [`duplicate_objects`].
pub fn decode_stream(
    file: FileId,
    mut documents: Vec<Document>,
    default_namespace: &str,
) -> (Vec<Object>, Vec<Diagnostic>) {
    // Documents decode independently: a long stream is decoded in two
    // halves at once where there are two cores, and put back in order.
    if documents.len() < PARALLEL_DOCUMENTS {
        return decode_part(file, documents, default_namespace, 0);
    }
    let second = documents.split_off(documents.len() / 2);
    let first_of_second = documents.len();
    let ((mut objects, mut diags), (more_objects, more_diags)) = crate::parallel::join(
        || decode_part(file, documents, default_namespace, 0),
        || decode_part(file, second, default_namespace, first_of_second),
    );
    objects.extend(more_objects);
    // Both halves are sorted, and the second's documents come after the first's.
    diags.extend(more_diags);
    (objects, diags)
}

/// Streams shorter than this are decoded on one thread.
const PARALLEL_DOCUMENTS: usize = 256;

/// Decodes documents whose first is the stream's document `first_index`.
fn decode_part(
    file: FileId,
    documents: Vec<Document>,
    default_namespace: &str,
    first_index: usize,
) -> (Vec<Object>, Vec<Diagnostic>) {
    let mut decoder = Decoder {
        file,
        default_namespace,
        objects: Vec::new(),
        diags: Vec::new(),
    };
    // Each tree moves into its object: a big stream is not held twice.
    for (doc_index, doc) in documents.into_iter().enumerate() {
        if let Some(root) = doc.root {
            decoder.document(first_index + doc_index, &root);
        }
    }
    let Decoder { objects, mut diags, .. } = decoder;
    diags.sort_by_key(|d| (d.primary.span.start, d.primary.span.end, d.code));
    // A bad `metadata.name` is found by both the object's own reading and
    // the typed decode.
    diags.dedup_by(|a, b| a.code == b.code && a.primary.span == b.primary.span);
    (objects, diags)
}

struct Decoder<'a> {
    file: FileId,
    default_namespace: &'a str,
    objects: Vec<Object>,
    diags: Vec<Diagnostic>,
}

/// A string field every object needs.
enum Required {
    Present(String),
    Missing,
    /// There, but not a string: already reported.
    Reported,
}

impl Decoder<'_> {
    fn span(&self, node: Node<'_>) -> Span {
        Span {
            file: self.file,
            ..node.span
        }
    }

    fn document(&mut self, doc_index: usize, owned: &OwnedNode) {
        let node = owned.node();
        match node.kind() {
            NodeKind::Map { .. } => {}
            NodeKind::Scalar(s) if json::scalar_json(node, s).is_null() => return,
            _ => {
                let d = k8s_type_error::not_an_object(self.span(node), &json::describe(node));
                self.diags.push(d);
                return;
            }
        }
        let kind = json::get(node, "kind").and_then(|e| e.value.as_scalar().map(|s| json::scalar_json(e.value, s)));
        if let Some(Value::String(kind)) = &kind {
            if let Some(items) = list_items(node, kind) {
                // The items share their list's tree.
                for item in items {
                    self.document(doc_index, &owned.child(item));
                }
                return;
            }
        }
        self.object(doc_index, owned.clone());
    }

    fn object(&mut self, doc_index: usize, owned: OwnedNode) {
        let node = owned.node();
        let api_version = self.required(node, &["apiVersion"]);
        let kind = self.required(node, &["kind"]);
        let has_generate_name = path::at(node, &["metadata", "generateName"]).is_some();
        let name = self.required(node, &["metadata", "name"]);
        let namespace = self.required(node, &["metadata", "namespace"]);
        let mut invalid = false;

        // What is missing, said once per object at a place that names it.
        let mut missing = Vec::new();
        for (field, value) in [("apiVersion", &api_version), ("kind", &kind)] {
            match value {
                Required::Missing => missing.push(field),
                Required::Reported => invalid = true,
                Required::Present(_) => {}
            }
        }
        match &name {
            Required::Missing if !has_generate_name => missing.push("metadata.name"),
            Required::Reported => invalid = true,
            _ => {}
        }
        invalid |= matches!(namespace, Required::Reported);
        if !missing.is_empty() {
            invalid = true;
            let kind_text = match &kind {
                Required::Present(k) => Some(k.as_str()),
                _ => None,
            };
            let anchor = Self::missing_anchor(node, &missing);
            let d = k8s_missing_field::diagnostic(self.span(anchor.0), anchor.1, &missing, kind_text);
            self.diags.push(d);
        }

        let text = |r: &Required| match r {
            Required::Present(s) => s.clone(),
            _ => String::new(),
        };
        let (api_version, kind, name, namespace) = (text(&api_version), text(&kind), text(&name), text(&namespace));
        let namespace = if is_cluster_scoped(group_of(&api_version), &kind) {
            String::new()
        } else if namespace.is_empty() {
            self.default_namespace.to_string()
        } else {
            namespace
        };

        let mut value = json::to_json(node);
        if (api_version.as_str(), kind.as_str()) == ("v1", "ConfigMap") {
            invalid |= self.configmap_data(node, &mut value);
        }
        json::strip_nulls(&mut value);
        let typed = match (api_version.as_str(), kind.as_str()) {
            ("v1", "ConfigMap") => self.typed(node, value, |_: ConfigMap| Typed::ConfigMap),
            ("v1", "Service") => self.typed(node, value, |t: Service| Typed::Service(Box::new(t.into()))),
            ("v1", "Pod") => self.typed(node, value, |t: Pod| Typed::Pod(Box::new(t.into()))),
            ("v1", "PersistentVolume") => self.typed(node, value, |t: PersistentVolume| {
                Typed::PersistentVolume(Box::new(t.into()))
            }),
            ("v1", "PersistentVolumeClaim") => self.typed(node, value, |t: PersistentVolumeClaim| {
                Typed::PersistentVolumeClaim(Box::new(t.into()))
            }),
            ("v1", "Namespace") => self.typed(node, value, |_: Namespace| Typed::Namespace),
            ("apps/v1", "StatefulSet") => {
                self.typed(node, value, |t: StatefulSet| Typed::StatefulSet(Box::new(t.into())))
            }
            ("apps/v1", "Deployment") => self.typed(node, value, |t: Deployment| Typed::Deployment(Box::new(t.into()))),
            ("apps/v1", "DaemonSet") => self.typed(node, value, |t: DaemonSet| Typed::DaemonSet(Box::new(t.into()))),
            _ => Typed::Other,
        };
        self.objects.push(Object {
            api_version: api_version.into(),
            kind: kind.into(),
            name: name.into(),
            namespace: namespace.into(),
            doc_index,
            tree: owned,
            typed: if invalid { Typed::Invalid } else { typed },
        });
    }

    /// A string at `path`; reports a value that is not one.
    fn required(&mut self, node: Node<'_>, path: &[&str]) -> Required {
        let Some(value) = path::at(node, path) else {
            return Required::Missing;
        };
        let json = match value.kind() {
            NodeKind::Scalar(s) => json::scalar_json(value, s),
            _ => Value::Null,
        };
        match json {
            Value::String(s) if s.is_empty() => Required::Missing,
            Value::String(s) => Required::Present(s),
            // `name: ~` is no name; the typed decode drops the null.
            Value::Null if value.as_scalar().is_some() => Required::Missing,
            _ => {
                let d = self.type_error(
                    value,
                    &path.iter().map(|&s| Step::from(s)).collect::<Vec<_>>(),
                    "a string",
                );
                self.diags.push(d);
                Required::Reported
            }
        }
    }

    /// Where to say that `missing` fields are missing, and the label.
    fn missing_anchor<'n>(node: Node<'n>, missing: &[&str]) -> (Node<'n>, &'static str) {
        let first_key = || node.entries().first().map_or(node, |(k, _)| k);
        let key = |name: &str| json::get(node, name).map(|e| e.key);
        if missing.contains(&"apiVersion") {
            (key("kind").unwrap_or_else(first_key), "no `apiVersion` for this object")
        } else if missing.contains(&"kind") {
            (key("apiVersion").unwrap_or_else(first_key), "no `kind` for this object")
        } else {
            let name = path::at(node, &["metadata"]).and_then(|m| json::get(m, "name"));
            match name {
                // `name: ""`
                Some(e) if json::plain_meaning(e.value).is_none() => (e.value, "empty name"),
                // `name:` or `name: ~`
                Some(e) => (e.key, "no value"),
                None => (
                    key("metadata").unwrap_or_else(first_key),
                    "no `name` in this object's metadata",
                ),
            }
        }
    }

    /// Checks that every `data` value of a ConfigMap is a string and makes
    /// the JSON say what the user wrote, so decoding goes on; `true` when
    /// one was not.
    fn configmap_data(&mut self, node: Node<'_>, value: &mut Value) -> bool {
        let Some(data) = path::at(node, &["data"]) else {
            return false;
        };
        let Some(Value::Object(json_data)) = value.get_mut("data") else {
            return false;
        };
        let mut bad = false;
        for (key, entry) in json::entries(data) {
            match entry.value.kind() {
                NodeKind::Scalar(s) => match json::scalar_json(entry.value, s) {
                    Value::String(_) => {}
                    // Go reads `null` as the empty string here.
                    Value::Null => {
                        json_data.insert(key, Value::String(String::new()));
                    }
                    _ => {
                        bad = true;
                        let d = k8s_type_error::configmap_value(
                            self.span(entry.value),
                            &key,
                            s.value,
                            &json::describe(entry.value),
                            self.exact_span(entry.value),
                        );
                        self.diags.push(d);
                        json_data.insert(key, Value::String(s.value.to_string()));
                    }
                },
                NodeKind::Seq { .. } | NodeKind::Map { .. } => {
                    bad = true;
                    let steps = [Step::from("data"), Step::Key(key.clone())];
                    let d = k8s_type_error::wrong_type(
                        self.span(entry.value),
                        &path::display(&steps),
                        "a string",
                        &json::describe(entry.value),
                    );
                    self.diags.push(d);
                    json_data.remove(&key);
                }
            }
        }
        bad
    }

    /// Decodes `value` into `T`; reports type errors (dropping each
    /// offending field and retrying) and unknown fields.
    fn typed<T: DeserializeOwned + Serialize>(
        &mut self,
        node: Node<'_>,
        mut value: Value,
        wrap: impl FnOnce(T) -> Typed,
    ) -> Typed {
        let mut errors = 0;
        loop {
            match serde_path_to_error::deserialize::<_, T>(fields::reader(&value)) {
                Ok(typed) => {
                    let known = serde_json::to_value(&typed).unwrap_or_default();
                    let unknown = unknown_fields(&value, &known);
                    if !unknown.is_empty() {
                        let declared = fields::declared::<T>(&value);
                        for steps in unknown {
                            let d = self.unknown_field(node, &steps, &declared);
                            self.diags.push(d);
                        }
                    }
                    return if errors == 0 { wrap(typed) } else { Typed::Invalid };
                }
                Err(e) => {
                    let steps = path::from_serde(e.path());
                    let d = self.serde_error(node, &steps, &e.into_inner().to_string());
                    self.diags.push(d);
                    errors += 1;
                    if errors >= MAX_TYPE_ERRORS || !remove_field(&mut value, &steps) {
                        return Typed::Invalid;
                    }
                }
            }
        }
    }

    fn serde_error(&self, root: Node<'_>, steps: &[Step], message: &str) -> Diagnostic {
        let node = path::find(root, steps).value;
        if let Some(rest) = message.strip_prefix("invalid type: ") {
            if let Some((_, expected)) = rest.rsplit_once(", expected ") {
                return self.type_error(node, steps, &expected_text(expected));
            }
        }
        k8s_type_error::invalid(self.span(node), &path::display(steps), message)
    }

    /// `node` at `steps` is not `expected`.
    fn type_error(&self, node: Node<'_>, steps: &[Step], expected: &str) -> Diagnostic {
        let path = path::display(steps);
        if expected == "a string" {
            if let (Some(_), Some(s)) = (json::plain_meaning(node), node.as_scalar()) {
                return k8s_type_error::yaml11_string(
                    self.span(node),
                    &path,
                    s.value,
                    &json::describe(node),
                    self.exact_span(node),
                );
            }
        }
        k8s_type_error::wrong_type(self.span(node), &path, expected, &json::describe(node))
    }

    fn unknown_field(
        &self,
        root: Node<'_>,
        steps: &[Step],
        declared: &HashMap<Vec<Step>, &'static [&'static str]>,
    ) -> Diagnostic {
        let found = path::find(root, steps);
        let key_node = found.key_or_value();
        let Some((Step::Key(field), parent)) = steps.split_last() else {
            unreachable!("an unknown field's path ends with its key")
        };
        // The fields of the type here that the input does not set.
        let parent_input = path::find(root, parent).value;
        let candidates: Vec<&str> = declared
            .get(parent)
            .map(|fields| {
                fields
                    .iter()
                    .copied()
                    .filter(|k| json::get(parent_input, k).is_none())
                    .collect()
            })
            .unwrap_or_default();
        let suggestion = best_match(field, &candidates);
        let kind = json::get(root, "kind")
            .and_then(|e| e.value.as_str())
            .unwrap_or_default();
        k8s_unknown_field::diagnostic(
            self.span(key_node),
            field,
            &path::display(parent),
            &explain_path(kind, parent),
            suggestion.map(|s| (s, self.exact_span(key_node))),
        )
    }

    /// The span of a plain scalar when it is exactly its value's text (no
    /// tag, anchor or line folding): one that a fix may replace.
    fn exact_span(&self, node: Node<'_>) -> Option<Span> {
        let s = node.as_scalar()?;
        let exact = node.tag().is_none()
            && s.verbatim
            && (node.span.end - node.span.start) as usize == s.value.len()
            && matches!(&*node.segments(), [seg] if seg.orig == node.span.start && seg.len as usize == s.value.len());
        exact.then(|| self.span(node))
    }
}

/// `SRS407`: the same object (group, kind, namespace, name) twice among
/// `objects`, which may come from several files: the second is reported,
/// with a label on the first.
pub fn duplicate_objects(objects: &[Object]) -> Vec<Diagnostic> {
    let mut seen: HashMap<(&str, &str, &str, &str), usize> = HashMap::default();
    let mut out = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        if o.api_version.is_empty() || o.kind.is_empty() || o.name.is_empty() {
            continue;
        }
        let key = (o.group(), o.kind.as_str(), o.namespace.as_str(), o.name.as_str());
        let Some(&first) = seen.get(&key) else {
            seen.insert(key, i);
            continue;
        };
        let (a, b) = (&objects[first], o);
        let where_ = |o: &Object| o.at(&["metadata", "name"]).map_or(o.span(), |n| n.span);
        let same_document = a.doc_index == b.doc_index && a.span().file == b.span().file;
        out.push(k8s_duplicate_object::diagnostic(
            where_(b),
            where_(a),
            &b.display_name(),
            &b.namespace,
            same_document,
        ));
    }
    out
}

/// The items of a `kind: List` (or `ConfigMapList`, …, any kind ending in
/// `List` that has an `items` list), which kubectl applies one by one.
fn list_items<'a>(node: Node<'a>, kind: &str) -> Option<Items<'a>> {
    if !kind.ends_with("List") {
        return None;
    }
    match json::get(node, "items").map(|e| e.value.kind()) {
        Some(NodeKind::Seq { items }) => Some(items),
        // `kind: List` with no items: nothing to apply.
        None if kind == "List" => Some(Items::default()),
        Some(NodeKind::Scalar(s)) if kind == "List" && s.value.is_empty() => Some(Items::default()),
        _ => None,
    }
}

/// Drops the field that holds the node at `steps` (the deepest mapping key
/// on the path); `false` when there is none.
fn remove_field(value: &mut Value, steps: &[Step]) -> bool {
    let Some(last_key) = steps.iter().rposition(|s| matches!(s, Step::Key(_))) else {
        return false;
    };
    let mut v = value;
    for step in &steps[..last_key] {
        v = match (step, v) {
            (Step::Key(k), Value::Object(m)) => match m.get_mut(k) {
                Some(v) => v,
                None => return false,
            },
            (Step::Index(i), Value::Array(a)) => match a.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match (&steps[last_key], v) {
        (Step::Key(k), Value::Object(m)) => m.remove(k).is_some(),
        _ => false,
    }
}

/// serde's "expected …" in Kubernetes' words.
fn expected_text(expected: &str) -> String {
    match expected {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "a 32-bit integer" => "an integer".into(),
        "f32" | "f64" => "a number".into(),
        "a sequence" => "a list".into(),
        "a map" => "a mapping".into(),
        "IntOrString" => "an integer or a string".into(),
        "Quantity" => "a quantity (`100Gi`, `500m`, `2`)".into(),
        "Time" | "MicroTime" => "a time (`2024-01-02T03:04:05Z`)".into(),
        "a string" | "a boolean" => expected.into(),
        s if s.starts_with(|c: char| c.is_ascii_uppercase()) && s.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            format!("a mapping (a {s})")
        }
        s => s.into(),
    }
}

/// `kubectl explain deployment.spec.template.spec.containers`.
fn explain_path(kind: &str, parent: &[Step]) -> String {
    let mut out = kind.to_ascii_lowercase();
    for step in parent {
        if let Step::Key(k) = step {
            out.push('.');
            out.push_str(k);
        }
    }
    out
}

/// The candidate most like `field`, if any is close: the same letters in
/// another case, or a small edit away.
fn best_match<'c>(field: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| {
            let score = if c.eq_ignore_ascii_case(field) {
                1.0
            } else {
                strsim::jaro_winkler(&c.to_ascii_lowercase(), &field.to_ascii_lowercase())
            };
            (score, c)
        })
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| *c)
}

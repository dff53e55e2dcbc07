//! From a file path in a container to the ConfigMap key that is there: the
//! volume mount that covers the path (the deepest one, as mounts nest), its
//! `subPath`, the pod volume of that name, and the ConfigMap (or the
//! ConfigMap sources of a projected volume) with its `items` mapping.

use crate::hash::HashMap;
use crate::k8s::slim::{Container, KeyToPath, Volume};
use crate::k8s::{path, Object};
use crate::provider;
use crate::source::Span;
use crate::yaml::Node;
use serde::Serialize;

/// Why the model does not know the config an SRS container runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum UnresolvedReason {
    /// SRS is started without `-c`: it prints its help and exits.
    NoConfigFlag,
    /// `-e` or `SRS_ENV_ONLY`: SRS reads no file, only `SRS_*` variables.
    /// No longer produced: the model reads such a server from its variables.
    EnvOnly,
    /// No volume is mounted where the file is: SRS reads the image's own
    /// file (SRS images ship a sample `conf/srs.conf`), or none.
    NotMounted,
    /// The mount uses `subPathExpr`, which the model does not expand.
    SubPathExpr { volume: String },
    /// The path is the mount point of a whole volume: a directory.
    MountIsDirectory { volume: String },
    /// The mount names a volume the pod does not declare.
    VolumeNotDeclared { volume: String },
    /// The volume is not a ConfigMap (`persistentVolumeClaim`, `secret`, …).
    NotFromConfigMap { volume: String, source: String },
    /// The ConfigMap is not among the manifests read.
    MissingConfigMap { configmap: String, optional: bool },
    /// The ConfigMap has no such key.
    MissingKey { configmap: String, key: String },
    /// The volume's `items` do not put any key at this path.
    NotInItems { configmap: String, path: String },
    /// The key exists, but srs-check did not read it as an SRS config.
    NotAnSrsConfig { configmap: String, key: String },
}

impl UnresolvedReason {
    /// One sentence, for messages.
    pub fn describe(&self) -> String {
        match self {
            UnresolvedReason::NoConfigFlag => "SRS is started without `-c <file>`".into(),
            UnresolvedReason::EnvOnly => "SRS reads no config file (`-e` or `SRS_ENV_ONLY`)".into(),
            UnresolvedReason::NotMounted => {
                "no volume is mounted at the config's path, so SRS reads the image's own file".into()
            }
            UnresolvedReason::SubPathExpr { volume } => {
                format!("volume `{volume}` is mounted with `subPathExpr`, which srs-check does not expand")
            }
            UnresolvedReason::MountIsDirectory { volume } => {
                format!("the config's path is where volume `{volume}` is mounted: a directory")
            }
            UnresolvedReason::VolumeNotDeclared { volume } => {
                format!("the mount names volume `{volume}`, which the pod does not declare")
            }
            UnresolvedReason::NotFromConfigMap { volume, source } => {
                format!("volume `{volume}` is a `{source}`, not a ConfigMap")
            }
            UnresolvedReason::MissingConfigMap { configmap, .. } => {
                format!("ConfigMap `{configmap}` is not in the manifests")
            }
            UnresolvedReason::MissingKey { configmap, key } => format!("ConfigMap `{configmap}` has no key `{key}`"),
            UnresolvedReason::NotInItems { configmap, path } => {
                format!("the `items` of ConfigMap `{configmap}` put nothing at `{path}`")
            }
            UnresolvedReason::NotAnSrsConfig { configmap, key } => {
                format!("key `{key}` of ConfigMap `{configmap}` was not read as an SRS config")
            }
        }
    }
}

/// The ConfigMap key a file comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigKey {
    pub configmap: String,
    pub key: String,
    pub volume: String,
}

/// The ConfigMaps of the manifests by (namespace, name); the last of
/// repeated ones wins, as with `kubectl apply` of the files in order.
#[derive(Default)]
pub struct ConfigMaps<'a> {
    by_name: HashMap<(&'a str, &'a str), (usize, &'a Object)>,
}

impl<'a> ConfigMaps<'a> {
    pub fn insert(&mut self, index: usize, object: &'a Object) {
        self.by_name
            .insert((object.namespace.as_str(), object.name.as_str()), (index, object));
    }

    /// The object's index and the object.
    pub fn get(&self, namespace: &str, name: &str) -> Option<(usize, &'a Object)> {
        self.by_name.get(&(namespace, name)).copied()
    }

    /// Whether the ConfigMap has `key` in `data` or `binaryData`.
    pub fn has_key(object: &Object, key: &str) -> bool {
        ["data", "binaryData"]
            .iter()
            .any(|field| object.at(&[field]).and_then(|d| d.get(key)).is_some())
    }
}

/// Where a container and its pod are written, for spans.
#[derive(Clone, Copy)]
pub struct SpecNodes<'a> {
    /// The container's mapping.
    pub container: Option<Node<'a>>,
    /// The pod spec's `volumes` list.
    pub volumes: Option<Node<'a>>,
}

/// One ConfigMap source of a volume, with the path steps of its YAML
/// mapping inside the volume's.
struct Source<'a> {
    name: &'a str,
    items: Option<&'a [KeyToPath]>,
    optional: bool,
    steps: Vec<String>,
}

/// The ConfigMap key mounted at `file` (absolute) in `container`.
pub fn config_key(
    file: &str,
    container: &Container,
    volumes: &[Volume],
    namespace: &str,
    configmaps: &ConfigMaps<'_>,
    nodes: SpecNodes<'_>,
) -> Result<ConfigKey, (UnresolvedReason, Option<Span>)> {
    let span_in = |root: Option<Node<'_>>, steps: &[&str]| root.and_then(|n| path::at(n, steps)).map(|n| n.span);

    // The deepest mount at or above the file.
    let mount = container
        .volume_mounts
        .iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, m)| {
            let at = provider::normalize(&m.mount_path);
            let rest = if at == file {
                Some(String::new())
            } else {
                let dir = if at == "/" { String::new() } else { at.clone() };
                file.strip_prefix(&format!("{dir}/")).map(str::to_string)
            }?;
            Some((at.len(), i, m, rest))
        })
        .max_by_key(|(len, i, ..)| (*len, *i));
    let Some((_, mi, mount, rest)) = mount else {
        return Err((UnresolvedReason::NotMounted, None));
    };
    let mount_span = span_in(nodes.container, &["volumeMounts", &mi.to_string(), "mountPath"]);
    let volume_name = mount.name.to_string();
    if mount.sub_path_expr.as_deref().is_some_and(|s| !s.is_empty()) {
        return Err((UnresolvedReason::SubPathExpr { volume: volume_name }, mount_span));
    }
    // The file's path inside the volume.
    let sub = mount.sub_path.as_deref().unwrap_or("");
    let inside = provider::normalize(&format!("{sub}/{rest}"));
    let inside = inside.trim_start_matches('/').to_string();
    if inside.is_empty() || inside == "." {
        return Err((UnresolvedReason::MountIsDirectory { volume: volume_name }, mount_span));
    }

    let Some((vi, volume)) = volumes.iter().enumerate().find(|(_, v)| v.name == mount.name) else {
        let span = span_in(nodes.container, &["volumeMounts", &mi.to_string(), "name"]);
        return Err((UnresolvedReason::VolumeNotDeclared { volume: volume_name }, span));
    };
    let vol_span = |steps: &[&str]| {
        let mut full = vec![vi.to_string()];
        full.extend(steps.iter().map(|s| (*s).to_string()));
        let full: Vec<&str> = full.iter().map(String::as_str).collect();
        span_in(nodes.volumes, &full)
    };

    // The ConfigMap sources of the volume.
    let mut sources: Vec<Source<'_>> = Vec::new();
    if let Some(cm) = &volume.config_map {
        sources.push(Source {
            name: &cm.name,
            items: cm.items.as_deref(),
            optional: cm.optional.unwrap_or(false),
            steps: vec!["configMap".into()],
        });
    } else if let Some(projected) = &volume.projected {
        for (si, source) in projected.sources.iter().flatten().enumerate() {
            if let Some(cm) = &source.config_map {
                sources.push(Source {
                    name: &cm.name,
                    items: cm.items.as_deref(),
                    optional: cm.optional.unwrap_or(false),
                    steps: vec!["projected".into(), "sources".into(), si.to_string(), "configMap".into()],
                });
            }
        }
    }
    if sources.is_empty() {
        // A volume that names no source is an `emptyDir`.
        let source = volume.source_field().unwrap_or("emptyDir").to_string();
        return Err((
            UnresolvedReason::NotFromConfigMap {
                volume: volume_name,
                source,
            },
            vol_span(&["name"]),
        ));
    }

    let mut first_miss = None;
    for Source {
        name,
        items,
        optional,
        steps,
    } in &sources
    {
        let at = |more: &[&str]| {
            let mut s: Vec<&str> = steps.iter().map(String::as_str).collect();
            s.extend_from_slice(more);
            vol_span(&s)
        };
        // With `items`, only the listed keys appear, each at its path.
        let key = match items {
            Some(items) => items
                .iter()
                .enumerate()
                .find(|(_, item)| provider::normalize(&item.path) == inside)
                .map(|(ii, item)| (item.key.clone(), at(&["items", &ii.to_string(), "key"]))),
            None => (!inside.contains('/')).then(|| (inside.clone(), mount_span)),
        };
        let Some((key, key_span)) = key else {
            first_miss.get_or_insert((
                UnresolvedReason::NotInItems {
                    configmap: (*name).to_string(),
                    path: inside.clone(),
                },
                at(&["items"]),
            ));
            continue;
        };
        let Some((_, object)) = configmaps.get(namespace, name) else {
            return Err((
                UnresolvedReason::MissingConfigMap {
                    configmap: (*name).to_string(),
                    optional: *optional,
                },
                at(&["name"]),
            ));
        };
        if !ConfigMaps::has_key(object, &key) {
            return Err((
                UnresolvedReason::MissingKey {
                    configmap: (*name).to_string(),
                    key,
                },
                key_span,
            ));
        }
        return Ok(ConfigKey {
            configmap: (*name).to_string(),
            key,
            volume: volume_name,
        });
    }
    Err(first_miss.expect("a volume with sources either matches or misses"))
}

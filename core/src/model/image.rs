//! Container image references: is it SRS, and which major version.

use crate::hash::HashMap;
use crate::schema::SrsVersion;

/// An image reference split as Docker reads it:
/// `[registry[:port]/]path[:tag][@digest]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// Everything before the tag, registry included (`registry.cn-hangzhou.aliyuncs.com/ossrs/srs`).
    pub repository: &'a str,
    pub tag: Option<&'a str>,
}

pub fn parse(image: &str) -> ImageRef<'_> {
    let image = image.trim();
    let without_digest = image.split_once('@').map_or(image, |(r, _)| r);
    // A `:` after the last `/` starts the tag; one before it is a registry port.
    let last_slash = without_digest.rfind('/').map_or(0, |i| i + 1);
    match without_digest[last_slash..].rfind(':') {
        Some(i) => ImageRef {
            repository: &without_digest[..last_slash + i],
            tag: Some(&without_digest[last_slash + i + 1..]).filter(|t| !t.is_empty()),
        },
        None => ImageRef {
            repository: without_digest,
            tag: None,
        },
    }
}

/// An SRS image: the repository's last path component is `srs`
/// (`ossrs/srs`, `registry.cn-hangzhou.aliyuncs.com/ossrs/srs`, a mirror's `…/srs`).
pub fn is_srs(image: &str) -> bool {
    let repo = parse(image).repository;
    repo.rsplit('/')
        .next()
        .is_some_and(|name| name.eq_ignore_ascii_case("srs"))
}

/// The SRS major version an SRS image's tag names: `3`, `v5.0.210`,
/// `5.0-r2`, `6.0.157` → 3, 5, 5, 6. `None` for `latest`, no tag, a tag
/// that does not start with a known major (`ubuntu20`, `dev`), or an image
/// that is not SRS.
pub fn srs_version(image: &str) -> Option<SrsVersion> {
    if !is_srs(image) {
        return None;
    }
    let tag = parse(image).tag?;
    let tag = tag.strip_prefix(['v', 'V']).unwrap_or(tag);
    let digits: String = tag.chars().take_while(char::is_ascii_digit).collect();
    let rest = &tag[digits.len()..];
    // `3`, `3.0`, `3-r1`, not `360p`.
    if digits.is_empty() || !(rest.is_empty() || rest.starts_with(['.', '-', '_'])) {
        return None;
    }
    SrsVersion::from_major(digits.parse().ok()?)
}

/// The pod spec of a workload or Pod object.
pub fn pod_spec(o: &crate::k8s::Object) -> Option<crate::yaml::Node<'_>> {
    match o.kind.as_str() {
        "Pod" => o.at(&["spec"]),
        "StatefulSet" | "Deployment" | "DaemonSet" | "ReplicaSet" | "Job" => o.at(&["spec", "template", "spec"]),
        _ => None,
    }
}

/// The SRS image that runs each ConfigMap: `(namespace, configmap)` → the
/// version of the first SRS container (with a versioned tag) of a pod that
/// mounts it. Configs in ConfigMaps are linted for that version.
pub fn versions_by_configmap(objects: &[crate::k8s::Object]) -> HashMap<(String, String), SrsVersion> {
    let mut out = HashMap::default();
    for o in objects {
        let Some(spec) = pod_spec(o) else { continue };
        let version = spec
            .get("containers")
            .map(|n| n.items())
            .unwrap_or_default()
            .iter()
            .filter_map(|c| c.get("image").and_then(|n| n.as_str()))
            .find_map(srs_version);
        let Some(version) = version else { continue };
        let volumes = spec.get("volumes").map(|n| n.items()).unwrap_or_default();
        for v in volumes {
            if let Some(name) = v.at(&["configMap", "name"]).and_then(|n| n.as_str()) {
                out.entry((o.namespace.to_string(), name.to_string()))
                    .or_insert(version);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srs_versions_from_tags() {
        let v = |s: &str| srs_version(s).map(SrsVersion::major);
        assert_eq!(v("ossrs/srs:3"), Some(3));
        assert_eq!(v("ossrs/srs:v5.0.210"), Some(5));
        assert_eq!(v("registry.cn-hangzhou.aliyuncs.com/ossrs/srs:6"), Some(6));
        assert_eq!(v("localhost:5000/srs:4.0-r3"), Some(4));
        assert_eq!(v("ossrs/srs:6.0.157@sha256:abc"), Some(6));
        assert_eq!(v("ossrs/srs:latest"), None);
        assert_eq!(v("ossrs/srs"), None);
        assert_eq!(v("ossrs/srs:ubuntu20"), None);
        assert_eq!(v("ossrs/srs:2"), None, "not a version srs-check knows");
        assert_eq!(v("nginx:3"), None);
        assert_eq!(v("ossrs/oryx:5"), None);
    }

    #[test]
    fn image_refs() {
        assert_eq!(
            parse("localhost:5000/srs"),
            ImageRef {
                repository: "localhost:5000/srs",
                tag: None
            }
        );
        assert_eq!(parse("srs:").tag, None);
        assert!(is_srs("SRS"));
        assert!(!is_srs("ossrs/srs-cp"));
    }
}

use super::*;
use crate::testing::lint_named;
use crate::LintOptions;

const BUGGY: [(&str, &str); 3] = [
    (
        "1-storage.yaml",
        include_str!("../../../../fixtures/examples/seed-k8s/1-storage.yaml"),
    ),
    (
        "2-origin.yaml",
        include_str!("../../../../fixtures/examples/seed-k8s/2-origin.yaml"),
    ),
    (
        "3-edge.yaml",
        include_str!("../../../../fixtures/examples/seed-k8s/3-edge.yaml"),
    ),
];

const FIXED: [(&str, &str); 3] = [
    (
        "1-storage.yaml",
        include_str!("../../../../fixtures/examples/seed-k8s-fixed/1-storage.yaml"),
    ),
    (
        "2-origin.yaml",
        include_str!("../../../../fixtures/examples/seed-k8s-fixed/2-origin.yaml"),
    ),
    (
        "3-edge.yaml",
        include_str!("../../../../fixtures/examples/seed-k8s-fixed/3-edge.yaml"),
    ),
];

fn draw(files: &[(&str, &str)]) -> Picture {
    let result = lint_named(files, &LintOptions::default());
    picture(&result.deployment, &result.sources, &result.diagnostics)
}

fn node<'a>(p: &'a Picture, id: &str) -> &'a PictureNode {
    p.nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("no node {id} in {:#?}", p.nodes))
}

fn assert_no_overlap(p: &Picture) {
    for (i, a) in p.nodes.iter().enumerate() {
        assert!(a.x >= 0 && a.y >= 0 && a.x + a.width <= p.width && a.y + a.height <= p.height);
        for b in &p.nodes[i + 1..] {
            let apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
            assert!(apart, "{} overlaps {}", a.id, b.id);
        }
    }
}

#[test]
fn the_seed_typo_is_a_broken_edge_to_an_unresolved_host() {
    let p = draw(&BUGGY);
    let host = p
        .nodes
        .iter()
        .position(|n| n.id == "host:default/srs-origin2.socs")
        .expect("the typo's host is drawn");
    assert!(p.nodes[host].unresolved);
    assert_eq!(p.nodes[host].caption, "unresolved host");
    assert!(p.nodes[host].details.iter().any(|d| d.contains("srs-origin-2.socs")));
    let into: Vec<&PictureEdge> = p.edges.iter().filter(|e| e.to == host).collect();
    // The four edge pods run one config: four references, one finding.
    assert_eq!(into.len(), 4, "{into:#?}");
    for e in into {
        assert!(e.broken);
        assert_eq!(e.label, "origin srs-origin2.socs");
        assert_eq!(p.nodes[e.from].role, Some(Role::Edge));
        assert!(
            e.diagnostics
                .iter()
                .any(|d| d.code == "SRS501" && d.message.contains("srs-origin2.socs")),
            "{e:#?}"
        );
        assert!(e.path.starts_with('M'));
    }
    // The glued coworkers are broken too (SRS307), and the coworker with no
    // port (SRS306) is a broken reference between two origins.
    let glued = node(&p, "host:default/srs-origin-0.socssrs-origin-1.socs");
    assert!(glued.unresolved);
    assert!(p.edges.iter().any(|e| e.broken
        && e.label == "coworker srs-origin-2.socs"
        && e.diagnostics.iter().any(|d| d.code == "SRS306")));
    assert!(!p.truncated);
    assert_no_overlap(&p);
}

#[test]
fn the_fixed_seed_has_no_broken_edge_and_edges_point_at_origins() {
    let p = draw(&FIXED);
    assert!(p.edges.iter().all(|e| !e.broken), "{:#?}", p.edges);
    assert!(!p.nodes.iter().any(|n| n.kind == NodeKind::Host), "every host resolves");
    let origin = p
        .nodes
        .iter()
        .position(|n| n.id == "pod:default/srs-origin-2")
        .expect("pod");
    let edge = p
        .nodes
        .iter()
        .position(|n| n.id == "pod:default/srs-edge-deploy-0")
        .expect("pod");
    assert!(p
        .edges
        .iter()
        .any(|e| e.from == edge && e.to == origin && e.label == "origin srs-origin-2.socs"));
    // Left to right the way streams go: edge service, edges, origins, their
    // claim, its volume.
    let x = |id: &str| node(&p, id).x;
    assert!(x("service:default/srs-edge-service") < x("pod:default/srs-edge-deploy-0"));
    assert!(x("pod:default/srs-edge-deploy-0") < x("pod:default/srs-origin-0"));
    assert!(x("pod:default/srs-origin-0") < x("claim:default/pvc-nas"));
    assert!(x("claim:default/pvc-nas") < x("pv:pv-nas"));
    // Coworkers are peers: all origins in one column.
    assert_eq!(x("pod:default/srs-origin-0"), x("pod:default/srs-origin-2"));
    assert_no_overlap(&p);
}

#[test]
fn pods_carry_their_role_and_ports() {
    let p = draw(&FIXED);
    let origin = node(&p, "pod:default/srs-origin-0");
    assert_eq!(origin.role, Some(Role::Origin));
    assert_eq!(origin.kind, NodeKind::Pod);
    assert_eq!(origin.caption, "Pod · SRS origin");
    assert!(origin
        .details
        .iter()
        .any(|d| d.starts_with("SRS role: origin (listens on rtmp 1935, http api 1985")));
    assert!(origin.details.iter().any(|d| d == "owned by StatefulSet/srs-origin"));
    assert!(origin
        .details
        .iter()
        .any(|d| d.starts_with("coworkers: srs-origin-0.socs:1985")));
    let edge = node(&p, "pod:default/srs-edge-deploy-3");
    assert_eq!(edge.role, Some(Role::Edge));
    assert!(edge.details.iter().any(|d| d.starts_with("origins: srs-origin-0.socs")));
    let nginx = node(&p, "pod:default/nginx-origin-deploy-0");
    assert_eq!(nginx.role, None);
    assert!(nginx.details.iter().any(|d| d == "runs no SRS"));
    assert_eq!(node(&p, "statefulset:default/srs-origin").kind, NodeKind::Workload);
    assert_eq!(node(&p, "configmap:default/srs-edge-config").kind, NodeKind::ConfigMap);
    assert_eq!(node(&p, "pv:pv-nas").kind, NodeKind::Volume);
    // A pod's mount of its config and its server's reading of it are one edge.
    let pod = p.nodes.iter().position(|n| n.id == "pod:default/srs-edge-deploy-0");
    let config = p.nodes.iter().position(|n| n.id == "configmap:default/srs-edge-config");
    let both: Vec<&PictureEdge> = p
        .edges
        .iter()
        .filter(|e| Some(e.from) == pod && Some(e.to) == config)
        .collect();
    assert_eq!(both.len(), 1);
    assert_eq!(both[0].label, "reads its config from srs.conf; mounts config-volume");
}

#[test]
fn the_picture_is_deterministic() {
    assert_eq!(draw(&BUGGY), draw(&BUGGY));
    assert_eq!(draw(&FIXED), draw(&FIXED));
}

#[test]
fn a_huge_paste_is_cut_to_the_bounds() {
    let edge = BUGGY[2].1;
    let copies: Vec<(String, String)> = (0..150)
        .map(|i| {
            (
                format!("edge-{i}.yaml"),
                edge.replace("srs-edge", &format!("srs-edge-{i}")),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> = BUGGY[..2].to_vec();
    files.extend(copies.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    let p = draw(&files);
    assert!(p.truncated);
    assert_eq!(p.nodes.len(), MAX_NODES);
    assert!(p.total_nodes > MAX_NODES, "{}", p.total_nodes);
    assert!(p.edges.len() <= MAX_EDGES);
    assert!(p.edges.iter().all(|e| e.from < p.nodes.len() && e.to < p.nodes.len()));
    // Whole neighbourhoods, not the first 400 objects without their pods:
    // every box is connected, the first copies' pods are there with their
    // workload, and so is the typo's red reference.
    let connected = |i: usize| p.edges.iter().any(|e| e.from == i || e.to == i);
    assert!(
        (0..p.nodes.len()).all(connected),
        "{:#?}",
        p.nodes.iter().map(|n| &n.id).collect::<Vec<_>>()
    );
    let owner = node(&p, "deployment:default/srs-edge-0-deploy");
    assert!(
        p.nodes.iter().any(|n| n.id == "pod:default/srs-edge-0-deploy-3"),
        "{owner:?}"
    );
    assert!(p.edges.iter().any(|e| e.broken && e.label == "origin srs-origin2.socs"));
    assert_no_overlap(&p);
}

#[test]
fn plain_configs_draw_nothing() {
    let p = draw(&[("srs.conf", "listen 1935;\ndaemon off;\n")]);
    assert!(p.nodes.is_empty() && p.edges.is_empty() && !p.truncated);
}

#[test]
fn long_names_are_cut_in_the_label_but_not_in_the_details() {
    let long = "a".repeat(60);
    let yaml = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {long}\ndata: {{}}\n");
    let p = draw(&[("cm.yaml", yaml.as_str())]);
    let cm = p.nodes.first().expect("the ConfigMap");
    assert_eq!(cm.label.chars().count(), MAX_LABEL_CHARS);
    assert!(cm.label.ends_with('…'));
    assert!(cm.details[0].contains(&long));
}

#[test]
fn an_address_outside_the_manifests_is_an_external_host_not_a_broken_one() {
    let edge = FIXED[2].1.replace(
        "srs-origin-0.socs srs-origin-1.socs srs-origin-2.socs",
        "srs-origin-0.socs 10.0.0.9:1935",
    );
    let p = draw(&[FIXED[0], FIXED[1], ("3-edge.yaml", edge.as_str())]);
    let host = node(&p, "host:default/10.0.0.9");
    assert_eq!(host.caption, "external host");
    assert!(!host.unresolved);
    assert!(
        !host.details.iter().any(|d| d.contains("no pod or service")),
        "{host:#?}"
    );
    assert!(p.edges.iter().all(|e| !e.broken), "{:#?}", p.edges);
    // The list now misses two origins: a warning on its first word, shown
    // with the reference but not breaking it.
    assert!(p
        .edges
        .iter()
        .any(|e| e.label == "origin srs-origin-0.socs" && e.diagnostics.iter().any(|d| d.code == "SRS502")));
}

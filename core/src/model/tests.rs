//! The model built through a whole lint run.

use super::graph::{NodeData, Program};
use super::{Deployment, Resolution, Role, UnresolvedReason};
use crate::lint::{lint_inputs, Input, LintOptions, LintResult};
use crate::provider::MemoryProvider;
use petgraph::graph::NodeIndex;

const SEED: [(&str, &str); 3] = [
    (
        "seed-k8s/1-storage.yaml",
        include_str!("../../../fixtures/examples/seed-k8s/1-storage.yaml"),
    ),
    (
        "seed-k8s/2-origin.yaml",
        include_str!("../../../fixtures/examples/seed-k8s/2-origin.yaml"),
    ),
    (
        "seed-k8s/3-edge.yaml",
        include_str!("../../../fixtures/examples/seed-k8s/3-edge.yaml"),
    ),
];

fn lint(files: &[(&str, &str)]) -> LintResult {
    let provider = MemoryProvider::new();
    let inputs = files
        .iter()
        .map(|(name, text)| Input {
            name: (*name).to_string(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    lint_inputs(&provider, inputs, &LintOptions::default())
}

fn one(text: &str) -> LintResult {
    lint(&[("test.yaml", text)])
}

fn pod(d: &Deployment, ns: &str, name: &str) -> NodeIndex {
    d.find_pod(ns, name).unwrap_or_else(|| panic!("no pod {ns}/{name}"))
}

fn server_of(d: &Deployment, pod: NodeIndex) -> &super::srs::SrsServer {
    let servers = d.servers_in(pod);
    assert_eq!(servers.len(), 1, "one server in {}", d.node(pod).name);
    match &d.node(servers[0]).data {
        NodeData::SrsServer(s) => s,
        _ => unreachable!(),
    }
}

fn texts(hosts: &[super::srs::HostRef]) -> Vec<&str> {
    hosts.iter().map(|h| h.text.as_str()).collect()
}

fn names(d: &Deployment, nodes: &[NodeIndex]) -> Vec<String> {
    nodes.iter().map(|&n| d.node(n).name.to_string()).collect()
}

#[test]
fn model_seed_origins_and_edges() {
    let r = lint(&SEED);
    let d = &r.deployment;
    assert!(d.unresolved.is_empty(), "{:?}", d.unresolved);
    assert_eq!(r.embedded.len(), 2);

    let sts = d.find_object("StatefulSet", "default", "srs-origin").unwrap();
    assert_eq!(
        names(d, &d.targets(sts, "owns")),
        ["srs-origin-0", "srs-origin-1", "srs-origin-2"]
    );
    for i in 0..3 {
        let p = pod(d, "default", &format!("srs-origin-{i}"));
        let NodeData::Pod(data) = &d.node(p).data else {
            unreachable!()
        };
        assert_eq!(data.ordinal, Some(i));
        assert_eq!(
            data.labels.get("statefulset.kubernetes.io/pod-name"),
            Some(format!("srs-origin-{i}").as_str())
        );
        assert_eq!(
            data.labels.get("apps.kubernetes.io/pod-index"),
            Some(i.to_string().as_str())
        );
        assert_eq!(
            data.dns_name.as_deref(),
            Some(format!("srs-origin-{i}.socs.default.svc.cluster.local").as_str())
        );
        let s = server_of(d, p);
        assert_eq!(s.role, Role::Origin);
        assert_eq!(
            (s.configmap.as_str(), s.key.as_str()),
            ("srs-origin-config", "srs.conf")
        );
        assert_eq!(s.path, "/usr/local/srs/conf/srs.conf");
        assert_eq!(s.version.map(crate::SrsVersion::major), Some(3));
        assert_eq!(s.listen.iter().map(|l| l.port).collect::<Vec<_>>(), [1935]);
        assert!(s.http_api.enabled);
        assert_eq!(s.http_api.port, 1985);
        assert_eq!(
            texts(&s.vhosts[0].coworkers),
            ["srs-origin-0.socssrs-origin-1.socs", "srs-origin-2.socs"]
        );
        // The coworkers word points into the YAML file.
        let at = s.vhosts[0].coworkers[1].location.as_ref().unwrap();
        assert_eq!((&*at.file, at.line), ("seed-k8s/2-origin.yaml", 24));
        assert_eq!(d.pod_of_server(d.servers_in(p)[0]), Some(p));
    }

    let deploy = d.find_object("Deployment", "default", "srs-edge-deploy").unwrap();
    let edges = d.targets(deploy, "owns");
    assert_eq!(edges.len(), 4);
    for &p in &edges {
        let NodeData::Pod(data) = &d.node(p).data else {
            unreachable!()
        };
        assert!(data.generated && data.dns_name.is_none());
        let s = server_of(d, p);
        assert_eq!(s.role, Role::Edge);
        assert_eq!(s.configmap, "srs-edge-config");
        assert_eq!(
            texts(&s.vhosts[0].origins),
            ["srs-origin-0.socssrs-origin-1.socs", "srs-origin2.socs"]
        );
    }

    // Nginx and the file copier do not run SRS.
    let nginx = pod(d, "default", "nginx-origin-deploy-0");
    assert!(d.servers_in(nginx).is_empty());
    for c in d.targets(nginx, "runs") {
        let NodeData::Container(c) = &d.node(c).data else {
            unreachable!()
        };
        assert_eq!(c.program, Program::Other, "{}", c.container);
        assert_eq!(
            c.srs_version.map(crate::SrsVersion::major),
            (c.container == "srs-cp-files").then_some(3)
        );
    }
}

#[test]
fn model_seed_services_names_and_storage() {
    let r = lint(&SEED);
    let d = &r.deployment;

    let api = d.find_service("default", "srs-api-service").unwrap();
    assert_eq!(names(d, &d.selected_by(api)), ["srs-origin-0"]);
    let socs = d.find_service("default", "socs").unwrap();
    let NodeData::Service(s) = &d.node(socs).data else {
        unreachable!()
    };
    assert!(s.headless);
    let sts = d.find_object("StatefulSet", "default", "srs-origin").unwrap();
    assert_eq!(d.governing_service(sts), Some(socs));
    assert_eq!(d.selected_by(socs).len(), 3);
    let edge_svc = d.find_service("default", "srs-edge-service").unwrap();
    assert_eq!(d.selected_by(edge_svc).len(), 4);

    let origin = |i: u32| Resolution::Pod(pod(d, "default", &format!("srs-origin-{i}")));
    assert_eq!(d.resolve("srs-origin-1.socs", "default"), origin(1));
    assert_eq!(
        d.resolve("srs-origin-0.socs.default.svc.cluster.local", "default"),
        origin(0)
    );
    assert_eq!(d.resolve("srs-origin2.socs", "default"), Resolution::Unknown);
    assert_eq!(
        d.suggest("srs-origin2.socs", "default").as_deref(),
        Some("srs-origin-2.socs")
    );
    assert_eq!(d.resolve("socs", "default"), Resolution::Service(socs));
    assert_eq!(d.resolve("127.0.0.1:1985", "default"), Resolution::Loopback);

    // The host names the configs mention, resolved.
    let hosts: Vec<(String, &str, Option<String>)> = d
        .nodes()
        .filter_map(|(_, n)| match &n.data {
            NodeData::HostName(h) => Some((h.host.clone(), h.resolution, h.suggestion.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        hosts,
        [
            ("srs-origin-0.socssrs-origin-1.socs".to_string(), "unknown", None),
            ("srs-origin-2.socs".to_string(), "pod", None),
            (
                "srs-origin2.socs".to_string(),
                "unknown",
                Some("srs-origin-2.socs".to_string())
            ),
        ]
    );
    let o2 = d
        .nodes()
        .find(|(_, n)| n.name == "srs-origin-2.socs" && n.kind() == "host-name")
        .unwrap()
        .0;
    assert_eq!(d.targets(o2, "resolves-to"), [pod(d, "default", "srs-origin-2")]);
    // 3 origins name 2 coworkers, 4 edges name 2 origins.
    assert_eq!(d.graph.edge_weights().filter(|e| e.kind() == "names").count(), 14);

    let pvc = d.find_object("PersistentVolumeClaim", "default", "pvc-nas").unwrap();
    assert_eq!(names(d, &d.targets(pvc, "binds")), ["pv-nas"]);
    // The origins and nginx mount the claim; the origins and edges their ConfigMap.
    assert_eq!(d.sources(pvc, "mounts").len(), 4);
    let cm = d.find_object("ConfigMap", "default", "srs-edge-config").unwrap();
    assert_eq!(d.sources(cm, "mounts").len(), 4);
    assert_eq!(d.sources(cm, "config-from").len(), 4);
}

const ITEMS: &str = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: live
data:
  origin.conf: |
    listen 1935;
    vhost __defaultVhost__ { }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: srs
  namespace: live
spec:
  replicas: 2
  selector:
    matchLabels: {app: srs}
  template:
    metadata:
      labels: {app: srs}
    spec:
      volumes:
        - name: cfg
          configMap:
            name: cfg
            items:
              - key: origin.conf
                path: srs/main.conf
      containers:
        - name: srs
          image: ossrs/srs:v5.0.210
          command: ["./objs/srs"]
          args: ["-c", "/etc/srs/srs/main.conf"]
          volumeMounts:
            - name: cfg
              mountPath: /etc/srs
"#;

#[test]
fn model_config_path_from_args_through_items() {
    let r = one(ITEMS);
    let d = &r.deployment;
    assert!(d.unresolved.is_empty(), "{:?}", d.unresolved);
    let s = server_of(d, pod(d, "live", "srs-1"));
    assert_eq!((s.configmap.as_str(), s.key.as_str()), ("cfg", "origin.conf"));
    assert_eq!(s.path, "/etc/srs/srs/main.conf");
    assert_eq!(s.version.map(crate::SrsVersion::major), Some(5));
    assert_eq!(s.role, Role::Standalone);
    assert_eq!(s.config_index, Some(r.embedded[0].config_index));
    assert_eq!(s.file, r.configs[r.embedded[0].config_index].file);
}

/// `ITEMS` with one line replaced.
fn items_with(from: &str, to: &str) -> String {
    assert!(ITEMS.contains(from), "{from}");
    ITEMS.replace(from, to)
}

fn unresolved(text: &str) -> (UnresolvedReason, u32) {
    let r = one(text);
    let d = &r.deployment;
    assert_eq!(d.unresolved.len(), 1, "{:?}", d.unresolved);
    let u = &d.unresolved[0];
    assert_eq!((u.owner.as_str(), u.container.as_str()), ("Deployment/srs", "srs"));
    assert!(d.servers().next().is_none());
    (u.reason.clone(), u.location.as_ref().unwrap().line)
}

#[test]
fn model_unresolved_configs() {
    assert_eq!(
        unresolved(&items_with("            name: cfg\n", "            name: nope\n")),
        (
            UnresolvedReason::MissingConfigMap {
                configmap: "nope".into(),
                optional: false
            },
            27
        )
    );
    assert_eq!(
        unresolved(&items_with("path: srs/main.conf", "path: srs/other.conf")),
        (
            UnresolvedReason::NotInItems {
                configmap: "cfg".into(),
                path: "srs/main.conf".into()
            },
            29
        )
    );
    assert_eq!(
        unresolved(&items_with("- key: origin.conf", "- key: edge.conf")),
        (
            UnresolvedReason::MissingKey {
                configmap: "cfg".into(),
                key: "edge.conf".into()
            },
            29
        )
    );
    assert_eq!(
        unresolved(&items_with("mountPath: /etc/srs", "mountPath: /etc/other")),
        (UnresolvedReason::NotMounted, 35)
    );
    assert_eq!(
        unresolved(&items_with(
            "- name: cfg\n              mountPath",
            "- name: data\n              mountPath"
        )),
        (UnresolvedReason::VolumeNotDeclared { volume: "data".into() }, 37)
    );
    let json = one(&items_with("            name: cfg\n", "            name: nope\n"))
        .deployment
        .to_json();
    assert_eq!(
        json["unresolved"][0],
        serde_json::json!({
            "node": 1,
            "owner": "Deployment/srs",
            "namespace": "live",
            "container": "srs",
            "path": "/etc/srs/srs/main.conf",
            "file": "test.yaml",
            "line": 27,
            "column": 19,
            "reason": "missing-config-map",
            "configmap": "nope",
            "optional": false,
            "message": "ConfigMap `nope` is not in the manifests"
        })
    );
    // A key that is there but not an SRS config srs-check read.
    let text = items_with("  origin.conf: |", "  origin.txt: |")
        .replace("    listen 1935;", "    greeting hello;\n    listen 1935;")
        .replace("- key: origin.conf", "- key: origin.txt");
    assert_eq!(
        unresolved(&text).0,
        UnresolvedReason::NotAnSrsConfig {
            configmap: "cfg".into(),
            key: "origin.txt".into()
        }
    );
}

#[test]
fn model_sub_path_and_image_default() {
    // The image's default `conf/srs.conf`, one file mounted with subPath.
    let text = items_with(
        "          command: [\"./objs/srs\"]\n          args: [\"-c\", \"/etc/srs/srs/main.conf\"]\n",
        "",
    )
    .replace(
        "mountPath: /etc/srs",
        "mountPath: /usr/local/srs/conf/srs.conf\n              subPath: srs/main.conf",
    );
    let r = one(&text);
    let d = &r.deployment;
    assert!(d.unresolved.is_empty(), "{:?}", d.unresolved);
    let s = server_of(d, pod(d, "live", "srs-0"));
    assert_eq!(s.key, "origin.conf");
    assert_eq!(s.path, "/usr/local/srs/conf/srs.conf");

    // A persistent volume where the config should be.
    let text = items_with(
        "          configMap:\n            name: cfg\n            items:\n              - key: origin.conf\n                path: srs/main.conf\n",
        "          emptyDir: {}\n",
    );
    assert_eq!(
        unresolved(&text).0,
        UnresolvedReason::NotFromConfigMap {
            volume: "cfg".into(),
            source: "emptyDir".into()
        }
    );
}

#[test]
fn model_pod_objects_claim_templates_and_namespaces() {
    let text = r#"apiVersion: v1
kind: Service
metadata: {name: origins, namespace: live}
spec:
  clusterIP: None
  selector: {app: origin}
---
apiVersion: v1
kind: Pod
metadata:
  name: origin-a
  namespace: live
  labels: {app: origin}
spec:
  hostname: a
  subdomain: origins
  containers:
    - name: nginx
      image: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: live}
spec:
  serviceName: origins
  replicas: 2
  ordinals: {start: 5}
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - name: db
          image: postgres
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: big}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: small}
spec:
  capacity: {storage: 2Gi}
  accessModes: [ReadWriteOnce]
"#;
    let r = one(text);
    let d = &r.deployment;
    let a = pod(d, "live", "origin-a");
    assert_eq!(d.resolve("a.origins", "live"), Resolution::Pod(a));
    assert_eq!(d.resolve("a.origins.live", "default"), Resolution::Pod(a));
    assert_eq!(d.resolve("a.origins", "default"), Resolution::Unknown);
    // The db pods are not selected by `origins`, so they get no name.
    let db5 = pod(d, "live", "db-5");
    assert_eq!(d.resolve("db-5.origins", "live"), Resolution::Unknown);
    let claims = d.targets(db5, "mounts");
    assert_eq!(names(d, &claims), ["data-db-5"]);
    let bound: Vec<String> = ["data-db-5", "data-db-6"]
        .iter()
        .map(|c| {
            let claim = d.nodes().find(|(_, n)| n.name == *c).unwrap().0;
            names(d, &d.targets(claim, "binds")).join(",")
        })
        .collect();
    assert_eq!(bound, ["small", "big"], "the smallest volume that fits, once");
}

#[test]
fn model_output_is_stable() {
    let a = lint(&SEED);
    let b = lint(&SEED);
    assert_eq!(a.deployment.to_json(), b.deployment.to_json());
    assert_eq!(a.deployment.to_dot(), b.deployment.to_dot());
    insta::assert_snapshot!("seed_dot", a.deployment.to_dot());
    insta::assert_json_snapshot!("items_json", one(ITEMS).deployment.to_json());
}

#[test]
fn model_json_shape() {
    let r = lint(&SEED);
    let json = r.deployment.to_json();
    let nodes = json["nodes"].as_array().unwrap();
    let server = nodes
        .iter()
        .find(|n| n["kind"] == "srs-server" && n["name"] == "srs-origin-1/srs")
        .unwrap();
    assert_eq!(server["role"], "origin");
    assert_eq!(server["file"], "seed-k8s/2-origin.yaml");
    assert_eq!(server["line"], 10);
    assert_eq!(server["listen"][0]["port"], 1935);
    assert_eq!(server["http_api"]["port"], 1985);
    let sts = nodes.iter().find(|n| n["object_kind"] == "StatefulSet").unwrap();
    assert_eq!(
        (sts["kind"].as_str(), sts["replicas"].as_i64()),
        (Some("object"), Some(3))
    );
    let edges = json["edges"].as_array().unwrap();
    assert!(edges
        .iter()
        .any(|e| e["kind"] == "names" && e["use"] == "origin" && e["line"] == 23));
}

#[test]
fn model_pods_need_a_headless_governing_service() {
    let text = r#"apiVersion: v1
kind: Service
metadata: {name: websvc}
spec:
  selector: {app: web}
  ports: [{port: 1985, targetPort: api}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: websvc
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx}]
"#;
    let r = one(text);
    let d = &r.deployment;
    let svc = d.find_service("default", "websvc").unwrap();
    let sts = d.find_object("StatefulSet", "default", "web").unwrap();
    assert_eq!(d.governing_service(sts), Some(svc));
    assert_eq!(names(d, &d.selected_by(svc)), ["web-0"]);
    assert_eq!(
        d.resolve("web-0.websvc", "default"),
        Resolution::Unknown,
        "not headless"
    );
    assert_eq!(d.resolve("websvc:1985", "default"), Resolution::Service(svc));
    let NodeData::Service(s) = &d.node(svc).data else {
        unreachable!()
    };
    assert_eq!(s.ports[0].target_port, super::graph::PortRef::Name("api".into()));
    assert_eq!(s.service_type, "ClusterIP");
}

const ENV_HELM: &str = include_str!("../../../fixtures/examples/env-helm/srs.yaml");
const ENV_MIXED: &str = include_str!("../../../fixtures/examples/env-mixed/origin.yaml");

#[test]
fn env_only_servers_are_read_from_their_variables() {
    let r = one(ENV_HELM);
    let d = &r.deployment;
    assert!(d.unresolved.is_empty(), "{:?}", d.unresolved);
    let s = server_of(d, pod(d, "default", "srs-0"));
    assert!(s.env_only);
    assert_eq!(s.config_index, None);
    assert_eq!(s.listen.iter().map(|l| l.port).collect::<Vec<_>>(), [1935]);
    assert!(s.http_api.enabled && s.http_server.enabled);
    assert_eq!(s.vhosts[0].name, super::srs::DEFAULT_VHOST);
    // The listen word is the env entry's value in the manifest.
    let at = r
        .sources
        .get(s.listen[0].span.file)
        .line_col(s.listen[0].span.start as usize);
    assert_eq!((at.line, at.column), (65, 22));
    let json = d.to_json();
    let server = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "srs-server")
        .unwrap();
    assert_eq!(server["env_only"], true);
    assert_eq!(server["env_overrides"][1]["directive"], "listen");
    assert_eq!(server["env_overrides"][1]["line"], 65);
}

#[test]
fn variables_override_the_config_in_the_model() {
    let r = one(ENV_MIXED);
    let d = &r.deployment;
    let s = server_of(d, pod(d, "default", "srs-origin-1"));
    assert!(!s.env_only);
    assert!(!s.http_api.enabled, "SRS_HTTP_API_ENABLED=off wins over `enabled on`");
    assert!(s.overridden("http_api"));
    assert_eq!(
        s.env_overrides.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
        ["SRS_HTTP_API_ENABLED", "SRS_VHOST_HLS_HLS_PATH"]
    );
    // The effective config keeps the ConfigMap's words and the variables' words.
    let root = d.directives(&r.configs, s);
    let vhost = root.iter().find(|d| d.name.text == "vhost").unwrap();
    let hls = vhost.get("hls").unwrap();
    assert_eq!(hls.get("enabled").unwrap().arg0(), "on");
    assert_eq!(hls.get("hls_path").unwrap().arg0(), "/data/hls");
    // Without overrides a server reads its loaded config, no copy made.
    let plain = one(&ENV_MIXED.replace("            - name: SRS_HTTP_API_ENABLED\n              value: \"off\"\n            - name: SRS_VHOST_HLS_HLS_PATH\n              value: /data/hls\n", ""));
    let s = server_of(&plain.deployment, pod(&plain.deployment, "default", "srs-origin-0"));
    assert!(s.env_overrides.is_empty() && s.effective.is_none());
    assert!(plain.deployment.effective.is_empty());
}

//! Valid manifests decode without a diagnostic: the SRS documentation's
//! Kubernetes examples, the origin-cluster guide, and the repository's
//! example deployments. Plus the decoder's behaviour on what they do not
//! cover.

use super::testing::decode;
use super::{Object, Typed};
use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use std::path::{Path, PathBuf};

const SRS_K8S_DOCS: &str = "/work/shared/reference/srs-k8s-docs";

fn kinds(objects: &[Object]) -> Vec<String> {
    objects
        .iter()
        .map(|o| {
            let typed = match &o.typed {
                Typed::ConfigMap => "ConfigMap",
                Typed::Service(_) => "Service",
                Typed::StatefulSet(_) => "StatefulSet",
                Typed::Deployment(_) => "Deployment",
                Typed::DaemonSet(_) => "DaemonSet",
                Typed::Pod(_) => "Pod",
                Typed::PersistentVolume(_) => "PersistentVolume",
                Typed::PersistentVolumeClaim(_) => "PersistentVolumeClaim",
                Typed::Namespace => "Namespace",
                Typed::Other => "Other",
                Typed::Invalid => "Invalid",
            };
            format!("{}={typed}", o.display_name())
        })
        .collect()
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"));
    files.sort();
    files
}

fn show(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("{} {} at {}", d.code, d.message, d.primary.span.start))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn k8s_srs_docs_examples_decode_cleanly() {
    let files = yaml_files(Path::new(SRS_K8S_DOCS));
    if files.is_empty() {
        println!("skipped: no SRS Kubernetes examples in {SRS_K8S_DOCS}");
        return;
    }
    let mut objects = 0;
    let mut typed = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let (found, diags) = decode(&text);
        assert!(diags.is_empty(), "{}:\n{}", file.display(), show(&diags));
        objects += found.len();
        typed += found.iter().filter(|o| !matches!(o.typed, Typed::Other)).count();
        assert!(found.iter().all(|o| !o.typed.is_invalid()), "{}", file.display());
    }
    println!("{} files, {objects} objects, {typed} typed", files.len());
    assert!(typed > 50, "{typed}");
}

#[test]
fn k8s_seed_guide_decodes_cleanly() {
    let text = include_str!("testdata/seed-guide.yaml");
    let (objects, diags) = decode(text);
    assert!(diags.is_empty(), "{}", show(&diags));
    assert_eq!(
        kinds(&objects),
        [
            "PersistentVolume/pv-nas=PersistentVolume",
            "PersistentVolumeClaim/pvc-nas=PersistentVolumeClaim",
            "ConfigMap/srs-origin-config=ConfigMap",
            "Service/socs=Service",
            "StatefulSet/srs-origin=StatefulSet",
            "Deployment/nginx-origin-deploy=Deployment",
            "Service/srs-http-service=Service",
            "Service/srs-api-service=Service",
            "ConfigMap/srs-edge-config=ConfigMap",
            "Deployment/srs-edge-deploy=Deployment",
            "Service/srs-edge-service=Service",
        ]
    );
    assert_eq!(objects[0].namespace, "", "a PersistentVolume has no namespace");
    assert_eq!(objects[1].namespace, "default");
    assert_eq!(objects.last().unwrap().doc_index, 10);

    // Meaning and place, joined: the StatefulSet's replicas and their line.
    let sts = &objects[4];
    let Typed::StatefulSet(s) = &sts.typed else { panic!() };
    assert_eq!(s.spec.replicas, Some(3));
    let replicas = sts.at(&["spec", "replicas"]).unwrap();
    let (line, _) = super::testing::line_col(text, replicas.span.start);
    assert_eq!(&text[replicas.span.range()], "3");
    assert_eq!(line, 95);
    assert!(matches!(objects[2].typed, Typed::ConfigMap));
    let conf = objects[2].at(&["data", "srs.conf"]).and_then(|n| n.as_str());
    assert!(conf.unwrap().contains("origin_cluster  on;"));
}

#[test]
fn k8s_example_deployments_decode_cleanly() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/examples");
    for dir in ["seed-k8s", "seed-k8s-fixed"] {
        for file in yaml_files(&root.join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            let (objects, diags) = decode(&text);
            assert!(diags.is_empty(), "{}:\n{}", file.display(), show(&diags));
            assert!(!objects.is_empty());
        }
    }
}

#[test]
fn k8s_decode_keeps_every_document_and_its_index() {
    let text = "# comment only\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: live\n---\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: live\nspec: {anything: [goes]}\n---\napiVersion: v1\nkind: ConfigMapList\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a, namespace: live}\n    data: {k: v}\n";
    let (docs, _) = crate::yaml::parse_stream(FileId(3), text);
    let (objects, diags) = super::decode_stream(FileId(3), docs, "srs");
    assert!(diags.is_empty(), "{}", show(&diags));
    assert_eq!(
        kinds(&objects),
        ["Namespace/live=Namespace", "Widget/w=Other", "ConfigMap/a=ConfigMap"]
    );
    let index: Vec<usize> = objects.iter().map(|o| o.doc_index).collect();
    // The comment before the first `---` is no document; the empty one is.
    assert_eq!(index, [0, 2, 3]);
    assert_eq!(objects[0].namespace, "");
    assert_eq!(objects[1].namespace, "live");
    assert_eq!(objects[1].group(), "example.com");
    // The List item keeps its own node.
    assert_eq!(
        objects[2].node().get("kind").and_then(|n| n.as_str()),
        Some("ConfigMap")
    );
    assert_eq!(objects[2].at(&["data", "k"]).and_then(|n| n.as_str()), Some("v"));
}

#[test]
fn k8s_decode_default_namespace_and_other_versions() {
    let text = "apiVersion: apps/v1beta1\nkind: Deployment\nmetadata:\n  name: old\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\n";
    let (docs, _) = crate::yaml::parse_stream(FileId(0), text);
    let (objects, diags) = super::decode_stream(FileId(0), docs, "media");
    assert!(diags.is_empty());
    assert_eq!(kinds(&objects), ["Deployment/old=Other", "CronJob/c=Other"]);
    assert!(objects.iter().all(|o| o.namespace == "media"));
}

#[test]
fn k8s_decode_spans_carry_the_file_id() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: on\n";
    let (docs, _) = crate::yaml::parse_stream(FileId(7), text);
    let (_, diags) = super::decode_stream(FileId(7), docs, "default");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].primary.span.file, FileId(7));
}

#[test]
fn k8s_decode_never_panics_on_odd_documents() {
    for text in [
        "{}",
        "[]",
        "apiVersion: [v1]\nkind: {a: b}\nmetadata: x\n",
        "apiVersion: v1\nkind: Service\nmetadata: []\nspec: 3\n",
        "apiVersion: v1\nkind: List\nitems: [1, ~, [], {kind: List, items: [{}]}]\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [~, {name: a, ports: [~]}]\n",
        "? [complex, key]\n: v\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: [a]\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: .inf, b: !!binary aGk=}\n",
    ] {
        let (_, diags) = decode(text);
        assert!(
            diags.iter().all(|d| d.code.starts_with("SRS40")),
            "{text}: {}",
            show(&diags)
        );
    }
}

/// Fields the SRS examples do not use, as `kubectl get -o yaml` writes them:
/// none of them is unknown.
#[test]
fn k8s_rich_manifests_have_no_unknown_fields() {
    let text = r#"apiVersion: v1
kind: Namespace
metadata:
  name: live
  labels: {kubernetes.io/metadata.name: live}
spec:
  finalizers: [kubernetes]
status:
  phase: Active
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: srs-edge
  namespace: live
  uid: 0b9f6c54-8a4b-4c1e-9d1c-6f1f8e3c2a10
  resourceVersion: "12345"
  generation: 2
  creationTimestamp: "2024-05-01T10:00:00Z"
  annotations:
    deprecated.daemonset.template.generation: "2"
  managedFields:
    - manager: kubectl
      operation: Apply
      apiVersion: apps/v1
      time: "2024-05-01T10:00:00Z"
      fieldsType: FieldsV1
      fieldsV1: {"f:spec": {"f:template": {}}}
  ownerReferences: []
spec:
  revisionHistoryLimit: 10
  minReadySeconds: 5
  selector:
    matchLabels: {app: srs-edge}
    matchExpressions:
      - {key: tier, operator: In, values: [edge]}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 1, maxSurge: 0}
  template:
    metadata:
      labels: {app: srs-edge, tier: edge}
      annotations: {prometheus.io/scrape: "true"}
    spec:
      hostNetwork: true
      dnsPolicy: ClusterFirstWithHostNet
      terminationGracePeriodSeconds: 30
      serviceAccountName: srs
      nodeSelector: {kubernetes.io/os: linux}
      tolerations:
        - {key: node-role.kubernetes.io/edge, operator: Exists, effect: NoSchedule}
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - {key: topology.kubernetes.io/zone, operator: In, values: [a, b]}
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector: {matchLabels: {app: srs-edge}}
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: srs-edge}}}
      securityContext: {runAsNonRoot: false, fsGroup: 1000, sysctls: [{name: net.core.somaxconn, value: "1024"}]}
      imagePullSecrets: [{name: registry}]
      initContainers:
        - name: init
          image: busybox
          command: [sh, -c, "echo init"]
      containers:
        - name: srs
          image: ossrs/srs:6
          imagePullPolicy: Always
          workingDir: /usr/local/srs
          command: [./objs/srs]
          args: [-c, conf/srs.conf]
          env:
            - {name: SRS_LISTEN, value: "1935"}
            - name: POD_IP
              valueFrom: {fieldRef: {apiVersion: v1, fieldPath: status.podIP}}
            - name: CPU
              valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: "1"}}
          envFrom:
            - configMapRef: {name: srs-env, optional: true}
            - secretRef: {name: srs-secret}
              prefix: SECRET_
          ports:
            - {containerPort: 1935, name: rtmp, protocol: TCP, hostPort: 1935}
            - {containerPort: 8000, name: webrtc, protocol: UDP}
          resources:
            limits: {cpu: "2", memory: 2Gi, ephemeral-storage: 1Gi}
            requests: {cpu: 250m, memory: 512Mi}
          livenessProbe:
            httpGet: {path: /api/v1/versions, port: 1985, scheme: HTTP, httpHeaders: [{name: X-Probe, value: srs}]}
            initialDelaySeconds: 10
            periodSeconds: 10
            timeoutSeconds: 1
            successThreshold: 1
            failureThreshold: 3
          readinessProbe:
            tcpSocket: {port: rtmp}
          startupProbe:
            exec: {command: [sh, -c, "true"]}
          lifecycle:
            preStop:
              exec: {command: [sh, -c, "sleep 10"]}
          securityContext:
            capabilities: {add: [NET_ADMIN], drop: [ALL]}
            privileged: false
            readOnlyRootFilesystem: false
          volumeMounts:
            - {name: config, mountPath: /usr/local/srs/conf, readOnly: true}
            - {name: hls, mountPath: /usr/local/srs/objs/nginx/html, subPath: hls}
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
          stdin: false
          tty: false
      volumes:
        - name: config
          configMap:
            name: srs-config
            defaultMode: 0644
            items: [{key: srs.conf, path: srs.conf}]
        - name: hls
          hostPath: {path: /data/hls, type: DirectoryOrCreate}
        - name: tmp
          emptyDir: {medium: Memory, sizeLimit: 64Mi}
        - name: secret
          secret: {secretName: srs-secret, defaultMode: 420}
        - name: projected
          projected:
            sources:
              - serviceAccountToken: {path: token, expirationSeconds: 3600}
status:
  currentNumberScheduled: 3
  desiredNumberScheduled: 3
  numberMisscheduled: 0
  numberReady: 3
  observedGeneration: 2
  conditions: []
---
apiVersion: v1
kind: Service
metadata:
  name: srs-edge
  namespace: live
spec:
  type: NodePort
  clusterIP: 10.0.0.10
  clusterIPs: [10.0.0.10]
  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
  externalTrafficPolicy: Local
  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 10800}}
  publishNotReadyAddresses: true
  internalTrafficPolicy: Cluster
  selector: {app: srs-edge}
  ports:
    - {name: rtmp, port: 1935, targetPort: rtmp, nodePort: 31935, protocol: TCP, appProtocol: rtmp}
status:
  loadBalancer: {}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: hls
  namespace: live
spec:
  accessModes: [ReadWriteMany]
  volumeMode: Filesystem
  storageClassName: nfs
  volumeName: pv-hls
  resources:
    requests: {storage: 10Gi}
    limits: {storage: 20Gi}
status:
  phase: Bound
  accessModes: [ReadWriteMany]
  capacity: {storage: 10Gi}
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-hls
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteMany]
  nfs: {server: 10.0.0.2, path: /exports/hls}
  mountOptions: [nfsvers=4.1]
  claimRef: {namespace: live, name: hls}
  nodeAffinity:
    required:
      nodeSelectorTerms:
        - matchExpressions: [{key: zone, operator: In, values: [a]}]
status:
  phase: Bound
---
apiVersion: v1
kind: Pod
metadata:
  name: srs-debug
  namespace: live
spec:
  restartPolicy: Never
  hostname: debug
  subdomain: socs
  priorityClassName: high
  containers:
    - name: srs
      image: ossrs/srs:6
status:
  phase: Running
  podIP: 10.1.0.5
  podIPs: [{ip: 10.1.0.5}]
  startTime: "2024-05-01T10:00:00Z"
  containerStatuses:
    - name: srs
      image: ossrs/srs:6
      imageID: docker.io/ossrs/srs@sha256:abc
      ready: true
      restartCount: 0
      started: true
      state: {running: {startedAt: "2024-05-01T10:00:01Z"}}
      lastState: {}
"#;
    let (objects, diags) = decode(text);
    assert!(diags.is_empty(), "{}", show(&diags));
    assert!(
        objects
            .iter()
            .all(|o| !matches!(o.typed, Typed::Other | Typed::Invalid)),
        "{:?}",
        kinds(&objects)
    );
}

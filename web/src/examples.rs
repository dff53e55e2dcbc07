//! The examples menu: the repository's fixtures, compiled in, so the page
//! shows exactly what `srs-check lint fixtures/examples/…` reads.

pub struct Example {
    pub title: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

pub const EXAMPLES: &[Example] = &[
    Example {
        title: "Seed guide on Kubernetes, as published (with its bugs)",
        files: &[
            (
                "1-storage.yaml",
                include_str!("../../fixtures/examples/seed-k8s/1-storage.yaml"),
            ),
            (
                "2-origin.yaml",
                include_str!("../../fixtures/examples/seed-k8s/2-origin.yaml"),
            ),
            (
                "3-edge.yaml",
                include_str!("../../fixtures/examples/seed-k8s/3-edge.yaml"),
            ),
        ],
    },
    Example {
        title: "Seed guide on Kubernetes, corrected",
        files: &[
            (
                "1-storage.yaml",
                include_str!("../../fixtures/examples/seed-k8s-fixed/1-storage.yaml"),
            ),
            (
                "2-origin.yaml",
                include_str!("../../fixtures/examples/seed-k8s-fixed/2-origin.yaml"),
            ),
            (
                "3-edge.yaml",
                include_str!("../../fixtures/examples/seed-k8s-fixed/3-edge.yaml"),
            ),
        ],
    },
    Example {
        title: "Seed guide as plain SRS configs, as published",
        files: &[
            (
                "origin.conf",
                include_str!("../../fixtures/examples/seed-guide/origin.conf"),
            ),
            (
                "edge.conf",
                include_str!("../../fixtures/examples/seed-guide/edge.conf"),
            ),
        ],
    },
    Example {
        title: "SRS origin cluster on one host (three origins and an edge)",
        files: &[
            (
                "origin-a.conf",
                include_str!("../../fixtures/examples/single-host-cluster/origin-a.conf"),
            ),
            (
                "origin-b.conf",
                include_str!("../../fixtures/examples/single-host-cluster/origin-b.conf"),
            ),
            (
                "origin-c.conf",
                include_str!("../../fixtures/examples/single-host-cluster/origin-c.conf"),
            ),
            (
                "edge.conf",
                include_str!("../../fixtures/examples/single-host-cluster/edge.conf"),
            ),
        ],
    },
    Example {
        title: "Broken-everything sampler (one mistake of each kind)",
        files: &[(
            "deployment.yaml",
            include_str!("../../fixtures/examples/sampler/deployment.yaml"),
        )],
    },
];

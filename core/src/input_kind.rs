//! What an input file holds, from its name or, for stdin and unknown
//! extensions, from its first meaningful line.

use crate::extract::FileKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// An SRS config.
    SrsConf,
    /// Kubernetes manifests.
    Yaml,
    Markdown,
    Shell,
}

impl InputKind {
    pub fn detect(name: &str, text: &str) -> InputKind {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("conf") => InputKind::SrsConf,
            Some("yaml" | "yml") => InputKind::Yaml,
            Some("md" | "markdown") => InputKind::Markdown,
            Some("sh" | "bash") => InputKind::Shell,
            _ => Self::sniff(text),
        }
    }

    /// Manifests start with `apiVersion:`, `kind:` or `---`; scripts with a
    /// shebang; anything else is read as an SRS config.
    pub fn sniff(text: &str) -> InputKind {
        let first = text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::trim)
            .find(|l| !(l.is_empty() || l.starts_with('#') && !l.starts_with("#!")));
        match first {
            Some(l) if l.starts_with("#!") => InputKind::Shell,
            Some(l) if l.starts_with("apiVersion:") || l.starts_with("kind:") || l.starts_with("---") => {
                InputKind::Yaml
            }
            _ => InputKind::SrsConf,
        }
    }

    /// The kind of file embedded blocks are searched in, if any.
    pub fn container(self) -> Option<FileKind> {
        match self {
            InputKind::Markdown => Some(FileKind::Markdown),
            InputKind::Shell => Some(FileKind::Shell),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_name_then_content() {
        assert_eq!(InputKind::detect("a/srs.conf", "apiVersion: v1"), InputKind::SrsConf);
        assert_eq!(InputKind::detect("k8s.YML", ""), InputKind::Yaml);
        assert_eq!(InputKind::detect("README.md", ""), InputKind::Markdown);
        assert_eq!(InputKind::detect("<stdin>", "# c\n---\nkind: List"), InputKind::Yaml);
        assert_eq!(InputKind::detect("<stdin>", "#!/bin/sh\ncat <<EOF"), InputKind::Shell);
        assert_eq!(InputKind::detect("<stdin>", "listen 1935;"), InputKind::SrsConf);
    }
}

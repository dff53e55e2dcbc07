//! How files reach the core. The core never touches a file system: the CLI
//! hands it a provider over the disk, the browser one over its editor tabs,
//! and tests an in-memory map. Paths are plain `/`-separated strings.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    NotFound,
    /// Larger than the caller allows; carries the size in bytes.
    TooLarge(u64),
    Other(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "no such file"),
            ReadError::TooLarge(n) => write!(f, "file is too large ({n} bytes)"),
            ReadError::Other(e) => write!(f, "{e}"),
        }
    }
}

pub trait SourceProvider {
    /// Reads a whole file. `path` is already joined and normalised.
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError>;
}

/// Files held in memory, keyed by normalised path.
#[derive(Clone, Debug, Default)]
pub struct MemoryProvider {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemoryProvider {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, path: &str, content: impl Into<Vec<u8>>) {
        self.files.insert(normalize(path), content.into());
    }

    #[must_use]
    pub fn with(mut self, path: &str, content: impl Into<Vec<u8>>) -> Self {
        self.insert(path, content);
        self
    }
}

impl SourceProvider for MemoryProvider {
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        self.files.get(&normalize(path)).cloned().ok_or(ReadError::NotFound)
    }
}

/// The directory part of a path (`a/b.conf` → `a`, `b.conf` → `.`).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) => "/",
        Some(i) => &path[..i],
        None => ".",
    }
}

/// `base` joined with `rel` (absolute `rel` wins), normalised.
pub fn join(base: &str, rel: &str) -> String {
    if rel.starts_with('/') || base.is_empty() || base == "." {
        normalize(rel)
    } else {
        normalize(&format!("{base}/{rel}"))
    }
}

/// Removes `.` and empty components and resolves `..` where it can.
pub fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(join("conf", "./x.conf"), "conf/x.conf");
        assert_eq!(join("a/b", "../c"), "a/c");
        assert_eq!(join("a", "/etc/x"), "/etc/x");
        assert_eq!(join(".", "x"), "x");
        assert_eq!(normalize("../../x"), "../../x");
        assert_eq!(normalize("/../x"), "/x");
        assert_eq!(parent("a/b.conf"), "a");
        assert_eq!(parent("b.conf"), ".");
        assert_eq!(parent("/b.conf"), "/");
    }

    #[test]
    fn memory_provider_normalises() {
        let p = MemoryProvider::new().with("./conf/a.conf", "x");
        assert_eq!(p.read("conf/a.conf").unwrap(), b"x");
        assert_eq!(p.read("conf/b.conf"), Err(ReadError::NotFound));
    }
}

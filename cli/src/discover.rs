//! Turning the command line's paths into the list of files to lint.

use std::path::{Path, PathBuf};

use srs_check_core::opened::{is_read_in_directory, is_searched};

/// Files given by name are taken whatever their extension; directories are
/// searched recursively, in sorted order, for the extensions we read.
pub fn expand(paths: &[String]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(p.clone());
            continue;
        }
        let path = Path::new(p);
        let meta = std::fs::metadata(path).map_err(|e| format!("{p}: {e}"))?;
        if meta.is_dir() {
            let before = out.len();
            walk(path, &mut out).map_err(|e| format!("{p}: {e}"))?;
            out[before..].sort();
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Symlinks are not followed: a link loop would never end.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if is_searched(&name) {
                walk(&path, out)?;
            }
        } else if meta.is_file() && is_read_in_directory(&name) {
            out.push(path.to_string_lossy().into_owned());
        }
    }
    Ok(())
}

/// The first `name` in `start` or any directory above it.
pub fn find_upward(start: &Path, name: &str) -> Option<PathBuf> {
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let mut dir = std::fs::canonicalize(start).ok()?;
    loop {
        let candidate = dir.join(name);
        if candidate.is_file() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

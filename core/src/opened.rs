//! Files a user opens at once, the way `srs-check lint PATH...` takes
//! them: a file named on its own is read whatever its extension; the files
//! of a directory are those with an extension srs-check reads, outside
//! hidden and build directories, in sorted order. The CLI walks the disk
//! with these rules; the playground applies them to dropped files and
//! folders, and also bounds what it keeps (its buffers live in one page).

use crate::editor::{Buffer, MAX_BUFFER_BYTES};

/// Extensions read when a directory is given.
pub const DIRECTORY_EXTENSIONS: &[&str] = &["conf", "yaml", "yml", "md", "markdown", "sh", "bash"];

/// Directory names never descended into (besides hidden ones).
pub const SKIP_DIRS: &[&str] = &["target", "node_modules", "vendor", "dist"];

/// Whether a file met inside a directory is read.
pub fn is_read_in_directory(file_name: &str) -> bool {
    std::path::Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DIRECTORY_EXTENSIONS.contains(&e))
}

/// Whether a directory is descended into.
pub fn is_searched(dir_name: &str) -> bool {
    !dir_name.starts_with('.') && !SKIP_DIRS.contains(&dir_name)
}

/// One file as the browser hands it over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenedFile {
    /// Its path: `name` for a file dropped on its own, `dir/sub/name`
    /// for one found in a dropped folder.
    pub path: String,
    pub bytes: Vec<u8>,
    /// Found inside a dropped folder (rather than dropped or picked itself).
    pub in_directory: bool,
}

/// The files taken, and a sentence for each kind of file left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Opened {
    pub buffers: Vec<Buffer>,
    pub left_out: Vec<String>,
}

/// Which of `files` become buffers, given how many buffers are already
/// open (`room` is how many more may be). Files of a folder that srs-check
/// would not read there, or that sit in a skipped directory, are passed
/// over silently, as the CLI does; files too large, not UTF-8, or beyond
/// `room` are left out with a reason.
pub fn open(mut files: Vec<OpenedFile>, room: usize) -> Opened {
    files.retain(|f| !f.in_directory || wanted_in_directory(&f.path));
    // Files dropped on their own first, in their order; then the folders'
    // files in sorted order, as the CLI reads a directory.
    files.sort_by(|a, b| match (a.in_directory, b.in_directory) {
        (true, true) => a.path.cmp(&b.path),
        (false, false) => std::cmp::Ordering::Equal,
        (x, y) => x.cmp(&y),
    });
    let mut out = Opened::default();
    let (mut too_large, mut not_text, mut no_room) = (Vec::new(), Vec::new(), 0usize);
    for f in files {
        if f.bytes.len() > MAX_BUFFER_BYTES {
            too_large.push(f.path);
            continue;
        }
        let Ok(text) = String::from_utf8(f.bytes) else {
            not_text.push(f.path);
            continue;
        };
        if out.buffers.len() >= room {
            no_room += 1;
            continue;
        }
        out.buffers.push(Buffer::new(f.path, text));
    }
    if !too_large.is_empty() {
        out.left_out.push(format!(
            "{} larger than {} KiB: {}",
            files_word(too_large.len()),
            MAX_BUFFER_BYTES / 1024,
            list(&too_large)
        ));
    }
    if !not_text.is_empty() {
        out.left_out.push(format!(
            "{} not UTF-8 text: {}",
            files_word(not_text.len()),
            list(&not_text)
        ));
    }
    if no_room > 0 {
        out.left_out
            .push(format!("{} more than the page holds", files_word(no_room)));
    }
    out
}

/// Whether a file at `path` inside a dropped folder (`folder/sub/name`)
/// is read: the folder itself is taken whatever its name.
pub fn wanted_in_directory(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let Some(name) = parts.pop() else { return false };
    parts.iter().skip(1).all(|d| is_searched(d)) && is_read_in_directory(name)
}

fn files_word(n: usize) -> String {
    if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    }
}

/// The first few names, then how many more.
fn list(paths: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut out: Vec<String> = paths.iter().take(SHOWN).map(|p| format!("`{p}`")).collect();
    if paths.len() > SHOWN {
        out.push(format!("{} more", paths.len() - SHOWN));
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str, in_directory: bool) -> OpenedFile {
        OpenedFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
            in_directory,
        }
    }

    fn names(o: &Opened) -> Vec<&str> {
        o.buffers.iter().map(|b| b.name.as_str()).collect()
    }

    #[test]
    fn folders_are_read_like_the_cli_reads_directories() {
        let opened = open(
            vec![
                file("deploy/b.yaml", "kind: Service\n", true),
                file("deploy/a.conf", "listen 1935;\n", true),
                file("deploy/README.txt", "notes", true),
                file("deploy/.git/config.conf", "x", true),
                file("deploy/node_modules/x.yaml", "x", true),
                file("deploy/docs/guide.md", "# Guide\n", true),
                file("notes.txt", "listen 1935;\n", false),
            ],
            10,
        );
        assert_eq!(
            names(&opened),
            ["notes.txt", "deploy/a.conf", "deploy/b.yaml", "deploy/docs/guide.md"]
        );
        assert!(opened.left_out.is_empty());
    }

    #[test]
    fn a_dropped_folder_is_taken_whatever_its_own_name() {
        let opened = open(vec![file(".config/srs.conf", "listen 1935;\n", true)], 10);
        assert_eq!(names(&opened), [".config/srs.conf"]);
    }

    #[test]
    fn large_binary_and_surplus_files_are_left_out_with_reasons() {
        let mut files = vec![
            OpenedFile {
                path: "big.yaml".into(),
                bytes: vec![b'#'; MAX_BUFFER_BYTES + 1],
                in_directory: false,
            },
            OpenedFile {
                path: "image.conf".into(),
                bytes: vec![0xff, 0xfe, 0x00],
                in_directory: false,
            },
        ];
        files.extend((0..5).map(|i| file(&format!("f{i}.conf"), "listen 1935;\n", false)));
        let opened = open(files, 3);
        assert_eq!(names(&opened), ["f0.conf", "f1.conf", "f2.conf"]);
        assert_eq!(
            opened.left_out,
            [
                format!("1 file larger than {} KiB: `big.yaml`", MAX_BUFFER_BYTES / 1024),
                "1 file not UTF-8 text: `image.conf`".to_string(),
                "2 files more than the page holds".to_string(),
            ]
        );
    }

    #[test]
    fn long_lists_are_shortened() {
        let files = (0..5)
            .map(|i| OpenedFile {
                path: format!("bin{i}.conf"),
                bytes: vec![0xff],
                in_directory: false,
            })
            .collect();
        let opened = open(files, 10);
        assert_eq!(
            opened.left_out,
            ["5 files not UTF-8 text: `bin0.conf`, `bin1.conf`, `bin2.conf`, 2 more"]
        );
    }
}

//! Several files as one download: a POSIX tar archive (pax, uncompressed),
//! which `tar -xf` reads on Linux, macOS and Windows 10 and later. The
//! playground's "download fixed files" writes one.
//!
//! Names are the playground's tab names, typed by anyone: each is made a
//! relative path with no `..`, so extracting it cannot write outside the
//! directory it is extracted in. Names that do not fit the 100 bytes of a
//! ustar header (or are not ASCII) are carried by a pax `path` record.

const BLOCK: usize = 512;

/// The archive of `files` (name, contents), in order.
pub fn tar(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, bytes) in files {
        let path = safe_path(name);
        if path.len() > 100 || !path.is_ascii() {
            let record = pax_record("path", &path);
            push_entry(&mut out, "pax-header", b'x', record.as_bytes());
            let short: String = path.chars().filter(char::is_ascii).take(100).collect();
            push_entry(&mut out, &short, b'0', bytes);
        } else {
            push_entry(&mut out, &path, b'0', bytes);
        }
    }
    // The end of an archive: two zero blocks.
    out.resize(out.len() + 2 * BLOCK, 0);
    out
}

/// A relative path without empty, `.` or `..` components.
fn safe_path(name: &str) -> String {
    let parts: Vec<&str> = name
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    if parts.is_empty() {
        "unnamed".to_string()
    } else {
        parts.join("/")
    }
}

/// `"<length> <key>=<value>\n"`, the length counting itself.
fn pax_record(key: &str, value: &str) -> String {
    let body = format!(" {key}={value}\n");
    let mut length = body.len() + 1;
    while length.to_string().len() + body.len() != length {
        length += 1;
    }
    format!("{length}{body}")
}

fn push_entry(out: &mut Vec<u8>, name: &str, kind: u8, bytes: &[u8]) {
    let mut header = [0u8; BLOCK];
    put(&mut header[0..100], name.as_bytes());
    put(&mut header[100..108], b"0000644");
    put(&mut header[108..116], b"0000000");
    put(&mut header[116..124], b"0000000");
    put(&mut header[124..136], format!("{:011o}", bytes.len()).as_bytes());
    put(&mut header[136..148], b"00000000000");
    // The checksum is summed with its own field as spaces.
    header[148..156].fill(b' ');
    header[156] = kind;
    put(&mut header[257..263], b"ustar\0");
    put(&mut header[263..265], b"00");
    let sum: u32 = header.iter().map(|&b| u32::from(b)).sum();
    put(&mut header[148..156], format!("{sum:06o}\0 ").as_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(bytes);
    let padding = (BLOCK - bytes.len() % BLOCK) % BLOCK;
    out.resize(out.len() + padding, 0);
}

fn put(field: &mut [u8], value: &[u8]) {
    let n = value.len().min(field.len());
    field[..n].copy_from_slice(&value[..n]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entries of an archive this module wrote: (name, contents), with
    /// pax paths applied, checksums verified.
    fn entries(archive: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        let mut at = 0;
        let mut pax_path = None;
        while at + BLOCK <= archive.len() {
            let header = &archive[at..at + BLOCK];
            if header.iter().all(|&b| b == 0) {
                break;
            }
            let field = |r: std::ops::Range<usize>| {
                String::from_utf8_lossy(&header[r])
                    .trim_end_matches(['\0', ' '])
                    .to_string()
            };
            let size = usize::from_str_radix(&field(124..136), 8).unwrap();
            let stored = u32::from_str_radix(field(148..156).trim(), 8).unwrap();
            let sum: u32 = header
                .iter()
                .enumerate()
                .map(|(i, &b)| if (148..156).contains(&i) { 32 } else { u32::from(b) })
                .sum();
            assert_eq!(stored, sum, "checksum");
            let data = archive[at + BLOCK..at + BLOCK + size].to_vec();
            at += BLOCK + size.div_ceil(BLOCK) * BLOCK;
            if header[156] == b'x' {
                let text = String::from_utf8(data).unwrap();
                pax_path = text
                    .split_once("path=")
                    .map(|(_, p)| p.trim_end_matches('\n').to_string());
                continue;
            }
            out.push((pax_path.take().unwrap_or_else(|| field(0..100)), data));
        }
        out
    }

    #[test]
    fn files_come_back_in_order() {
        let archive = tar(&[
            ("origin.yaml", b"kind: Service\n"),
            ("conf/edge.conf", b"listen 1935;\n"),
        ]);
        assert_eq!(archive.len() % BLOCK, 0);
        assert_eq!(
            entries(&archive),
            vec![
                ("origin.yaml".to_string(), b"kind: Service\n".to_vec()),
                ("conf/edge.conf".to_string(), b"listen 1935;\n".to_vec()),
            ]
        );
    }

    #[test]
    fn names_cannot_leave_the_directory() {
        let archive = tar(&[("../../etc/passwd", b"x"), ("/abs/./path", b"y"), ("..", b"z")]);
        let names: Vec<String> = entries(&archive).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["etc/passwd", "abs/path", "unnamed"]);
    }

    #[test]
    fn long_and_non_ascii_names_use_pax() {
        let long = format!("{}/deploy.yaml", "d".repeat(150));
        let archive = tar(&[(&long, b"a"), ("配置.conf", b"b"), ("empty.yaml", b"")]);
        let found = entries(&archive);
        assert_eq!(found[0].0, long);
        assert_eq!(found[1].0, "配置.conf");
        assert_eq!(found[2], ("empty.yaml".to_string(), Vec::new()));
    }

    #[test]
    fn pax_lengths_count_themselves() {
        for n in [1, 80, 90, 95, 1000] {
            let record = pax_record("path", &"p".repeat(n));
            let (length, _) = record.split_once(' ').unwrap();
            assert_eq!(length.parse::<usize>().unwrap(), record.len());
        }
    }
}

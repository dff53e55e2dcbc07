//! The file system as the core's source provider.

use srs_check_core::provider::{ReadError, SourceProvider};
use std::io::Read;
use std::path::Path;

/// Read at most one byte past the core's limit, so it can say "too large"
/// without us holding a huge file in memory.
pub const MAX_READ: u64 = srs_check_core::conf::loader::MAX_FILE_BYTES as u64 + 1;

pub fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    // The buffer becomes the file's text for the whole run: sized once from
    // the file's length (one byte more, to see the end) rather than grown by
    // doubling, which for a 12 MB manifest holds 16 MB.
    let hint = file.metadata().map_or(0, |m| m.len()).min(MAX_READ);
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0).saturating_add(1));
    file.take(MAX_READ).read_to_end(&mut bytes)?;
    Ok(bytes)
}

pub struct DiskProvider;

impl SourceProvider for DiskProvider {
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        let p = Path::new(path);
        if p.is_dir() {
            return Err(ReadError::Other("is a directory".into()));
        }
        read_limited(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Other(e.to_string()),
        })
    }
}

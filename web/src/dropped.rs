//! Reading the files a user drops on the page or picks with the file
//! input, folders included, into [`OpenedFile`]s. Which of them become
//! tabs is the core's decision (`srs_check_core::opened`).
//!
//! A drop's entries must be taken while the drop event runs; reading them
//! is asynchronous. Folder walks are bounded: a dropped home directory
//! must not freeze the page.

use js_sys::{Array, Function, Promise, Uint8Array};
use srs_check_core::opened::{is_read_in_directory, is_searched, wanted_in_directory, OpenedFile};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

/// Entries looked at in one drop, files and folders together.
const MAX_ENTRIES: usize = 2000;
/// Folder levels descended.
const MAX_DEPTH: usize = 12;

/// What was dropped: entries when the browser gives them (folders work),
/// else plain files.
pub enum Dropped {
    Entries(Vec<FileSystemEntry>),
    /// Files without entries: a drop from a browser without them, or a
    /// file input (a folder input's files carry their relative paths).
    Picked {
        files: Vec<web_sys::File>,
        in_directory: bool,
    },
}

/// Takes the drop's items; call it inside the drop handler.
pub fn take(data: &web_sys::DataTransfer) -> Dropped {
    let items = data.items();
    let entries: Vec<FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter(|item| item.kind() == "file")
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect();
    if entries.is_empty() {
        Dropped::Picked {
            files: data.files().map(|l| file_list(&l)).unwrap_or_default(),
            in_directory: false,
        }
    } else {
        Dropped::Entries(entries)
    }
}

/// The files of a file input.
pub fn file_list(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads what was dropped. Errors of single files are skipped: the core
/// says nothing of files it never saw, so they are counted in the message.
pub async fn read(dropped: Dropped) -> (Vec<OpenedFile>, usize) {
    let mut out = Vec::new();
    let mut failed = 0;
    match dropped {
        Dropped::Picked { files, in_directory } => {
            for f in files.into_iter().take(MAX_ENTRIES) {
                let path = if in_directory { relative_path(&f) } else { f.name() };
                // A folder input hands over every file of the folder, `.git` and
                // `node_modules` included: those are not read at all.
                if in_directory && !wanted_in_directory(&path) {
                    continue;
                }
                match bytes(&f).await {
                    Ok(b) => out.push(OpenedFile {
                        path,
                        bytes: b,
                        in_directory,
                    }),
                    Err(()) => failed += 1,
                }
            }
        }
        Dropped::Entries(entries) => {
            let mut budget = MAX_ENTRIES;
            for entry in entries {
                walk(entry, 0, false, &mut budget, &mut out, &mut failed).await;
            }
        }
    }
    (out, failed)
}

/// Reads one entry: a file, or a folder's files (recursively, sorted later).
async fn walk(
    first: FileSystemEntry,
    first_depth: usize,
    first_in_directory: bool,
    budget: &mut usize,
    out: &mut Vec<OpenedFile>,
    failed: &mut usize,
) {
    // A stack instead of recursion: async recursion needs boxing, and a
    // stack keeps the bound plain.
    let mut stack = vec![(first, first_depth, first_in_directory)];
    while let Some((entry, depth, in_directory)) = stack.pop() {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let path = entry.full_path().trim_start_matches('/').to_string();
        let name = entry.name();
        if entry.is_directory() {
            let top = depth == 0;
            if depth >= MAX_DEPTH || (!top && !is_searched(&name)) {
                continue;
            }
            let Ok(dir) = entry.dyn_into::<FileSystemDirectoryEntry>() else {
                continue;
            };
            match children(&dir).await {
                Ok(found) => stack.extend(found.into_iter().map(|c| (c, depth + 1, true))),
                Err(()) => *failed += 1,
            }
        } else if !in_directory || is_read_in_directory(&name) {
            let Ok(file_entry) = entry.dyn_into::<FileSystemFileEntry>() else {
                continue;
            };
            match file_of(&file_entry).await {
                Ok(file) => match bytes(&file).await {
                    Ok(b) => out.push(OpenedFile {
                        path: if in_directory { path } else { name },
                        bytes: b,
                        in_directory,
                    }),
                    Err(()) => *failed += 1,
                },
                Err(()) => *failed += 1,
            }
        }
    }
}

/// `webkitRelativePath`, which web-sys does not bind: `folder/sub/name`.
fn relative_path(file: &web_sys::File) -> String {
    js_sys::Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| file.name())
}

/// A folder's entries: `readEntries` gives them in batches until an empty one.
async fn children(dir: &FileSystemDirectoryEntry) -> Result<Vec<FileSystemEntry>, ()> {
    let reader = dir.create_reader();
    let mut all = Vec::new();
    loop {
        let batch = callback_promise(|ok, err| reader.read_entries_with_callback_and_callback(ok, err).is_ok()).await?;
        let batch: Array = batch.dyn_into().map_err(|_| ())?;
        if batch.length() == 0 || all.len() >= MAX_ENTRIES {
            return Ok(all);
        }
        all.extend(batch.iter().filter_map(|e| e.dyn_into::<FileSystemEntry>().ok()));
    }
}

async fn file_of(entry: &FileSystemFileEntry) -> Result<web_sys::File, ()> {
    let file = callback_promise(|ok, err| {
        entry.file_with_callback_and_callback(ok, err);
        true
    })
    .await?;
    file.dyn_into().map_err(|_| ())
}

async fn bytes(file: &web_sys::Blob) -> Result<Vec<u8>, ()> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| ())?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// A callback-style browser API as a future: `start` gets the success and
/// error callbacks and says whether the call went out.
async fn callback_promise(start: impl FnOnce(&Function, &Function) -> bool) -> Result<JsValue, ()> {
    let mut started = true;
    let mut start = Some(start);
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = Closure::once_into_js(move |v: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &v);
        });
        let err = Closure::once_into_js(move |v: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &v);
        });
        if let (Some(start), Some(ok), Some(err)) = (start.take(), ok.dyn_ref::<Function>(), err.dyn_ref::<Function>())
        {
            started = start(ok, err);
        }
    });
    if !started {
        return Err(());
    }
    JsFuture::from(promise).await.map_err(|_| ())
}

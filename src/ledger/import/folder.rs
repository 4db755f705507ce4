//! Walking chosen folders for workbooks, with limits on depth and count, and content hashes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::error::LedgerImportError;

/// How many levels of subfolders below a chosen folder are walked; deeper is refused.
pub const MAX_FOLDER_DEPTH: usize = 16;
/// How many workbooks one import takes from folders: a year of a large county's reports.
pub const MAX_FOLDER_WORKBOOKS: usize = 3_000;
/// How many entries (files and folders of any kind) the walk looks at before giving up.
pub const MAX_FOLDER_ENTRIES: usize = 50_000;

/// What tells two folders or files apart: (device, inode) on Unix, the canonical path
/// elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

pub(super) fn identity(path: &Path) -> Option<Identity> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(Identity::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(Identity::Path)
    }
}

/// The walk of the folders of one import: every folder and file is visited once, however
/// many links lead to it, and no link leads back into a folder being walked or above it.
pub(super) struct Walk {
    /// The folders walked and the files taken.
    seen: HashSet<Identity>,
    /// The ancestors of the chosen folders: a link to one of them (to `..`, to `/`) would walk
    /// a chosen folder again, or the whole disk.
    above: HashSet<Identity>,
    files: Vec<PathBuf>,
    entries: usize,
}

impl Walk {
    pub(super) fn new() -> Walk {
        Walk {
            seen: HashSet::new(),
            above: HashSet::new(),
            files: Vec::new(),
            entries: 0,
        }
    }

    /// Whether `path` is new to the walk (one whose identity cannot be read counts as new).
    pub(super) fn first_time(&mut self, path: &Path) -> bool {
        match identity(path) {
            Some(id) => !self.above.contains(&id) && self.seen.insert(id),
            None => true,
        }
    }

    /// A file chosen directly; the same file twice (or through a link) is kept once.
    pub(super) fn file(&mut self, path: &Path) {
        if self.first_time(path) {
            self.files.push(path.to_path_buf());
        }
    }

    /// Adds the workbooks in `dir` and its subfolders, in name order; returns whether the
    /// folder held any, including ones already taken.
    pub(super) fn folder(&mut self, dir: &Path) -> Result<bool, LedgerImportError> {
        let shown = dir.display().to_string();
        match identity(dir) {
            Some(id) if self.seen.contains(&id) => return Ok(true),
            Some(id) => {
                self.seen.insert(id);
            }
            None => {}
        }
        if let Ok(canonical) = std::fs::canonicalize(dir) {
            self.above
                .extend(canonical.ancestors().skip(1).filter_map(identity));
        }
        let mut found = Vec::new();
        let mut any = false;
        let mut folders = vec![(dir.to_path_buf(), 0usize)];
        while let Some((folder, depth)) = folders.pop() {
            let entries = std::fs::read_dir(&folder).map_err(|e| LedgerImportError::Io {
                file: folder.display().to_string(),
                detail: e.to_string(),
            })?;
            for entry in entries.flatten() {
                self.entries += 1;
                if self.entries > MAX_FOLDER_ENTRIES {
                    return Err(LedgerImportError::FolderTooManyEntries {
                        folder: shown,
                        limit: MAX_FOLDER_ENTRIES,
                    });
                }
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with("~$") || name.starts_with('.') {
                    continue;
                }
                // A link is followed to what it points at; a broken one is kept as a file so
                // that the clerk hears about it.
                let is_dir = match entry.file_type() {
                    Ok(t) if t.is_symlink() => std::fs::metadata(&path).is_ok_and(|m| m.is_dir()),
                    Ok(t) => t.is_dir(),
                    Err(_) => false,
                };
                if is_dir {
                    if !self.first_time(&path) {
                        continue;
                    }
                    if depth >= MAX_FOLDER_DEPTH {
                        return Err(LedgerImportError::FolderTooDeep {
                            folder: shown,
                            limit: MAX_FOLDER_DEPTH,
                        });
                    }
                    folders.push((path, depth + 1));
                    continue;
                }
                let ext = crate::document::workbook::extension(&name);
                if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "et") {
                    continue;
                }
                any = true;
                if !self.first_time(&path) {
                    continue;
                }
                found.push(path);
                if self.files.len() + found.len() > MAX_FOLDER_WORKBOOKS {
                    return Err(LedgerImportError::FolderTooManyWorkbooks {
                        folder: shown,
                        limit: MAX_FOLDER_WORKBOOKS,
                    });
                }
            }
        }
        found.sort();
        self.files.extend(found);
        Ok(any)
    }
}

/// The workbooks in a folder (and its subfolders), in name order: .xlsx, .xlsm, .xls and .et
/// (the last get a message asking for .xlsx). Excel's lock files (~$…) and hidden files are
/// left out. Links are followed, but every folder and file is taken once and no link leads
/// back up; more than [`MAX_FOLDER_DEPTH`] levels, [`MAX_FOLDER_WORKBOOKS`] workbooks or
/// [`MAX_FOLDER_ENTRIES`] entries are refused.
pub fn workbooks_in(dir: &Path) -> Result<Vec<PathBuf>, LedgerImportError> {
    let mut walk = Walk::new();
    if !walk.folder(dir)? {
        return Err(LedgerImportError::EmptyFolder(dir.display().to_string()));
    }
    Ok(walk.files)
}

/// The files chosen, each folder replaced by the workbooks in it ([`workbooks_in`]); a file
/// chosen twice, directly or through a folder or a link, is taken once.
pub fn expand_folders(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LedgerImportError> {
    let mut walk = Walk::new();
    for p in paths {
        if p.is_dir() {
            if !walk.folder(p)? {
                return Err(LedgerImportError::EmptyFolder(p.display().to_string()));
            }
        } else {
            walk.file(p);
        }
    }
    Ok(walk.files)
}

/// SHA-256 of a file's content, hex.
pub fn content_hash(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

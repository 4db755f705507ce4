//! Putting workbooks on disk safely: names Windows accepts and file systems can hold, never
//! over a file the export did not write, a temporary file in the same folder renamed into
//! place, nothing left behind on failure, and a Chinese message for a missing, read-only or
//! locked target.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::LedgerError;

/// Makes `name` usable as a file name on Windows: `\ / : * ? " < > |` and control characters
/// become `_`, trailing dots and spaces go, device names (CON, NUL, COM1 …) get a `_` in front,
/// and the result is at most 80 characters.
pub fn sanitize_file_name(name: &str) -> String {
    let mut out: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .take(80)
        .collect();
    while out.ends_with(['.', ' ']) {
        out.pop();
    }
    if out.is_empty() {
        return "未命名".to_string();
    }
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        out.insert(0, '_');
    }
    out
}

/// Checks that `dir` is an existing folder.
pub(crate) fn check_folder(dir: &Path) -> Result<(), LedgerError> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(LedgerError::NotAFolder(dir.to_path_buf())),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            Err(LedgerError::FolderMissing(dir.to_path_buf()))
        }
        Err(e) => Err(LedgerError::FolderNotWritable {
            dir: dir.to_path_buf(),
            detail: e.to_string(),
        }),
    }
}

/// Checks a single-file target: it ends in `.xlsx` and its folder exists.
pub(crate) fn check_target(out: &Path) -> Result<(), LedgerError> {
    let is_xlsx = out
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        return Err(LedgerError::NotXlsx(out.to_path_buf()));
    }
    if out.is_dir() {
        return Err(LedgerError::TargetIsFolder(out.to_path_buf()));
    }
    match out.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => check_folder(dir),
        None => Ok(()),
    }
}

/// Whether an error means "you may not write here" (permissions, read-only media, immutable).
fn is_denied(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    ) || e.raw_os_error() == Some(1) // EPERM
}

/// Whether an existing file is held open by another program (Excel and WPS keep the file open
/// and deny writing while it is shown) or is read-only.
fn check_not_locked(target: &Path) -> Result<(), LedgerError> {
    match std::fs::metadata(target) {
        Ok(m) if m.is_dir() => return Err(LedgerError::TargetIsFolder(target.to_path_buf())),
        Ok(_) => {}
        Err(_) => return Ok(()),
    }
    // Opening for writing without truncating changes nothing but fails while the file is locked.
    match std::fs::OpenOptions::new().append(true).open(target) {
        Ok(_) => Ok(()),
        Err(e) if is_denied(&e) || is_sharing_violation(&e) => {
            Err(LedgerError::TargetLocked(target.to_path_buf()))
        }
        Err(e) => Err(LedgerError::Write {
            file: target.to_path_buf(),
            source: e,
        }),
    }
}

/// ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION on Windows.
fn is_sharing_violation(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32) | Some(33))
}

/// What an export does when a file of the same name is already there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Existing {
    /// Keep it and write the new file beside it as `名称（2）.xlsx` (the default everywhere).
    #[default]
    KeepBoth,
    /// Replace it when it is a workbook this app exported that nobody has saved since; any
    /// other file — a ledger a department filled in and sent back, the clerk's own file — is
    /// still kept and the new one written beside it.
    Replace,
}

/// Longest file name written, in bytes (file systems allow 255; room is left for `（999）`).
pub(crate) const MAX_NAME_BYTES: usize = 230;

/// The longest prefix of `s` of at most `max` bytes, cut on a character boundary.
pub(crate) fn cut_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `name` shortened to [`MAX_NAME_BYTES`], keeping its extension.
pub(crate) fn fit_file_name(name: &str) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name.to_string();
    }
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 16 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let stem =
        cut_bytes(stem, MAX_NAME_BYTES.saturating_sub(ext.len())).trim_end_matches(['.', ' ']);
    let stem = if stem.is_empty() { "未命名" } else { stem };
    format!("{stem}{ext}")
}

/// `dir/stem（n）.ext`.
pub(crate) fn numbered(target: &Path, n: u32) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name.as_str(), ""),
    };
    target.with_file_name(format!("{stem}（{n}）{ext}"))
}

/// Whether `path` is a workbook this app exported that nobody has saved since: its core
/// properties still as written, modified by this app when it was created (saving in Excel,
/// WPS or LibreOffice changes the modified time and who modified it). Only a regular file is
/// opened; anything unreadable is not ours.
fn exported_unchanged(path: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() > 64 * 1024 * 1024 {
        return false;
    }
    let Ok(f) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(f) else {
        return false;
    };
    let mut part = |name: &str| -> Option<String> {
        let f = zip.by_name(name).ok()?;
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::Read::take(f, 256 * 1024), &mut text).ok()?;
        Some(text)
    };
    let Some(core) = part("docProps/core.xml") else {
        return false;
    };
    let inner = |tag: &str| -> Option<&str> {
        let start = core.find(&format!("<{tag}"))?;
        let open_end = start + core[start..].find('>')? + 1;
        let close = open_end + core[open_end..].find(&format!("</{tag}>"))?;
        Some(&core[open_end..close])
    };
    inner("cp:lastModifiedBy") == Some(super::sheet::AUTHOR)
        && inner("dcterms:created").is_some()
        && inner("dcterms:created") == inner("dcterms:modified")
}

/// Where each file of an export goes: its name shortened to fit, and a name already taken in
/// the folder (or by an earlier file of this export) numbered `（2）`, `（3）`… unless
/// `existing` allows replacing that file. Returns (path, whether it replaces a file, the
/// existing file it kept).
fn place_all(
    targets: &[PathBuf],
    existing: Existing,
) -> Result<Vec<(PathBuf, bool, Option<PathBuf>)>, LedgerError> {
    let mut chosen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(targets.len());
    for target in targets {
        let name = target
            .file_name()
            .map(|n| fit_file_name(&n.to_string_lossy()))
            .unwrap_or_default();
        let wanted = target.with_file_name(name);
        let key = |p: &Path| p.to_string_lossy().to_lowercase();
        let taken = |p: &Path| std::fs::symlink_metadata(p).is_ok() || chosen.contains(&key(p));
        if !taken(&wanted) {
            chosen.insert(key(&wanted));
            out.push((wanted, false, None));
            continue;
        }
        if existing == Existing::Replace
            && !chosen.contains(&key(&wanted))
            && exported_unchanged(&wanted)
        {
            check_not_locked(&wanted)?;
            chosen.insert(key(&wanted));
            out.push((wanted, true, None));
            continue;
        }
        let free = (2..1000)
            .map(|n| numbered(&wanted, n))
            .find(|p| !taken(p))
            .ok_or_else(|| LedgerError::Write {
                file: wanted.clone(),
                source: std::io::Error::new(ErrorKind::AlreadyExists, "同名文件过多"),
            })?;
        chosen.insert(key(&free));
        let kept = std::fs::symlink_metadata(&wanted).is_ok().then_some(wanted);
        out.push((free, false, kept));
    }
    Ok(out)
}

/// A file as an export wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WrittenFile {
    /// Where it was written (another name than asked for when that one was taken or too long).
    pub path: PathBuf,
    /// The file of the asked-for name that was already there and was kept.
    pub kept_existing: Option<PathBuf>,
}

/// Files of an export in flight: temporaries not yet in place, files already put in place, and
/// files moved aside for replacing. Dropped before [`Staged::finish`], it undoes everything, so
/// that a failed export leaves the folder as it was.
struct Staged {
    temps: Vec<PathBuf>,
    placed: Vec<PathBuf>,
    /// (moved-aside copy, original path).
    aside: Vec<(PathBuf, PathBuf)>,
    done: bool,
}

impl Staged {
    fn finish(mut self) {
        for (copy, _) in &self.aside {
            let _ = std::fs::remove_file(copy);
        }
        self.done = true;
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        for p in self.temps.iter().chain(&self.placed) {
            let _ = std::fs::remove_file(p);
        }
        for (copy, original) in &self.aside {
            let _ = std::fs::rename(copy, original);
        }
    }
}

static TEMP_SEQ: AtomicU64 = AtomicU64::new(0);

fn temp_path(target: &Path) -> PathBuf {
    let n = TEMP_SEQ.fetch_add(1, Ordering::Relaxed);
    let dir = target.parent().unwrap_or(Path::new("."));
    dir.join(format!(".~taizhang-{}-{n}.tmp", std::process::id()))
}

/// Writes every `(target, bytes)` pair without destroying anything the export did not write:
/// names are shortened to what file systems accept, a taken name gets a number (see
/// [`Existing`]), every file is first written to a temporary file beside its target and only
/// then put in place. On any failure nothing of the export is left and replaced files are
/// back. Returns where each file went, in order.
pub(crate) fn write_all(
    files: &[(PathBuf, Vec<u8>)],
    existing: Existing,
) -> Result<Vec<WrittenFile>, LedgerError> {
    let targets: Vec<PathBuf> = files.iter().map(|(t, _)| t.clone()).collect();
    let places = place_all(&targets, existing)?;
    let mut staged = Staged {
        temps: Vec::with_capacity(files.len()),
        placed: Vec::with_capacity(files.len()),
        aside: Vec::new(),
        done: false,
    };
    for ((target, _, _), (_, bytes)) in places.iter().zip(files) {
        let tmp = temp_path(target);
        let dir = tmp.parent().unwrap_or(Path::new(".")).to_path_buf();
        let mut f = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => f,
            Err(e) if is_denied(&e) => {
                return Err(LedgerError::FolderNotWritable {
                    dir,
                    detail: e.to_string(),
                })
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(LedgerError::FolderMissing(dir))
            }
            Err(e) => {
                return Err(LedgerError::Write {
                    file: target.clone(),
                    source: e,
                })
            }
        };
        staged.temps.push(tmp);
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .map_err(|e| LedgerError::Write {
                file: target.clone(),
                source: e,
            })?;
    }
    let rename_error = |target: &Path, e: std::io::Error| {
        if is_denied(&e) || is_sharing_violation(&e) {
            LedgerError::TargetLocked(target.to_path_buf())
        } else {
            LedgerError::Write {
                file: target.to_path_buf(),
                source: e,
            }
        }
    };
    let temps = staged.temps.clone();
    for (tmp, (target, replace, _)) in temps.iter().zip(&places) {
        if *replace {
            let copy = temp_path(target);
            std::fs::rename(target, &copy).map_err(|e| rename_error(target, e))?;
            staged.aside.push((copy, target.clone()));
        } else if std::fs::symlink_metadata(target).is_ok() {
            // Appeared since the names were chosen: never replace it.
            return Err(LedgerError::Write {
                file: target.clone(),
                source: std::io::Error::new(ErrorKind::AlreadyExists, "导出时出现了同名文件"),
            });
        }
        std::fs::rename(tmp, target).map_err(|e| rename_error(target, e))?;
        staged.placed.push(target.clone());
    }
    staged.finish();
    Ok(places
        .into_iter()
        .map(|(path, _, kept_existing)| WrittenFile {
            path,
            kept_existing,
        })
        .collect())
}

/// [`write_all`] of one file.
pub(crate) fn write_one(
    target: &Path,
    bytes: Vec<u8>,
    existing: Existing,
) -> Result<WrittenFile, LedgerError> {
    write_all(&[(target.to_path_buf(), bytes)], existing)?
        .pop()
        .ok_or_else(|| LedgerError::Xlsx("文件未写出".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_forbidden_characters_are_replaced() {
        assert_eq!(sanitize_file_name("县司法局"), "县司法局");
        assert_eq!(
            sanitize_file_name(r#"a\b/c:d*e?f"g<h>i|j"#),
            "a_b_c_d_e_f_g_h_i_j"
        );
        assert_eq!(sanitize_file_name("  名称. . "), "名称");
        assert_eq!(sanitize_file_name("tab\there"), "tab_here");
        assert_eq!(sanitize_file_name(""), "未命名");
        assert_eq!(sanitize_file_name("..."), "未命名");
        assert_eq!(sanitize_file_name("con"), "_con");
        assert_eq!(sanitize_file_name("COM3.xlsx"), "_COM3.xlsx");
        assert_eq!(sanitize_file_name("COMMITTEE"), "COMMITTEE");
        assert_eq!(sanitize_file_name(&"长".repeat(200)).chars().count(), 80);
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn existing_files_are_kept_and_new_ones_numbered_without_temporaries(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let a = dir.path().join("a.xlsx");
        let b = dir.path().join("b.xlsx");
        std::fs::write(&a, b"old")?;
        let written = write_all(
            &[
                (a.clone(), b"new a".to_vec()),
                (b.clone(), b"new b".to_vec()),
            ],
            Existing::Replace,
        )?;
        let a2 = dir.path().join("a（2）.xlsx");
        assert_eq!(written[0].path, a2);
        assert_eq!(written[0].kept_existing.as_deref(), Some(a.as_path()));
        assert_eq!(written[1].path, b);
        assert_eq!(written[1].kept_existing, None);
        assert_eq!(std::fs::read(&a)?, b"old");
        assert_eq!(std::fs::read(&a2)?, b"new a");
        assert_eq!(std::fs::read(&b)?, b"new b");
        assert_eq!(names_in(dir.path()), ["a.xlsx", "a（2）.xlsx", "b.xlsx"]);
        Ok(())
    }

    #[test]
    fn a_folder_in_the_way_gets_a_numbered_name() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let blocked = dir.path().join("b.xlsx");
        std::fs::create_dir(&blocked)?;
        let w = write_one(&blocked, b"b".to_vec(), Existing::KeepBoth)?;
        assert_eq!(w.path, dir.path().join("b（2）.xlsx"));
        assert!(blocked.is_dir());
        Ok(())
    }

    #[test]
    fn long_names_are_cut_by_bytes_on_a_character_boundary_keeping_the_extension() {
        assert_eq!(cut_bytes("县司法局", 7), "县司");
        assert_eq!(cut_bytes("ab", 7), "ab");
        let name = format!("{}.xlsx", "长".repeat(100));
        let fitted = fit_file_name(&name);
        assert!(fitted.len() <= MAX_NAME_BYTES, "{}", fitted.len());
        assert!(fitted.ends_with("长.xlsx"), "{fitted}");
        assert_eq!(fit_file_name("短.xlsx"), "短.xlsx");
        let dotted = format!("{}. .xlsx", "长".repeat(75));
        assert!(!fit_file_name(&dotted).contains(". "));
    }

    #[test]
    fn an_export_failing_half_way_removes_its_files_and_puts_replaced_ones_back(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let (placed, tmp) = (dir.path().join("a.xlsx"), dir.path().join(".~t.tmp"));
        let (original, aside) = (dir.path().join("b.xlsx"), dir.path().join(".~b.tmp"));
        std::fs::write(&placed, b"new a")?;
        std::fs::write(&tmp, b"new b")?;
        std::fs::write(&aside, b"old b")?;
        drop(Staged {
            temps: vec![tmp],
            placed: vec![placed],
            aside: vec![(aside, original.clone())],
            done: false,
        });
        assert_eq!(names_in(dir.path()), ["b.xlsx"]);
        assert_eq!(std::fs::read(&original)?, b"old b");
        Ok(())
    }

    #[test]
    fn missing_folder_is_named() {
        let r = check_folder(Path::new("/nonexistent/示例县"));
        assert!(matches!(r, Err(LedgerError::FolderMissing(_))));
    }
}

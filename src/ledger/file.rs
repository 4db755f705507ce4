//! Putting workbooks on disk safely: names Windows accepts, a temporary file in the same folder
//! renamed into place, and a Chinese message for a missing, read-only or locked target.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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

/// Temporary files written so far; those not yet renamed are removed when this is dropped, so
/// that a failed export leaves nothing behind.
struct Temps(Vec<(PathBuf, bool)>);

impl Drop for Temps {
    fn drop(&mut self) {
        for (path, renamed) in &self.0 {
            if !renamed {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

static TEMP_SEQ: AtomicU64 = AtomicU64::new(0);

fn temp_path(target: &Path) -> PathBuf {
    let n = TEMP_SEQ.fetch_add(1, Ordering::Relaxed);
    let dir = target.parent().unwrap_or(Path::new("."));
    dir.join(format!(".~taizhang-{}-{n}.tmp", std::process::id()))
}

/// Writes every `(target, bytes)` pair: first all to temporary files beside their targets,
/// then each renamed into place. Targets held open elsewhere are found before anything is
/// written; on any failure the temporary files are removed.
pub(crate) fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), LedgerError> {
    for (target, _) in files {
        check_not_locked(target)?;
    }
    let mut temps = Temps(Vec::with_capacity(files.len()));
    for (target, bytes) in files {
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
        temps.0.push((tmp, false));
        f.write_all(bytes).map_err(|e| LedgerError::Write {
            file: target.clone(),
            source: e,
        })?;
    }
    for (i, (target, _)) in files.iter().enumerate() {
        let tmp = temps.0[i].0.clone();
        match std::fs::rename(&tmp, target) {
            Ok(()) => temps.0[i].1 = true,
            Err(e) if is_denied(&e) || is_sharing_violation(&e) => {
                return Err(LedgerError::TargetLocked(target.clone()))
            }
            Err(e) => {
                return Err(LedgerError::Write {
                    file: target.clone(),
                    source: e,
                })
            }
        }
    }
    Ok(())
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

    #[test]
    fn written_files_replace_old_ones_and_leave_no_temporaries() -> Result<(), LedgerError> {
        let dir = tempfile::tempdir().map_err(|e| LedgerError::Write {
            file: PathBuf::from("tmp"),
            source: e,
        })?;
        let a = dir.path().join("a.xlsx");
        let b = dir.path().join("b.xlsx");
        std::fs::write(&a, b"old").map_err(|e| LedgerError::Write {
            file: a.clone(),
            source: e,
        })?;
        write_all(&[
            (a.clone(), b"new a".to_vec()),
            (b.clone(), b"new b".to_vec()),
        ])?;
        assert_eq!(std::fs::read(&a).ok().as_deref(), Some(&b"new a"[..]));
        assert_eq!(std::fs::read(&b).ok().as_deref(), Some(&b"new b"[..]));
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        Ok(())
    }

    #[test]
    fn a_folder_in_the_way_is_refused_before_anything_is_written() {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temp dir")
        };
        let a = dir.path().join("a.xlsx");
        let blocked = dir.path().join("b.xlsx");
        let _ = std::fs::create_dir(&blocked);
        let r = write_all(&[(a.clone(), b"a".to_vec()), (blocked, b"b".to_vec())]);
        assert!(matches!(r, Err(LedgerError::TargetIsFolder(_))));
        assert!(!a.exists());
        let left = std::fs::read_dir(dir.path())
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(left, 1);
    }

    #[test]
    fn missing_folder_is_named() {
        let r = check_folder(Path::new("/nonexistent/示例县"));
        assert!(matches!(r, Err(LedgerError::FolderMissing(_))));
    }
}

//! The 督察 binder: a plan's 佐证材料 over a range of periods as one zip — a folder per section
//! and task (序号_任务名), each file named 单位_期次_原名, and an index workbook
//! (佐证材料目录.xlsx) that prints on A4.
//!
//! Names are safe on Windows (forbidden characters, device names, length); the zip is written
//! to a temporary file beside the target and put in place under a free name, never over an
//! existing file (佐证材料（2）.zip).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::deadline::format_cn;
use crate::error_kind::ErrorKind;
use crate::evidence::{self, size_cn, Evidence, EvidenceError, Filter};
use crate::ledger::file::{fit_file_name, numbered};
use crate::ledger::sheet::{col, report_workbook, ColStyle, Table};
use crate::ledger::{sanitize_file_name, LedgerError};
use crate::period::Period;
use crate::plan::{self, PlanError};
use crate::store::Db;

/// The index workbook's name inside the zip.
pub const INDEX_NAME: &str = "佐证材料目录.xlsx";
/// Longest folder and file names inside the zip, in characters (the whole path stays well
/// under Windows' 260 once unpacked into a folder).
const SECTION_CHARS: usize = 30;
const TASK_CHARS: usize = 40;
const FILE_CHARS: usize = 60;

/// Errors of the binder.
#[derive(Debug, thiserror::Error)]
pub enum BinderError {
    #[error("{}年{}月至{}年{}月没有佐证材料，没有生成材料包。", .from.year, .from.month, .to.year, .to.month)]
    Empty { from: Period, to: Period },
    #[error("起始期次（{}年{}月）晚于截止期次（{}年{}月），请调换后再试。", .from.year, .from.month, .to.year, .to.month)]
    BadRange { from: Period, to: Period },
    #[error("材料包要保存为 .zip 文件（收到“{}”）。请换一个以 .zip 结尾的文件名。", .0.display())]
    NotZip(PathBuf),
    #[error("找不到文件夹“{}”，请先建立它或选择其他保存位置。", .0.display())]
    NoFolder(PathBuf),
    #[error("无法写出材料包“{}”：{source}。请检查磁盘空间和写入权限；没有留下不完整的文件。", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Evidence(#[from] EvidenceError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Sheet(#[from] LedgerError),
}

impl From<rusqlite::Error> for BinderError {
    fn from(e: rusqlite::Error) -> Self {
        BinderError::Evidence(EvidenceError::from(e))
    }
}

impl BinderError {
    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            BinderError::Empty { .. }
            | BinderError::BadRange { .. }
            | BinderError::NotZip(_)
            | BinderError::NoFolder(_) => ErrorKind::Invalid,
            BinderError::Write { .. } => ErrorKind::Io,
            BinderError::Evidence(e) => e.kind(),
            BinderError::Plan(e) => e.kind(),
            BinderError::Sheet(e) => e.kind(),
        }
    }
}

/// One file of the binder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Its path inside the zip (`/`-separated).
    pub path: String,
    pub evidence_id: i64,
}

/// What [`export`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Binder {
    /// Where the zip went (another name than asked when that one was taken).
    pub path: PathBuf,
    /// The file of the asked-for name that was there and was kept.
    pub kept_existing: Option<PathBuf>,
    pub files: Vec<Entry>,
}

/// `name` with its extension kept, safe on Windows and at most `max` characters.
fn safe_name(name: &str, max: usize) -> String {
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 12 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let ext = sanitize_file_name(ext);
    let ext = if ext.starts_with('.') {
        ext
    } else {
        String::new()
    };
    let room = max.saturating_sub(ext.chars().count()).max(1);
    let stem: String = stem.chars().take(room).collect();
    let stem = sanitize_file_name(&stem);
    fit_file_name(&format!("{stem}{ext}"))
}

/// The folder of `e`'s section, or none for a task outside any section.
fn section_folder(e: &Evidence) -> Option<String> {
    let label = crate::task::section_label(&e.section, &e.section_title);
    (!label.trim().is_empty()).then(|| safe_name(&label, SECTION_CHARS))
}

fn task_folder(e: &Evidence) -> String {
    let name = if e.task_code.is_empty() {
        e.task_title.clone()
    } else {
        format!("{}_{}", e.task_code, e.task_title)
    };
    sanitize_file_name(&name.chars().take(TASK_CHARS).collect::<String>())
}

/// The paths inside the zip, one per attachment, a name taken twice in a folder numbered （2）.
fn paths(list: &[Evidence]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    taken.insert(INDEX_NAME.to_lowercase());
    list.iter()
        .map(|e| {
            let mut dir = String::new();
            if let Some(s) = section_folder(e) {
                dir.push_str(&s);
                dir.push('/');
            }
            dir.push_str(&task_folder(e));
            dir.push('/');
            let name = safe_name(
                &format!("{}_{}_{}", e.unit, e.period.label(), e.file_name),
                FILE_CHARS,
            );
            let mut path = format!("{dir}{name}");
            let mut n = 2;
            while taken.contains(&path.to_lowercase()) {
                let p = numbered(Path::new(&name), n);
                path = format!("{dir}{}", p.to_string_lossy());
                n += 1;
            }
            taken.insert(path.to_lowercase());
            path
        })
        .collect()
}

/// The index workbook: 序号, 任务, 单位, 期次, 文件名 (its path in the zip), 大小, 添加日期.
fn index_workbook(
    plan_title: &str,
    from: Period,
    to: Period,
    today: NaiveDate,
    list: &[Evidence],
    paths: &[String],
) -> Result<Vec<u8>, LedgerError> {
    let cols = [
        col("序号", 6.0, ColStyle::Center),
        col("任务", 30.0, ColStyle::Text),
        col("单位", 14.0, ColStyle::Text),
        col("期次", 11.0, ColStyle::Center),
        col("文件名", 44.0, ColStyle::Text),
        col("大小", 10.0, ColStyle::Center),
        col("添加日期", 15.0, ColStyle::Center),
    ];
    let title = "佐证材料目录";
    let range = if from == to {
        from.label()
    } else {
        format!("{}至{}", from.label(), to.label())
    };
    let subtitle = format!(
        "《{plan_title}》　期间：{range}　共 {} 个文件　生成日期：{}",
        list.len(),
        format_cn(today)
    );
    let mut wb = report_workbook(title, plan_title, "佐证材料");
    let ws = wb.add_worksheet();
    let mut table = Table::report(ws, "佐证材料目录", title, &subtitle, None, &cols, true)?;
    let mut section = None;
    for (e, path) in list.iter().zip(paths) {
        let label = crate::task::section_label(&e.section, &e.section_title);
        if section.as_ref() != Some(&label) {
            if !label.trim().is_empty() {
                table.section(1, &label)?;
            }
            section = Some(label);
        }
        let row_label = format!("佐证材料“{}”", crate::limits::preview(&e.file_name));
        table.row(
            &[
                &e.task_code,
                &e.task_title,
                &e.unit,
                &e.period.label(),
                path,
                &size_cn(e.size),
                &format_cn(e.added_on),
            ],
            None,
            &row_label,
        )?;
    }
    table.finish(None)?;
    Ok(wb.save_to_buffer()?)
}

/// Writes the binder of plan `plan_id` for `from`..=`to` to `out` (a `.zip` in an existing
/// folder), on `today`.
pub fn export(
    db: &Db,
    plan_id: i64,
    from: Period,
    to: Period,
    out: &Path,
    today: NaiveDate,
) -> Result<Binder, BinderError> {
    export_with_progress(db, plan_id, from, to, out, today, &mut |_, _| {})
}

/// [`export`], calling `progress(done, total)` after each file written into the zip.
pub fn export_with_progress(
    db: &Db,
    plan_id: i64,
    from: Period,
    to: Period,
    out: &Path,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Binder, BinderError> {
    if from > to {
        return Err(BinderError::BadRange { from, to });
    }
    let is_zip = out
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("zip"));
    if !is_zip || out.is_dir() {
        return Err(BinderError::NotZip(out.to_path_buf()));
    }
    let dir = match out.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(BinderError::NoFolder(dir));
    }
    let plan = plan::get(db.conn(), plan_id)?;
    let list = evidence::list(
        db.conn(),
        &Filter {
            plan_id: Some(plan_id),
            from: Some(from),
            to: Some(to),
            ..Default::default()
        },
    )?;
    if list.is_empty() {
        return Err(BinderError::Empty { from, to });
    }
    let sources = list
        .iter()
        .map(|e| evidence::file_of(db, e))
        .collect::<Result<Vec<_>, _>>()?;
    let paths = paths(&list);
    let index = index_workbook(&plan.title, from, to, today, &list, &paths)?;

    let part = dir.join(format!(".{}.part-{}", INDEX_NAME, std::process::id()));
    let days: Vec<NaiveDate> = list.iter().map(|e| e.added_on).collect();
    let written = write_zip(&part, (&index, today), &sources, &paths, &days, progress);
    let placed = written.and_then(|()| place(&part, out));
    let _ = std::fs::remove_file(&part);
    let (path, kept_existing) = placed?;
    Ok(Binder {
        path,
        kept_existing,
        files: list
            .iter()
            .zip(paths)
            .map(|(e, path)| Entry {
                path,
                evidence_id: e.id,
            })
            .collect(),
    })
}

/// `day` at noon as a zip entry's time (zip dates start in 1980).
fn zip_time(day: NaiveDate) -> Option<zip::DateTime> {
    use chrono::Datelike;
    zip::DateTime::from_date_and_time(
        u16::try_from(day.year()).ok()?,
        u8::try_from(day.month()).ok()?,
        u8::try_from(day.day()).ok()?,
        12,
        0,
        0,
    )
    .ok()
}

/// Writes the zip: the index (dated `today`) first, then each file dated the day it was added.
fn write_zip(
    part: &Path,
    (index, today): (&[u8], NaiveDate),
    sources: &[PathBuf],
    paths: &[String],
    days: &[NaiveDate],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), BinderError> {
    let err = |source: std::io::Error| BinderError::Write {
        path: part.to_path_buf(),
        source,
    };
    let zerr = |e: zip::result::ZipError| err(std::io::Error::other(e));
    let file = std::fs::File::create(part).map_err(err)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let dated = |day: NaiveDate| match zip_time(day) {
        Some(t) => options.last_modified_time(t),
        None => options,
    };
    zip.start_file(INDEX_NAME, dated(today)).map_err(zerr)?;
    zip.write_all(index).map_err(err)?;
    progress(0, sources.len());
    for (i, ((src, path), day)) in sources.iter().zip(paths).zip(days).enumerate() {
        zip.start_file(path.as_str(), dated(*day)).map_err(zerr)?;
        let mut f = std::fs::File::open(src).map_err(|source| {
            BinderError::Evidence(EvidenceError::Read {
                path: src.clone(),
                source,
            })
        })?;
        std::io::copy(&mut f, &mut zip).map_err(err)?;
        progress(i + 1, sources.len());
    }
    let mut inner = zip.finish().map_err(zerr)?;
    inner.flush().map_err(err)?;
    inner
        .into_inner()
        .map_err(|e| err(e.into_error()))?
        .sync_all()
        .map_err(err)?;
    Ok(())
}

/// Puts the finished `part` at `out`, or at `out（2）`… when a file is there: a hard link
/// never replaces an existing file; where links are not allowed, a rename to a name checked
/// free. Returns the path and the existing file that was kept.
fn place(part: &Path, out: &Path) -> Result<(PathBuf, Option<PathBuf>), BinderError> {
    let kept = std::fs::symlink_metadata(out)
        .is_ok()
        .then(|| out.to_path_buf());
    for n in 1..1000 {
        let target = if n == 1 {
            out.to_path_buf()
        } else {
            numbered(out, n)
        };
        if std::fs::symlink_metadata(&target).is_ok() {
            continue;
        }
        match std::fs::hard_link(part, &target) {
            Ok(()) => return Ok((target, kept)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => {
                return std::fs::rename(part, &target)
                    .map(|()| (target.clone(), kept))
                    .map_err(|source| BinderError::Write {
                        path: target,
                        source,
                    })
            }
        }
    }
    Err(BinderError::Write {
        path: out.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "同名文件过多"),
    })
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn names_are_safe_on_windows_and_keep_their_extension() {
        assert_eq!(safe_name("CON.pdf", 60), "_CON.pdf");
        assert_eq!(safe_name("a:b*c?.docx", 60), "a_b_c_.docx");
        let long = format!("{}.jpg", "很长的名字".repeat(30));
        let safe = safe_name(&long, 60);
        assert!(safe.ends_with(".jpg"), "{safe}");
        assert_eq!(safe.chars().count(), 60);
        assert_eq!(safe_name("说明. ", 60), "说明");
    }
}

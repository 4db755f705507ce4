//! 领导小组名单 in Excel, or a document that lists the group (关于成立/调整…领导小组的通知 as
//! .docx/.doc/.wps/.txt) → a roster draft, compared with the leadership group, committed in one
//! transaction and undoable. A document's 成员单位 listed as bodies become units of the
//! directory, not people.
//!
//! Layouts read: 职务 / 姓名 / 单位 or 组内职务 / 姓名 / 职务 in any column order (the column
//! whose values are 组长 / 副组长 / 成员 … holds the role in the group); role rows (组长, 成员 …)
//! with the names below them; a 办公室 block whose 主任 / 副主任 / 成员 become 办公室主任 …;
//! names padded with spaces (王  伟) are folded; an annotation beside a name (陈立新（兼）,
//! 刘海燕*, 王强(挂职)) is kept as the member's note. With an effective date (`on`), the file is
//! the whole roster from that day: new members join on it and members missing from the file
//! leave the day before — only once the clerk confirmed the list of leavers (`retire`), and
//! never a member whose row could not be read.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::draft::DraftMember;
use super::error::{Belongs, PlanImportError};
use crate::document::workbook;
use crate::text::squeeze;

mod commit;
pub mod document;
mod lines;
mod names;
mod people;
mod prose;
mod sheet;
mod table;

pub use commit::{commit, undo};
pub(crate) use sheet::{find_header, members};

use names::read_name;
use sheet::read_sheet;

/// Whether a roster row is new to the group, already there, or there with another 职务 / 单位.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    #[default]
    New,
    Same,
    Changed,
}

/// One person of the roster file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RosterEntry {
    #[serde(flatten)]
    pub member: DraftMember,
    /// The sheet and Excel row it came from.
    pub sheet: String,
    pub row: usize,
    pub status: EntryStatus,
    /// The group member it is, when already in the group.
    pub member_id: Option<i64>,
    /// The annotation written beside the name (兼, 挂职, 常务, *), kept as the member's note.
    pub note: String,
}

/// A row whose name cell could not be read as a person's name: reported, never guessed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnreadableRow {
    pub sheet: String,
    /// The Excel row.
    pub row: usize,
    /// The text of the name cell as written.
    pub text: String,
}

/// A current member missing from a roster that takes effect on a date: leaves the day before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Leaving {
    pub member_id: i64,
    pub name: String,
    pub role: String,
    /// The last day in office.
    pub to: Option<NaiveDate>,
}

/// A roster read from a file, compared with the group; shown in the preview, edited, committed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RosterDraft {
    pub source: String,
    /// The title above the table (示例县法治政府建设领导小组成员名单).
    pub title: String,
    /// The day the roster takes effect, if given.
    pub on: Option<NaiveDate>,
    pub members: Vec<RosterEntry>,
    /// Current members missing from the file who leave the day before `on`; written only with
    /// `retire` set.
    pub leaving: Vec<Leaving>,
    /// Current members missing from the file who stay because a row could not be read.
    pub kept: Vec<Leaving>,
    /// Rows whose name could not be read.
    pub unreadable: Vec<UnreadableRow>,
    /// The clerk confirmed that the members in `leaving` leave.
    pub retire: bool,
    pub warnings: Vec<String>,
    /// 成员单位 a document lists as bodies (县司法局): committed as units of the directory
    /// (those it lacks are added), never as people.
    pub bodies: Vec<RosterBody>,
}

/// A member body (成员单位) of the group, as the document names it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RosterBody {
    pub name: String,
    /// The directory unit it is (by name or alias); `None`: the import adds it.
    pub unit_id: Option<i64>,
}

/// What committing a roster did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RosterCommit {
    /// The import's record, for undo; `None` when nothing changed.
    pub batch_id: Option<i64>,
    pub added: usize,
    pub updated: usize,
    pub left: usize,
    pub unchanged: usize,
    /// 成员单位 added to the directory of units.
    pub units_added: usize,
}

/// What undoing a roster import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RosterUndo {
    pub batch_id: i64,
    pub file: String,
    pub removed: usize,
    pub restored: usize,
    /// Units the import had added, removed again.
    #[serde(default)]
    pub units_removed: usize,
}

/// Where a roster table's columns are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RosterHeader {
    row: usize,
    name: usize,
    role: Option<usize>,
    title: Option<usize>,
    org: Option<usize>,
    /// 备注 (兼, 挂职 …), as the app's own roster prints it.
    note: Option<usize>,
}

/// Reads a roster file — a workbook, or a document (.docx/.doc/.wps/.txt) that lists the group
/// — into a draft and compares it with the group. Writes nothing.
pub fn draft_from_file(
    conn: &Connection,
    path: &Path,
    on: Option<NaiveDate>,
) -> Result<RosterDraft, PlanImportError> {
    let word_name = matches!(
        workbook::extension(&crate::document::file::file_name(path)).as_str(),
        "doc" | "wps"
    );
    let document_name = is_document_name(&crate::document::file::file_name(path));
    let (name, bytes) = crate::document::file::read_file(path, |head| {
        if document_name {
            crate::document::word::size_limit(head, word_name)
        } else {
            workbook::MAX_WORKBOOK_BYTES
        }
    })?;
    draft_from_bytes(conn, &bytes, &name, on)
}

/// Whether a file's name says it is a document (.docx, .doc, .wps, .txt).
fn is_document_name(name: &str) -> bool {
    matches!(
        workbook::extension(name).as_str(),
        "docx" | "docm" | "doc" | "wps" | "txt"
    )
}

/// Whether a file that is no workbook is a document (.docx, .txt, .doc, .wps, .pdf).
fn is_document(bytes: &[u8], name: &str) -> bool {
    let ext = workbook::extension(name);
    if is_document_name(name) || matches!(ext.as_str(), "pdf" | "rtf") {
        return true;
    }
    bytes.starts_with(b"%PDF")
        || (bytes.starts_with(b"PK")
            && zip::ZipArchive::new(std::io::Cursor::new(bytes))
                .is_ok_and(|mut z| z.by_name("word/document.xml").is_ok()))
}

/// Like [`draft_from_file`], for a file already in memory (the desktop's file dialog).
pub fn draft_from_bytes(
    conn: &Connection,
    bytes: &[u8],
    name: &str,
    on: Option<NaiveDate>,
) -> Result<RosterDraft, PlanImportError> {
    let ole_document = matches!(workbook::extension(name).as_str(), "doc" | "wps")
        && bytes.starts_with(workbook::OLE);
    if !bytes.is_empty()
        && (ole_document || !workbook::is_workbook(bytes, name))
        && is_document(bytes, name)
    {
        let document = crate::document::word::read_bytes(bytes, name)?;
        return draft_from_document(conn, &document, on);
    }
    let book = workbook::read_bytes(bytes, name)?;
    match Belongs::of_own_kind(book.own_kind.as_deref()) {
        Some(Belongs::Ledger) => Err(PlanImportError::WrongImport {
            file: name.to_string(),
            belongs: Belongs::Ledger,
        }),
        _ => draft_from_workbook(conn, &book, on),
    }
}

/// The roster of a document: its people (lines, sentences, tables) and its 成员单位; refused
/// when it names neither.
pub fn draft_from_document(
    conn: &Connection,
    document: &crate::document::word::Document,
    on: Option<NaiveDate>,
) -> Result<RosterDraft, PlanImportError> {
    let found = super::parse::roster_of(document);
    let plan = super::parse::parse(document);
    if found.entries.is_empty() && found.bodies.is_empty() {
        return Err(PlanImportError::NoRosterInDocument {
            file: document.name.clone(),
            tasks: plan.tasks.len(),
        });
    }
    let title = plan.title;
    let mut draft = RosterDraft {
        source: document.name.clone(),
        title,
        on,
        members: found.entries,
        unreadable: found.unreadable,
        warnings: found.warnings,
        bodies: found
            .bodies
            .into_iter()
            .map(|name| RosterBody {
                name,
                unit_id: None,
            })
            .collect(),
        ..RosterDraft::default()
    };
    if draft.members.is_empty() {
        draft.warnings.push(
            "文件中只列出了成员单位，没有找到成员姓名：导入后成员单位加入责任单位名录，成员请在“领导小组”中补录。"
                .to_string(),
        );
    }
    dedupe(&mut draft.members);
    match_group(conn, &mut draft)?;
    Ok(draft)
}

fn draft_from_workbook(
    conn: &Connection,
    book: &workbook::Workbook,
    on: Option<NaiveDate>,
) -> Result<RosterDraft, PlanImportError> {
    let mut draft = RosterDraft {
        source: book.name.clone(),
        on,
        ..RosterDraft::default()
    };
    let mut first_empty: Option<(String, usize)> = None;
    let mut any_header = false;
    for grid in &book.sheets {
        let found = read_sheet(grid);
        let Some(h) = &found.header else { continue };
        any_header = true;
        super::sheet::refuse_oversized(&book.name, grid)?;
        draft.unreadable.extend(found.unreadable.iter().cloned());
        if found.entries.is_empty() {
            draft.warnings.extend(found.warnings);
            first_empty.get_or_insert((grid.name.clone(), h.row + 2));
            continue;
        }
        if draft.title.is_empty() {
            draft.title = found.title;
        }
        draft.members.extend(found.entries);
        draft.warnings.extend(found.warnings);
    }
    if draft.members.is_empty() {
        return Err(match first_empty {
            Some((sheet, row)) => PlanImportError::RosterNoNames {
                file: book.name.clone(),
                sheet,
                row,
            },
            None => PlanImportError::NoRoster {
                file: book.name.clone(),
                sheets: book
                    .sheets
                    .iter()
                    .map(|g| format!("“{}”", g.name))
                    .collect::<Vec<_>>()
                    .join("、"),
                tasks: !any_header && super::sheet::draft(book).is_ok(),
            },
        });
    }
    dedupe(&mut draft.members);
    match_group(conn, &mut draft)?;
    Ok(draft)
}

/// Keeps each (name, role) once, the first time it is listed.
fn dedupe(entries: &mut Vec<RosterEntry>) {
    let mut seen: Vec<(String, String)> = Vec::new();
    entries.retain(|e| {
        let key = (e.member.name.clone(), e.member.role.clone());
        let fresh = !seen.contains(&key);
        seen.push(key);
        fresh
    });
}

/// A live member of the group: (id, name, role, title, org, from, note).
type Current = (
    i64,
    String,
    String,
    String,
    String,
    Option<NaiveDate>,
    String,
);

fn current_members(conn: &Connection, on: Option<NaiveDate>) -> rusqlite::Result<Vec<Current>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, role, title, org, from_date, note FROM group_member
         WHERE deleted_at IS NULL AND (?1 IS NULL OR to_date IS NULL OR to_date >= ?1)
           AND (?1 IS NULL OR from_date IS NULL OR from_date <= ?1)
         ORDER BY seq, id",
    )?;
    let rows = stmt.query_map([on], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    })?;
    rows.collect()
}

/// Compares the draft with the group: each entry new, the same or changed; with an effective
/// date, the members missing from the file leave the day before — except a member whose name
/// appears in a row that could not be read, and, while a row that could not be read names no
/// member at all, anyone (they are listed in `kept`). Call again after edits.
pub fn match_group(conn: &Connection, draft: &mut RosterDraft) -> Result<(), PlanImportError> {
    for b in &mut draft.bodies {
        b.unit_id = crate::unit::find_id(conn, b.name.trim())?;
    }
    let current = current_members(conn, draft.on)?;
    // A member stored with the annotation in the name (陈立新（兼）, typed by hand) is the same
    // person as the file's 陈立新 with the note 兼.
    let key = |name: &str, role: &str| {
        let name = read_name(name).map_or_else(|| squeeze(name), |(n, _)| n);
        (name, squeeze(role))
    };
    for e in &mut draft.members {
        e.member.name = squeeze(&e.member.name);
        e.member.role = squeeze(&e.member.role);
        let found = current
            .iter()
            .find(|m| key(&m.1, &m.2) == key(&e.member.name, &e.member.role));
        match found {
            Some(m) => {
                e.member_id = Some(m.0);
                let note = e.note.trim();
                e.status = if m.3.trim() == e.member.title.trim()
                    && m.4.trim() == e.member.org.trim()
                    && (note.is_empty() || note == m.6.trim())
                {
                    EntryStatus::Same
                } else {
                    EntryStatus::Changed
                };
            }
            None => {
                e.member_id = None;
                e.status = EntryStatus::New;
            }
        }
    }
    draft.leaving.clear();
    draft.kept.clear();
    // A roster of bodies only (成员单位) names no people: nobody leaves because of it.
    let Some(on) = draft.on.filter(|_| !draft.members.is_empty()) else {
        return Ok(());
    };
    // Rows that could not be read: the members they name stay; a row naming nobody known could
    // be anyone, so then nobody leaves.
    let unread: Vec<String> = draft.unreadable.iter().map(|u| squeeze(&u.text)).collect();
    let names_in = |text: &str| current.iter().any(|m| text.contains(&squeeze(&m.1)));
    let anonymous = unread.iter().any(|t| !names_in(t));
    let day_before = on.pred_opt().unwrap_or(on);
    for m in &current {
        let listed = draft
            .members
            .iter()
            .any(|e| key(&e.member.name, &e.member.role) == key(&m.1, &m.2));
        if listed {
            continue;
        }
        // Someone who only takes office on that day cannot leave the day before: left alone.
        if m.5.is_some_and(|from| from > day_before) {
            let note = format!(
                "{}（{}）自 {} 起任职，不在名单中，未作改动，请核对。",
                m.1,
                m.2,
                m.5.map(crate::deadline::format_cn).unwrap_or_default()
            );
            if !draft.warnings.contains(&note) {
                draft.warnings.push(note);
            }
            continue;
        }
        let leaver = Leaving {
            member_id: m.0,
            name: m.1.clone(),
            role: m.2.clone(),
            to: Some(day_before),
        };
        let name = squeeze(&m.1);
        if anonymous || unread.iter().any(|t| t.contains(&name)) {
            draft.kept.push(leaver);
        } else {
            draft.leaving.push(leaver);
        }
    }
    if !draft.kept.is_empty() {
        let names: Vec<String> = draft
            .kept
            .iter()
            .map(|m| format!("{}（{}）", m.name, m.role))
            .collect();
        let note = format!(
            "名单中有无法识别的姓名，为免误将成员标为离任，{} 不在已识别的名单中但仍保留在任。如确已离任，请修改名单后重新导入，或在“领导小组”中填写离任日期。",
            names.join("、")
        );
        if !draft.warnings.contains(&note) {
            draft.warnings.push(note);
        }
    }
    Ok(())
}

//! 领导小组名单 in Excel → a roster draft, compared with the leadership group, committed in one
//! transaction and undoable.
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
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::batch::{self, Action, BatchKind};
use super::draft::DraftMember;
use super::import::{Belongs, PlanImportError};
use super::parse::{split_org, ROLES};
use super::text::{compare_key, squeeze};
use super::workbook::{self, Grid};
use crate::group::{self, MemberInput};
use crate::store::{audit, Db};

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
}

/// What undoing a roster import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RosterUndo {
    pub batch_id: i64,
    pub file: String,
    pub removed: usize,
    pub restored: usize,
}

/// Where a roster table's columns are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RosterHeader {
    row: usize,
    name: usize,
    role: Option<usize>,
    title: Option<usize>,
    org: Option<usize>,
}

const ROLE_HEADERS: &[&str] = &[
    "组内职务",
    "小组职务",
    "组内职责",
    "领导小组职务",
    "小组内职务",
    "组内分工",
    "组内任职",
    "小组任职",
    "职责",
    "分工",
    "任职",
];

/// Whether a text opens the 办公室 block (领导小组办公室, 办公室, 领导小组下设办公室…).
fn is_office_block(text: &str) -> bool {
    let key = compare_key(text);
    key == "办公室" || (key.contains("办公室") && !key.ends_with("主任") && key.chars().count() > 5)
}

/// A role in the group: 组长 / 副组长 / 成员 …; inside the 办公室 block 主任 → 办公室主任.
fn role_of(text: &str, office: bool) -> Option<String> {
    let key = compare_key(text);
    if office {
        match key.as_str() {
            "主任" | "副主任" | "成员" | "联络员" | "工作人员" => {
                return Some(format!("办公室{key}"))
            }
            _ => {}
        }
    }
    if let Some(r) = ROLES.iter().find(|r| **r == key) {
        return Some(r.to_string());
    }
    match key.as_str() {
        "办公室成员" | "联络员" | "顾问" | "第一副组长" | "执行组长" => {
            Some(key)
        }
        _ => None,
    }
}

/// A person's name: spaces folded, 2–5 Chinese characters (or with the middle dot ·).
fn person_name(text: &str) -> Option<String> {
    let name = squeeze(text);
    let n = name.chars().count();
    let ok = (2..=5).contains(&n)
        && name
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·' || c == '•');
    ok.then_some(name)
}

/// Brackets an annotation is written in: 陈立新（兼）, 王强(挂职), 李明【常务】.
const BRACKETS: &[(char, char)] = &[
    ('（', '）'),
    ('(', ')'),
    ('【', '】'),
    ('[', ']'),
    ('〔', '〕'),
    ('［', '］'),
];

/// Marks written after a name to point at a footnote: 刘海燕*.
const MARKS: &[char] = &['*', '＊', '※', '★', '☆', '#', '＃', '△', '▲', '◆', '√'];

/// Texts that stand for a vacant seat rather than a person.
const VACANT: &[&str] = &["待定", "空缺", "暂缺", "暂空", "无", "略"];

/// A name cell's part read as a person: the name and the annotations written around it
/// (`陈立新（兼）` → 陈立新, 兼; `刘海燕*` → 刘海燕, *; `李明 （常务）` → 李明, 常务).
fn read_name(text: &str) -> Option<(String, String)> {
    let mut rest: Vec<char> = squeeze(text).chars().collect();
    let mut notes: Vec<String> = Vec::new();
    loop {
        if let Some(&last) = rest.last() {
            if MARKS.contains(&last) {
                let n = rest.iter().rev().take_while(|c| MARKS.contains(c)).count();
                notes.insert(0, rest[rest.len() - n..].iter().collect());
                rest.truncate(rest.len() - n);
                continue;
            }
            if let Some(&(open, _)) = BRACKETS.iter().find(|(_, close)| *close == last) {
                if let Some(at) = rest.iter().rposition(|c| *c == open) {
                    let inner: String = rest[at + 1..rest.len() - 1].iter().collect();
                    if !inner.is_empty() {
                        notes.insert(0, inner);
                    }
                    rest.truncate(at);
                    continue;
                }
            }
        }
        if let Some(&first) = rest.first() {
            if let Some(&(_, close)) = BRACKETS.iter().find(|(open, _)| *open == first) {
                if let Some(at) = rest.iter().position(|c| *c == close) {
                    let inner: String = rest[1..at].iter().collect();
                    if !inner.is_empty() {
                        notes.push(inner);
                    }
                    rest.drain(..=at);
                    continue;
                }
            }
        }
        break;
    }
    let name = person_name(&rest.iter().collect::<String>())?;
    Some((name, notes.join("；")))
}

/// Whether a name cell's part only says the seat is vacant: （待定）, 空缺, —.
fn is_vacant(text: &str) -> bool {
    let key: String = squeeze(text)
        .chars()
        .filter(|c| !BRACKETS.iter().any(|(o, cl)| c == o || c == cl))
        .collect();
    key.is_empty()
        || key.chars().all(|c| "-—－/／、.。…".contains(c))
        || VACANT.contains(&key.as_str())
}

/// The parts of a names cell (张三、李四), not split inside brackets (陈立新（兼，常务）).
fn split_names(cell: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in cell.chars() {
        if BRACKETS.iter().any(|(open, _)| *open == c) {
            depth += 1;
        } else if BRACKETS.iter().any(|(_, close)| *close == c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && ['、', '，', ',', '；', ';', '\n', '/'].contains(&c) {
            parts.push(std::mem::take(&mut current));
            continue;
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Finds the header of a roster table: a 姓名 column within the first rows.
pub(crate) fn find_header(grid: &Grid) -> Option<RosterHeader> {
    let last = grid.rows.len().min(super::sheet::HEADER_SEARCH_ROWS);
    let row =
        (0..last).find(|&r| (0..grid.width()).any(|c| compare_key(grid.cell(r, c)) == "姓名"))?;
    let keys: Vec<String> = (0..grid.width())
        .map(|c| compare_key(grid.cell(row, c)))
        .collect();
    let name = keys.iter().position(|k| k == "姓名")?;
    let values_are_roles =
        |c: usize| (row + 1..grid.rows.len()).any(|r| role_of(grid.cell(r, c), false).is_some());
    let role = keys
        .iter()
        .position(|k| ROLE_HEADERS.contains(&k.as_str()))
        .or_else(|| (0..keys.len()).find(|&c| c != name && values_are_roles(c)));
    let title = (0..keys.len()).find(|&c| {
        Some(c) != role && c != name && (keys[c].contains("职务") || keys[c].contains("职称"))
    });
    let org = (0..keys.len()).find(|&c| {
        Some(c) != role
            && Some(c) != title
            && c != name
            && (keys[c].contains("单位") || keys[c].contains("部门"))
    });
    Some(RosterHeader {
        row,
        name,
        role,
        title,
        org,
    })
}

/// The roster of one sheet: its entries and warnings (empty without a header).
struct SheetRoster {
    header: Option<RosterHeader>,
    title: String,
    entries: Vec<RosterEntry>,
    unreadable: Vec<UnreadableRow>,
    warnings: Vec<String>,
}

fn read_sheet(grid: &Grid) -> SheetRoster {
    let mut out = SheetRoster {
        header: find_header(grid),
        title: String::new(),
        entries: Vec::new(),
        unreadable: Vec::new(),
        warnings: Vec::new(),
    };
    let Some(h) = out.header.clone() else {
        return out;
    };
    out.title = (0..h.row)
        .flat_map(|r| (0..grid.width()).map(move |c| (r, c)))
        .map(|(r, c)| grid.cell(r, c).trim())
        .find(|t| t.chars().count() >= 4 && !t.starts_with("附件"))
        .unwrap_or_default()
        .to_string();
    let mut role: Option<String> = None;
    let mut office = false;
    let mut defaulted: Vec<usize> = Vec::new();
    for r in h.row + 1..grid.rows.len() {
        let cell = |c: Option<usize>| -> String {
            c.map(|c| grid.cell(r, c).trim().to_string())
                .unwrap_or_default()
        };
        let mut texts: Vec<&str> = Vec::new();
        for c in 0..grid.width() {
            let t = grid.cell(r, c).trim();
            if !t.is_empty() && !texts.contains(&t) {
                texts.push(t);
            }
        }
        if texts.is_empty() || compare_key(grid.cell(r, h.name)) == "姓名" {
            continue;
        }
        // A role row: 组长 / 成员： / 领导小组办公室 on its own.
        if texts.len() == 1 {
            let t = texts[0];
            if is_office_block(t) {
                office = true;
                role = None;
                continue;
            }
            if let Some(found) = role_of(t.trim_end_matches([':', '：']), office) {
                role = Some(found);
                continue;
            }
            if grid.cell(r, h.name).trim() != t || is_vacant(t) {
                continue;
            }
            // A lone text in the name column that is no name: a short one is a row that could
            // not be read; a long one is a note under the table.
            if !split_names(t).iter().any(|p| read_name(p).is_some()) {
                if t.chars().count() <= 12 {
                    out.unreadable.push(UnreadableRow {
                        sheet: grid.name.clone(),
                        row: r + 1,
                        text: t.to_string(),
                    });
                }
                continue;
            }
        }
        if h.role.is_some() {
            let text = cell(h.role);
            if is_office_block(&text) {
                office = true;
            } else if !text.is_empty() {
                role = Some(role_of(&text, office).unwrap_or_else(|| squeeze(&text)));
            }
        }
        let names_cell = cell(Some(h.name));
        if names_cell.is_empty() {
            continue;
        }
        let mut title = cell(h.title);
        let mut org = cell(h.org);
        if org.is_empty() {
            let (o, t) = split_org(&squeeze(&title));
            if !o.is_empty() {
                org = o;
                title = t;
            }
        }
        for part in split_names(&names_cell) {
            if is_vacant(&part) {
                continue;
            }
            let Some((name, note)) = read_name(&part) else {
                out.unreadable.push(UnreadableRow {
                    sheet: grid.name.clone(),
                    row: r + 1,
                    text: part.clone(),
                });
                continue;
            };
            let member_role = match &role {
                Some(role) => role.clone(),
                None => {
                    defaulted.push(r);
                    "成员".to_string()
                }
            };
            out.entries.push(RosterEntry {
                member: DraftMember {
                    name,
                    title: title.clone(),
                    org: org.clone(),
                    role: member_role,
                },
                sheet: grid.name.clone(),
                row: r + 1,
                note,
                ..RosterEntry::default()
            });
        }
    }
    let sheet = &grid.name;
    if !out.unreadable.is_empty() {
        let rows: Vec<String> = out
            .unreadable
            .iter()
            .map(|u| format!("第{}行“{}”", u.row, u.text))
            .collect();
        out.warnings.push(format!(
            "工作表“{sheet}”{} 无法识别为姓名，未导入；这些行对应的现任成员不会被标为离任。请核对名单。",
            rows.join("、")
        ));
    }
    if !defaulted.is_empty() {
        let rows: Vec<String> = defaulted.iter().map(|r| (r + 1).to_string()).collect();
        out.warnings.push(format!(
            "工作表“{sheet}”第{}行没有写组内职务，已按“成员”导入，请核对。",
            rows.join("、")
        ));
    }
    out
}

/// The roster entries of one sheet (empty when it holds no roster).
pub(crate) fn members(grid: &Grid) -> Vec<RosterEntry> {
    read_sheet(grid).entries
}

/// Reads a roster workbook into a draft and compares it with the group. Writes nothing.
pub fn draft_from_file(
    conn: &Connection,
    path: &Path,
    on: Option<NaiveDate>,
) -> Result<RosterDraft, PlanImportError> {
    let (name, bytes) = super::doc::read_file(path, |_| workbook::MAX_WORKBOOK_BYTES)?;
    draft_from_bytes(conn, &bytes, &name, on)
}

/// Whether a file that is no workbook is a plan document (.docx, .txt, .doc, .wps, .pdf).
fn is_plan_document(bytes: &[u8], name: &str) -> bool {
    let ext = workbook::extension(name);
    if matches!(ext.as_str(), "docx" | "doc" | "wps" | "txt" | "pdf" | "rtf") {
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
    if !bytes.is_empty() && !workbook::is_workbook(bytes, name) && is_plan_document(bytes, name) {
        return Err(PlanImportError::WrongImport {
            file: name.to_string(),
            belongs: Belongs::Plan,
        });
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
    let mut seen: Vec<(String, String)> = Vec::new();
    draft.members.retain(|e| {
        let key = (e.member.name.clone(), e.member.role.clone());
        let fresh = !seen.contains(&key);
        seen.push(key);
        fresh
    });
    match_group(conn, &mut draft)?;
    Ok(draft)
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
    let Some(on) = draft.on else {
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

fn member_json(conn: &Connection, id: i64) -> Result<serde_json::Value, PlanImportError> {
    Ok(conn.query_row(
        "SELECT name, title, org, role, from_date, to_date, note FROM group_member WHERE id = ?1",
        [id],
        |r| {
            Ok(serde_json::json!({
                "name": r.get::<_, String>(0)?,
                "title": r.get::<_, String>(1)?,
                "org": r.get::<_, String>(2)?,
                "role": r.get::<_, String>(3)?,
                "from_date": r.get::<_, Option<String>>(4)?,
                "to_date": r.get::<_, Option<String>>(5)?,
                "note": r.get::<_, String>(6)?,
            }))
        },
    )?)
}

/// Writes the (edited) roster in one transaction: new members added, changed 职务 / 单位 / note
/// updated, and with an effective date the missing members' last day set. Compared with the
/// group again first, so that a roster already in place changes nothing and writes nothing.
/// Members leave only when the clerk confirmed it (`retire`) and only those the preview listed;
/// otherwise nothing is written.
pub fn commit(db: &mut Db, draft: &RosterDraft) -> Result<RosterCommit, PlanImportError> {
    let shown: Vec<i64> = draft.leaving.iter().map(|l| l.member_id).collect();
    let mut draft = draft.clone();
    if draft.members.is_empty() {
        return Err(PlanImportError::NoRoster {
            file: draft.source.clone(),
            sheets: String::new(),
            tasks: false,
        });
    }
    let tx = db.transaction()?;
    match_group(&tx, &mut draft)?;
    let unseen: Vec<&Leaving> = draft
        .leaving
        .iter()
        .filter(|l| !shown.contains(&l.member_id))
        .collect();
    if !draft.leaving.is_empty() && (!draft.retire || !unseen.is_empty()) {
        let list = if unseen.is_empty() {
            &draft.leaving.iter().collect::<Vec<_>>()
        } else {
            &unseen
        };
        return Err(PlanImportError::RosterLeavingUnconfirmed {
            count: list.len(),
            names: list
                .iter()
                .map(|l| format!("{}（{}）", l.name, l.role))
                .collect::<Vec<_>>()
                .join("、"),
            day: leaving_day(list),
            unseen: !unseen.is_empty(),
        });
    }
    let mut result = RosterCommit::default();
    let changes = draft
        .members
        .iter()
        .filter(|e| e.status != EntryStatus::Same)
        .count()
        + draft.leaving.len();
    result.unchanged = draft.members.len() + draft.leaving.len() - changes;
    if changes == 0 {
        return Ok(result);
    }
    let batch = batch::begin(&tx, BatchKind::Roster, None, &draft.source)?;
    for e in &draft.members {
        match (e.status, e.member_id) {
            (EntryStatus::Same, _) => {}
            (EntryStatus::Changed, Some(id)) => {
                let m = &e.member;
                group::check_lengths(&m.name, &m.role, &m.title, &m.org)
                    .and_then(|()| {
                        crate::limits::check("备注", e.note.trim(), crate::limits::MAX_TITLE_CHARS)
                    })
                    .map_err(|err| PlanImportError::Roster {
                        sheet: e.sheet.clone(),
                        row: e.row,
                        detail: err.to_string(),
                    })?;
                let before = member_json(&tx, id)?;
                tx.execute(
                    "UPDATE group_member SET title = ?1, org = ?2,
                            note = CASE WHEN ?3 = '' THEN note ELSE ?3 END
                     WHERE id = ?4",
                    params![
                        e.member.title.trim(),
                        e.member.org.trim(),
                        e.note.trim(),
                        id
                    ],
                )?;
                batch::record(
                    &tx,
                    batch,
                    "group_member",
                    id,
                    Action::Update,
                    Some(&before),
                )?;
                result.updated += 1;
            }
            _ => {
                let id = group::insert(
                    &tx,
                    &MemberInput {
                        name: e.member.name.clone(),
                        title: e.member.title.clone(),
                        org: e.member.org.clone(),
                        role: e.member.role.clone(),
                        from: draft.on,
                        to: None,
                        note: e.note.clone(),
                    },
                )
                .map_err(|err| PlanImportError::Roster {
                    sheet: e.sheet.clone(),
                    row: e.row,
                    detail: err.to_string(),
                })?;
                batch::record(&tx, batch, "group_member", id, Action::Insert, None)?;
                result.added += 1;
            }
        }
    }
    for l in &draft.leaving {
        let before = member_json(&tx, l.member_id)?;
        tx.execute(
            "UPDATE group_member SET to_date = ?1 WHERE id = ?2",
            params![l.to, l.member_id],
        )?;
        batch::record(
            &tx,
            batch,
            "group_member",
            l.member_id,
            Action::Update,
            Some(&before),
        )?;
        result.left += 1;
    }
    audit(
        &tx,
        "group_member",
        batch,
        "import_roster",
        None,
        Some(&serde_json::json!({
            "file": draft.source,
            "added": result.added,
            "updated": result.updated,
            "left": result.left,
        })),
    )?;
    tx.commit()?;
    result.batch_id = Some(batch);
    Ok(result)
}

/// Undoes a roster import (the newest when `batch_id` is `None`): members it added are removed,
/// members it changed get their 职务 / 单位 / dates back.
pub fn undo(db: &mut Db, batch_id: Option<i64>) -> Result<RosterUndo, PlanImportError> {
    let tx = db.transaction()?;
    let (batch, file) = match batch_id {
        Some(id) => tx
            .query_row(
                "SELECT id, file_name FROM import_batch WHERE id = ?1 AND kind = 'roster'",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|_| PlanImportError::NoRosterImport)?,
        None => {
            batch::latest(&tx, BatchKind::Roster, None)?.ok_or(PlanImportError::NoRosterImport)?
        }
    };
    let mut report = RosterUndo {
        batch_id: batch,
        file,
        ..RosterUndo::default()
    };
    for change in batch::changes(&tx, batch)? {
        match change.action {
            Action::Insert => {
                report.removed +=
                    tx.execute("DELETE FROM group_member WHERE id = ?1", [change.entity_id])?;
            }
            Action::Update => {
                let before: serde_json::Value = change
                    .before
                    .as_deref()
                    .and_then(|b| serde_json::from_str(b).ok())
                    .unwrap_or_default();
                let text = |k: &str| before.get(k).and_then(|v| v.as_str()).map(str::to_string);
                tx.execute(
                    "UPDATE group_member SET title = ?1, org = ?2, from_date = ?3, to_date = ?4,
                            note = coalesce(?5, note)
                     WHERE id = ?6",
                    params![
                        text("title").unwrap_or_default(),
                        text("org").unwrap_or_default(),
                        text("from_date"),
                        text("to_date"),
                        text("note"),
                        change.entity_id
                    ],
                )?;
                report.restored += 1;
            }
        }
    }
    batch::forget(&tx, batch)?;
    audit(&tx, "group_member", batch, "undo_import_roster", None, None)?;
    tx.commit()?;
    Ok(report)
}

/// The last day in office of the first leaver, as the clerk reads it.
fn leaving_day(list: &[&Leaving]) -> String {
    list.first()
        .and_then(|l| l.to)
        .map(crate::deadline::format_cn)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(String, String)> {
        read_name(text)
    }

    #[test]
    fn annotations_beside_a_name_become_its_note() {
        let pair = |n: &str, note: &str| Some((n.to_string(), note.to_string()));
        assert_eq!(read("陈立新（兼）"), pair("陈立新", "兼"));
        assert_eq!(read("刘海燕*"), pair("刘海燕", "*"));
        assert_eq!(read("王强(挂职)"), pair("王强", "挂职"));
        assert_eq!(read("李明 （常务）"), pair("李明", "常务"));
        assert_eq!(read("（女）王芳"), pair("王芳", "女"));
        assert_eq!(read("赵  刚【兼】※"), pair("赵刚", "兼；※"));
        assert_eq!(read("王  伟"), pair("王伟", ""));
        assert_eq!(read("阿依古丽·买买提"), None);
        assert_eq!(read("Liu Haiyan"), None);
        assert_eq!(read("（空缺）"), None);
    }

    #[test]
    fn names_split_outside_brackets_only() {
        assert_eq!(
            split_names("陈立新（兼，常务）、刘海燕*，王强"),
            ["陈立新（兼，常务）", "刘海燕*", "王强"]
        );
    }

    /// A draft of the sample group on 2025-10-01 with 何振华 missing, as the window holds it.
    fn draft_without_one(db: &Db) -> RosterDraft {
        let on = NaiveDate::from_ymd_opt(2025, 10, 1);
        let members = crate::group::list(db, on)
            .unwrap_or_default()
            .into_iter()
            .filter(|m| m.name != "何振华")
            .map(|m| RosterEntry {
                member: DraftMember {
                    name: m.name,
                    title: m.title,
                    org: m.org,
                    role: m.role,
                },
                ..RosterEntry::default()
            })
            .collect();
        let mut draft = RosterDraft {
            source: "名单.xlsx".into(),
            on,
            members,
            ..RosterDraft::default()
        };
        let _ = match_group(db.conn(), &mut draft);
        draft
    }

    #[test]
    fn members_leave_only_when_confirmed_and_shown() -> Result<(), Box<dyn std::error::Error>> {
        let mut db = Db::open_in_memory()?;
        crate::sample::load(&mut db)?;
        let mut draft = draft_without_one(&db);
        assert_eq!(draft.leaving.len(), 1);
        // Not confirmed: refused, nothing written.
        let err = commit(&mut db, &draft).err();
        assert!(
            matches!(
                err,
                Some(PlanImportError::RosterLeavingUnconfirmed { unseen: false, .. })
            ),
            "{err:?}"
        );
        // Confirmed, but the clerk then deleted another row in the preview: that member was
        // never shown as leaving, so nothing is written.
        draft.retire = true;
        let mut edited = draft.clone();
        edited.members.retain(|e| e.member.name != "苏晓梅");
        let err = commit(&mut db, &edited).err();
        assert!(
            matches!(&err, Some(PlanImportError::RosterLeavingUnconfirmed { unseen: true, names, .. }) if names.contains("苏晓梅")),
            "{err:?}"
        );
        let done = commit(&mut db, &draft)?;
        assert_eq!(done.left, 1);
        Ok(())
    }

    #[test]
    fn vacant_seats_are_no_people() {
        for t in ["（待定）", "空缺", "—", "（暂缺）", "/"] {
            assert!(is_vacant(t), "{t}");
        }
        assert!(!is_vacant("王强"));
        assert!(!is_vacant("Liu"));
    }
}

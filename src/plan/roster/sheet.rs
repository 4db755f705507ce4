//! One sheet of a roster workbook: its header and its people.

use super::super::draft::DraftMember;
use super::names::{
    is_office_block, is_vacant, read_name, role_of, split_names, split_org, ROLE_HEADERS,
};
use super::{RosterEntry, RosterHeader, UnreadableRow};
use crate::document::workbook::Grid;
use crate::text::{compare_key, squeeze};

/// Finds the header of a roster table: a 姓名 column within the first rows.
pub(crate) fn find_header(grid: &Grid) -> Option<RosterHeader> {
    let last = grid.rows.len().min(super::super::sheet::HEADER_SEARCH_ROWS);
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
    let note = (0..keys.len())
        .find(|&c| c != name && ![role, title, org].contains(&Some(c)) && keys[c].contains("备注"));
    Some(RosterHeader {
        row,
        name,
        role,
        title,
        org,
        note,
    })
}

/// The roster of one sheet: its entries and warnings (empty without a header).
pub(super) struct SheetRoster {
    pub(super) header: Option<RosterHeader>,
    pub(super) title: String,
    pub(super) entries: Vec<RosterEntry>,
    pub(super) unreadable: Vec<UnreadableRow>,
    pub(super) warnings: Vec<String>,
}

pub(super) fn read_sheet(grid: &Grid) -> SheetRoster {
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
            // The 备注 column, with what was written beside the name (刘海燕*, 王强(挂职)).
            let note = [note, cell(h.note)]
                .into_iter()
                .filter(|n| !n.is_empty())
                .fold(String::new(), |all, n| {
                    if all.is_empty() || all == n {
                        n
                    } else {
                        format!("{all}，{n}")
                    }
                });
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

//! Rosters written as a table inside a document: read like a sheet of a roster workbook (a 姓名
//! column; the role in its own column or on rows of its own; a 办公室 block).

use super::names::role_of;
use super::sheet::{find_header, read_sheet, SheetRoster};
use crate::document::workbook::Grid;

/// The roster of a document's table, `None` when it is no roster: no 姓名 header, or no role in
/// the group anywhere (a list of 联络员 with 姓名 and 电话 is no roster).
pub(super) fn read(rows: &[Vec<String>], name: &str) -> Option<SheetRoster> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let grid = Grid {
        name: name.to_string(),
        rows: rows
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r.resize(width, String::new());
                r
            })
            .collect(),
        ..Grid::default()
    };
    let header = find_header(&grid)?;
    let role_rows = grid.rows[header.row + 1..].iter().any(|r| {
        let texts: Vec<&String> = r.iter().filter(|c| !c.trim().is_empty()).collect();
        texts.len() == 1 && role_of(texts[0].trim_end_matches([':', '：']), false).is_some()
    });
    if header.role.is_none() && !role_rows {
        return None;
    }
    let found = read_sheet(&grid);
    (!found.entries.is_empty()).then_some(found)
}

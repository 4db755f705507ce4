//! Opening a returned ledger: what kind of file it is, size guards before anything is
//! inflated, and every sheet read into sparse rows of cell texts with merged areas filled.
//!
//! The reader is built for many small files: one pass over each sheet's XML (values and number
//! formats together), merged areas read only for sheets without our hidden task keys, and the
//! very-hidden identity sheet read first so that our own exports skip every other sheet.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Dimensions, Reader, SheetType, SheetVisible, Xls};

use super::LedgerImportError as E;
use crate::document::cell::{data_text, CellText};
use crate::document::workbook::{extension, is_encrypted_ole, OLE};
use crate::ledger::{IDENTITY_SHEET, KEY_HEADER};

/// A file larger than this is not a ledger and is refused before it is read.
pub const MAX_FILE_BYTES: u64 = crate::document::workbook::MAX_WORKBOOK_BYTES;
/// No part of a workbook (a sheet, the shared strings) may inflate to more than this: a
/// ledger's sheet is well under 1 MB, a 20,000-row table about 20 MB. Reading a part at the
/// limit holds about four times as much (`cargo bench --bench hostile_memory`).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// All parts together may not inflate to more than this.
pub const MAX_TOTAL_BYTES: u64 = 128 * 1024 * 1024;
/// Non-empty rows per sheet; a ledger has a few hundred.
pub const MAX_ROWS: usize = 20_000;
/// Columns read per sheet; cells further right are ignored.
pub const MAX_COLS: usize = 256;
/// Text that merged areas may copy into the cells they cover, per sheet; a ledger's merges
/// copy a few kilobytes.
pub const MAX_FILL_BYTES: u64 = 32 * 1024 * 1024;
/// Rows searched for our hidden key column before deciding merged areas are not needed.
const KEY_SEARCH_ROWS: usize = 12;

/// One non-empty row of a sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Row {
    /// 0-based sheet row.
    pub index: u32,
    /// Cell texts from column A; merged areas repeat their text in every cell they cover.
    pub cells: Vec<String>,
}

impl Row {
    /// The text at column `col`, empty beyond the row.
    pub fn cell(&self, col: usize) -> &str {
        self.cells.get(col).map(String::as_str).unwrap_or("")
    }
}

/// One worksheet as text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sheet {
    pub name: String,
    /// Non-empty rows in sheet order.
    pub rows: Vec<Row>,
    /// Merged areas (empty when they were not needed).
    pub merges: Vec<Dimensions>,
    /// Cells whose formula gave an error: (row, col, code).
    pub errors: Vec<(u32, u32, String)>,
}

/// A workbook read into sheets, with its hidden identity when it is one of ours.
#[derive(Debug, Clone, Default)]
pub(crate) struct Book {
    pub sheets: Vec<Sheet>,
    /// Key/value pairs of the very-hidden `_taizhang` sheet.
    pub identity: HashMap<String, String>,
}

/// Reads a workbook from its bytes; `file` names it in messages.
pub(crate) fn read(bytes: &[u8], file: &str) -> Result<Book, E> {
    let file_s = || file.to_string();
    if bytes.is_empty() {
        return Err(E::EmptyFile { file: file_s() });
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(E::TooLarge {
            file: file_s(),
            size_mb: (bytes.len() as u64).div_ceil(1 << 20),
            limit_mb: MAX_FILE_BYTES >> 20,
        });
    }
    let ext = extension(file);
    if matches!(ext.as_str(), "et" | "ett") {
        return Err(E::WpsFormat { file: file_s() });
    }
    if bytes.starts_with(OLE) {
        if is_encrypted_ole(bytes) {
            return Err(E::Encrypted { file: file_s() });
        }
        return read_xls(bytes, file);
    }
    if bytes.starts_with(b"PK") {
        return read_xlsx(bytes, file);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    let detail = if head.contains("<html") || head.contains("<table") {
        "这是网页（HTML）格式，只是扩展名像 Excel"
    } else if bytes.starts_with(b"%PDF") {
        "这是 PDF 文件"
    } else if bytes.starts_with(b"{\\rtf") {
        "这是 RTF 文档"
    } else {
        "文件开头不是 Excel 工作簿应有的格式"
    };
    Err(E::NotAWorkbook {
        file: file_s(),
        detail: detail.to_string(),
    })
}

/// A read error as the clerk's message; a password prompt means the file is encrypted.
pub(super) fn broken(file: &str, sheet: Option<&str>, detail: impl std::fmt::Display) -> E {
    let detail = detail.to_string();
    let lower = detail.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return E::Encrypted {
            file: file.to_string(),
        };
    }
    E::Broken {
        file: file.to_string(),
        detail: match sheet {
            Some(s) => format!("工作表“{s}”：{detail}"),
            None => detail,
        },
    }
}

/// A sheet as the workbook lists it.
#[derive(Debug, Clone)]
pub(super) struct SheetInfo {
    pub name: String,
    pub visible: bool,
    /// A worksheet (not a chart or dialog sheet).
    pub worksheet: bool,
}

/// The worksheets to read: the one the identity names, else the visible ones (else any).
fn sheet_names(meta: &[SheetInfo], identity: &HashMap<String, String>) -> Vec<String> {
    let work = |s: &&SheetInfo| s.worksheet && s.name != IDENTITY_SHEET;
    if let Some(named) = identity.get("sheet") {
        if meta.iter().filter(work).any(|s| &s.name == named) {
            return vec![named.clone()];
        }
    }
    let visible: Vec<String> = meta
        .iter()
        .filter(work)
        .filter(|s| s.visible)
        .map(|s| s.name.clone())
        .collect();
    if !visible.is_empty() {
        return visible;
    }
    meta.iter().filter(work).map(|s| s.name.clone()).collect()
}

/// The key/value pairs of an identity sheet read as rows.
fn identity_from_rows(rows: &[Row]) -> HashMap<String, String> {
    rows.iter()
        .filter(|r| !r.cell(0).is_empty())
        .map(|r| (r.cell(0).to_string(), r.cell(1).to_string()))
        .collect()
}

/// Collects cells into sparse rows, refusing sheets with more rows than a ledger can have.
struct RowBuilder<'a> {
    file: &'a str,
    sheet: &'a str,
    rows: Vec<Row>,
    errors: Vec<(u32, u32, String)>,
}

impl<'a> RowBuilder<'a> {
    fn new(file: &'a str, sheet: &'a str) -> RowBuilder<'a> {
        RowBuilder {
            file,
            sheet,
            rows: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn push(&mut self, row: u32, col: u32, text: CellText) -> Result<(), E> {
        if col as usize >= MAX_COLS {
            return Ok(());
        }
        let text = match text {
            CellText::Text(t) if t.is_empty() => return Ok(()),
            CellText::Text(t) => t,
            CellText::Error(code) => {
                self.errors.push((row, col, code));
                return Ok(());
            }
        };
        let at = match self.rows.last() {
            Some(last) if last.index == row => self.rows.len() - 1,
            Some(last) if last.index < row => self.new_row(row)?,
            None => self.new_row(row)?,
            // Cells out of order (hand-edited XML): find or insert the row.
            Some(_) => match self.rows.binary_search_by_key(&row, |r| r.index) {
                Ok(i) => i,
                Err(i) => {
                    self.rows.insert(
                        i,
                        Row {
                            index: row,
                            cells: Vec::new(),
                        },
                    );
                    i
                }
            },
        };
        let cells = &mut self.rows[at].cells;
        let c = col as usize;
        if cells.len() <= c {
            cells.resize(c + 1, String::new());
        }
        cells[c] = text;
        Ok(())
    }

    /// The sheet read, its merged areas filled.
    fn finish(self, merges: Vec<Dimensions>) -> Result<Sheet, E> {
        let mut sheet = Sheet {
            name: self.sheet.to_string(),
            rows: self.rows,
            merges,
            errors: self.errors,
        };
        fill_merges(&mut sheet).map_err(|(first, last)| E::MergesTooLarge {
            file: self.file.to_string(),
            sheet: self.sheet.to_string(),
            first_row: first + 1,
            last_row: last + 1,
            limit_mb: MAX_FILL_BYTES >> 20,
        })?;
        Ok(sheet)
    }

    fn new_row(&mut self, row: u32) -> Result<usize, E> {
        if self.rows.len() >= MAX_ROWS {
            return Err(E::TooManyRows {
                file: self.file.to_string(),
                sheet: self.sheet.to_string(),
                limit: MAX_ROWS,
            });
        }
        // Rows of a table are about as wide as the one before: room for that many cells.
        let width = self.rows.last().map_or(0, |r| r.cells.len());
        self.rows.push(Row {
            index: row,
            cells: Vec::with_capacity(width),
        });
        Ok(self.rows.len() - 1)
    }
}

/// Whether the first rows hold our hidden key column header, so merged areas do not matter.
fn has_key_column(rows: &[Row]) -> bool {
    rows.iter()
        .take(KEY_SEARCH_ROWS)
        .any(|r| r.cells.iter().any(|c| c == KEY_HEADER))
}

fn read_xlsx(bytes: &[u8], file: &str) -> Result<Book, E> {
    let mut wb = super::xlsx::Workbook::open(bytes, file)?;
    let identity = if wb.sheets.iter().any(|s| s.name == IDENTITY_SHEET) {
        let mut b = RowBuilder::new(file, IDENTITY_SHEET);
        // A damaged identity only costs the keys: the sheets are still read by their headers.
        match wb.read_sheet(IDENTITY_SHEET, &mut |r, c, t| b.push(r, c, t)) {
            Ok(_) => identity_from_rows(&b.rows),
            Err(_) => HashMap::new(),
        }
    } else {
        HashMap::new()
    };
    let mut sheets = Vec::new();
    for name in sheet_names(&wb.sheets, &identity) {
        let mut b = RowBuilder::new(file, &name);
        let merges = wb.read_sheet(&name, &mut |r, c, t| b.push(r, c, t))?;
        let merges = if has_key_column(&b.rows) {
            Vec::new()
        } else {
            merges
        };
        sheets.push(b.finish(merges)?);
    }
    Ok(Book { sheets, identity })
}

fn read_xls(bytes: &[u8], file: &str) -> Result<Book, E> {
    let mut wb = match Xls::new(Cursor::new(bytes)) {
        Ok(wb) => wb,
        Err(calamine::XlsError::Password) => {
            return Err(E::Encrypted {
                file: file.to_string(),
            })
        }
        Err(e) => return Err(broken(file, None, e)),
    };
    let meta: Vec<SheetInfo> = wb
        .sheets_metadata()
        .iter()
        .map(|s| SheetInfo {
            name: s.name.clone(),
            visible: s.visible == SheetVisible::Visible,
            worksheet: s.typ == SheetType::WorkSheet,
        })
        .collect();
    let mut read_sheet = |name: &str| -> Result<Sheet, E> {
        let range = wb
            .worksheet_range(name)
            .map_err(|e| broken(file, Some(name), e))?;
        let mut b = RowBuilder::new(file, name);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, value) in range.used_cells() {
            b.push(r0 + r as u32, c0 + c as u32, data_text(value))?;
        }
        b.finish(wb.merge_cells_by_sheet_name(name).unwrap_or_default())
    };
    let identity = if meta.iter().any(|s| s.name == IDENTITY_SHEET) {
        read_sheet(IDENTITY_SHEET)
            .map(|sheet| identity_from_rows(&sheet.rows))
            .unwrap_or_default()
    } else {
        HashMap::new()
    };
    let mut sheets = Vec::new();
    for name in sheet_names(&meta, &identity) {
        sheets.push(read_sheet(&name)?);
    }
    Ok(Book { sheets, identity })
}

/// Repeats each merged area's text in every cell it covers, in rows that have content. A
/// hostile file can merge one long text over thousands of filled rows: once the copies pass
/// [`MAX_FILL_BYTES`] the sheet is refused with the area's (0-based) first and last row.
fn fill_merges(sheet: &mut Sheet) -> Result<(), (u32, u32)> {
    let mut budget = MAX_FILL_BYTES;
    for m in &sheet.merges {
        let (r1, c1) = m.start;
        let (r2, c2) = m.end;
        let (c1, c2) = (c1 as usize, (c2 as usize).min(MAX_COLS - 1));
        if c1 > c2 {
            continue;
        }
        let Ok(top) = sheet.rows.binary_search_by_key(&r1, |r| r.index) else {
            continue;
        };
        let text = sheet.rows[top].cell(c1).to_string();
        if text.is_empty() {
            continue;
        }
        for row in sheet.rows[top..].iter_mut().take_while(|r| r.index <= r2) {
            if row.cells.len() <= c2 {
                row.cells.resize(c2 + 1, String::new());
            }
            for cell in &mut row.cells[c1..=c2] {
                if cell.is_empty() {
                    budget = budget.checked_sub(text.len() as u64).ok_or((r1, r2))?;
                    cell.clone_from(&text);
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_gets_a_message_not_a_panic() {
        assert!(matches!(read(b"", "a.xlsx"), Err(E::EmptyFile { .. })));
        assert!(matches!(
            read(b"PK\x03\x04garbage", "a.xlsx"),
            Err(E::Broken { .. })
        ));
        assert!(matches!(
            read(b"hello", "a.xlsx"),
            Err(E::NotAWorkbook { .. })
        ));
        assert!(matches!(read(b"PK", "a.et"), Err(E::WpsFormat { .. })));
        let mut ole = OLE.to_vec();
        ole.extend(
            "EncryptedPackage\0"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        assert!(matches!(read(&ole, "a.xlsx"), Err(E::Encrypted { .. })));
    }

    #[test]
    fn merged_areas_fill_the_rows_they_cover() {
        let mut sheet = Sheet {
            rows: vec![
                Row {
                    index: 3,
                    cells: vec!["政法科".into(), "甲".into()],
                },
                Row {
                    index: 4,
                    cells: vec![String::new(), "乙".into()],
                },
            ],
            merges: vec![Dimensions::new((3, 0), (5, 0))],
            ..Sheet::default()
        };
        assert_eq!(fill_merges(&mut sheet), Ok(()));
        assert_eq!(sheet.rows[1].cell(0), "政法科");
    }

    #[test]
    fn a_merge_that_would_copy_too_much_is_refused() {
        let long = "很长的文字".repeat(20_000); // 300 KB
        let mut rows: Vec<Row> = (0..200)
            .map(|i| Row {
                index: i,
                cells: vec![String::new(); 2],
            })
            .collect();
        rows[0].cells[0].clone_from(&long);
        let mut sheet = Sheet {
            rows,
            // 200 rows × 200 columns of 300 KB each: 12 GB if it were filled.
            merges: vec![Dimensions::new((0, 0), (199, 199))],
            ..Sheet::default()
        };
        assert_eq!(fill_merges(&mut sheet), Err((0, 199)));
    }
}

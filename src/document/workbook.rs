//! Reading an Excel workbook (.xlsx, or legacy .xls) into plain grids of cell texts.
//!
//! Every visible worksheet becomes a [`Grid`] in workbook order. Cells become the text the clerk
//! sees: numbers without a trailing `.0`, Excel dates as `2024年6月30日`, formulas as their
//! cached values, rich text as its plain text. A merged area repeats its text in every cell it
//! covers (one lead unit merged down several tasks belongs to each of them) and is remembered,
//! so that readers can tell a value merged down from one typed twice. Hidden rows and columns
//! are read like the others (hiding is a view setting, not a deletion) and listed, so that the
//! preview can point at them.
//!
//! Workbooks that cannot be read — encrypted (a password to open), WPS's own .et format,
//! broken or truncated files — give a Chinese message asking to save the file as .xlsx without
//! a password.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Dimensions, Range, Reader, SheetType, SheetVisible, Xls, Xlsx};
use quick_xml::events::Event;

use super::cell::{data_text, CellText};
use super::FileError;

/// A workbook larger than this is refused before it is opened.
pub const MAX_WORKBOOK_BYTES: u64 = 64 * 1024 * 1024;
/// Rows read per sheet; a task list or roster is far shorter.
pub const MAX_ROWS: usize = 5000;
/// Columns read per sheet.
pub const MAX_COLS: usize = 64;

/// The 8-byte signature of an OLE compound file (.xls, .et, .doc, and encrypted .xlsx).
pub(crate) const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A merged area, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: usize,
    pub first_col: usize,
    pub last_row: usize,
    pub last_col: usize,
}

/// One worksheet as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// The sheet's name (its tab).
    pub name: String,
    /// `rows[r][c]` is the cell at Excel row `r + 1`, column `c` (0 = A); rows are padded to the
    /// same width. Merged areas repeat their text.
    pub rows: Vec<Vec<String>>,
    /// Merged areas.
    pub merges: Vec<Merge>,
    /// 0-based rows hidden in Excel (read from .xlsx only).
    pub hidden_rows: BTreeSet<usize>,
    /// 0-based columns hidden in Excel (read from .xlsx only).
    pub hidden_cols: BTreeSet<usize>,
    /// Cells whose formula gave an error (#N/A, #REF! …), as Excel names them (C5).
    pub error_cells: Vec<String>,
    /// Whether rows or columns beyond [`MAX_ROWS`] / [`MAX_COLS`] were left out.
    pub truncated: bool,
    /// Rows and columns the sheet has in the file (before any cut).
    pub size_in_file: (usize, usize),
}

impl Grid {
    /// The text at (row, col), empty outside the grid.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The merged area covering (row, col), if any.
    pub fn merge_at(&self, row: usize, col: usize) -> Option<&Merge> {
        self.merges.iter().find(|m| {
            (m.first_row..=m.last_row).contains(&row) && (m.first_col..=m.last_col).contains(&col)
        })
    }

    /// Whether the cell repeats the value of a cell above it in the same merged area.
    pub fn merged_from_above(&self, row: usize, col: usize) -> bool {
        self.merge_at(row, col).is_some_and(|m| m.first_row < row)
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.rows.first().map(Vec::len).unwrap_or(0)
    }
}

/// A workbook read into grids, visible sheets in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workbook {
    /// The file name (for messages and the draft).
    pub name: String,
    pub sheets: Vec<Grid>,
    /// What this program wrote the workbook as, from its hidden identity (`unit_ledger`,
    /// `summary`, `task_list`, `roster`); `None` for a workbook made by hand.
    pub own_kind: Option<String>,
}

/// The very-hidden sheet in which this program's exports carry their identity as key/value rows
/// (see `ledger::IDENTITY_SHEET`).
pub(crate) const IDENTITY_SHEET: &str = "_taizhang";

/// The kind recorded in an exported .xlsx's custom document property `taizhang.kind`, for a
/// workbook whose identity sheet was lost (re-saved by another program).
fn own_kind_property(bytes: &[u8]) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut xml = String::new();
    zip.by_name("docProps/custom.xml")
        .ok()?
        .take(super::word::MAX_XML_BYTES)
        .read_to_string(&mut xml)
        .ok()?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut in_kind = false;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return None,
            Ok(Event::Start(e)) if e.local_name().as_ref() == "property" => {
                in_kind = e
                    .try_get_attribute("name")
                    .ok()
                    .flatten()
                    .and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    })
                    .is_some_and(|v| v == format!("{IDENTITY_PREFIX}kind"));
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "property" => in_kind = false,
            Ok(Event::Text(t)) if in_kind => {
                let text = t.xml10_content().trim().to_string();
                if !text.is_empty() {
                    return Some(text);
                }
            }
            Ok(_) => {}
        }
    }
}

/// Prefix of the custom document properties this program's exports carry (see
/// `ledger::PROPERTY_PREFIX`).
pub(crate) const IDENTITY_PREFIX: &str = "taizhang.";

/// The kind recorded in an exported workbook's identity sheet, if it has one.
fn own_kind<RS, R>(book: &mut R) -> Option<String>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
{
    let present = book
        .sheets_metadata()
        .iter()
        .any(|s| s.name == IDENTITY_SHEET && s.typ == SheetType::WorkSheet);
    if !present {
        return None;
    }
    let range = book.worksheet_range(IDENTITY_SHEET).ok()?;
    range.rows().find_map(|row| {
        let key = row.first().map(|d| d.to_string())?;
        (key.trim() == "kind").then(|| row.get(1).map(|d| d.to_string()).unwrap_or_default())
    })
}

/// Excel's column letters for a 0-based column: 0 → A, 26 → AA.
pub fn column_letter(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Whether a file is an Excel workbook, by content (a zip with `xl/workbook.xml`, or an OLE file
/// with a workbook stream or an encrypted package) or, failing that, by its extension.
pub fn is_workbook(bytes: &[u8], name: &str) -> bool {
    let ext = extension(name);
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "et" | "ett") {
        return true;
    }
    if bytes.starts_with(b"PK") {
        return zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|mut z| {
            z.by_name("xl/workbook.xml").is_ok() && z.by_name("word/document.xml").is_err()
        });
    }
    bytes.starts_with(OLE)
        && (ole_has_stream(bytes, "Workbook")
            || ole_has_stream(bytes, "Book")
            || ole_has_stream(bytes, "EncryptedPackage"))
}

pub(crate) fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Whether an OLE file is an Office workbook encrypted with a password to open.
pub(crate) fn is_encrypted_ole(bytes: &[u8]) -> bool {
    ole_has_stream(bytes, "EncryptedPackage") || ole_has_stream(bytes, "EncryptionInfo")
}

/// Whether an OLE file's directory names a stream (names are stored in UTF-16LE).
pub(crate) fn ole_has_stream(bytes: &[u8], stream: &str) -> bool {
    let mut needle: Vec<u8> = stream.encode_utf16().flat_map(u16::to_le_bytes).collect();
    // The name is NUL-terminated in the directory entry.
    needle.extend_from_slice(&[0, 0]);
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Reads a workbook file.
pub fn read(path: &Path) -> Result<Workbook, FileError> {
    let (name, bytes) = super::file::read_file(path, |_| MAX_WORKBOOK_BYTES)?;
    read_bytes(&bytes, &name)
}

/// Reads a workbook from bytes; `name` is the file name, for messages.
pub fn read_bytes(bytes: &[u8], name: &str) -> Result<Workbook, FileError> {
    let file = name.to_string();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FileError::Empty { file });
    }
    if bytes.len() as u64 > MAX_WORKBOOK_BYTES {
        return Err(FileError::TooLarge {
            file,
            size_mb: (bytes.len() as u64).div_ceil(1024 * 1024),
            limit_mb: MAX_WORKBOOK_BYTES / (1024 * 1024),
        });
    }
    let et = matches!(extension(name).as_str(), "et" | "ett");
    if bytes.starts_with(b"PK") {
        check_zip_parts(bytes, name)?;
        let mut book =
            Xlsx::new(Cursor::new(bytes)).map_err(|e| broken_or_et(name, et, &e.to_string()))?;
        let own_kind = own_kind(&mut book).or_else(|| own_kind_property(bytes));
        let sheets = read_sheets(
            &mut book,
            name,
            et,
            |book, sheet| xlsx_cells(book, sheet).map_err(|e| e.to_string()),
            |book, sheet| {
                book.merge_cells_by_sheet_name(sheet)
                    .map_err(|e| e.to_string())
            },
        )?;
        // A sheet cut at the limits is refused wherever it is used: its hidden rows are not read.
        let whole: Vec<&str> = sheets
            .iter()
            .filter(|g| !g.truncated)
            .map(|g| g.name.as_str())
            .collect();
        let hidden = hidden_rows_and_cols(bytes, &whole);
        let sheets = sheets
            .into_iter()
            .map(|mut g| {
                if let Some(h) = hidden.iter().find(|h| h.sheet == g.name) {
                    g.hidden_rows = h.rows.clone();
                    g.hidden_cols = h.cols.clone();
                }
                g
            })
            .collect();
        return Ok(Workbook {
            name: file,
            sheets,
            own_kind,
        });
    }
    if bytes.starts_with(OLE) {
        if is_encrypted_ole(bytes) {
            return Err(FileError::Encrypted { file });
        }
        let mut book = match Xls::new(Cursor::new(bytes)) {
            Ok(b) => b,
            Err(calamine::XlsError::Password) => return Err(FileError::Encrypted { file }),
            Err(e) => return Err(broken_or_et(name, et, &e.to_string())),
        };
        let own_kind = own_kind(&mut book);
        let sheets = read_sheets(
            &mut book,
            name,
            et,
            |book, sheet| {
                book.worksheet_range(sheet)
                    .map(|r| (r, None))
                    .map_err(|e| e.to_string())
            },
            |book, sheet| {
                book.merge_cells_by_sheet_name(sheet)
                    .map_err(|e| e.to_string())
            },
        )?;
        return Ok(Workbook {
            name: file,
            sheets,
            own_kind,
        });
    }
    if et {
        return Err(FileError::WpsSheet { file });
    }
    Err(FileError::BrokenWorkbook {
        file,
        detail: "文件开头不是 Excel 工作簿应有的格式".into(),
    })
}

/// Refuses an Office zip with a part that declares XML entities or inflates beyond
/// [`MAX_XML_BYTES`](super::word::MAX_XML_BYTES), before any reader opens it.
pub(crate) fn check_zip_parts(bytes: &[u8], name: &str) -> Result<(), FileError> {
    match super::xml::zip_bad_part(bytes, super::word::MAX_XML_BYTES) {
        Ok(None) => Ok(()),
        // A zip that cannot be read is reported by the reader that opens it.
        Err(_) => Ok(()),
        Ok(Some(super::xml::BadPart::Dtd(part))) => Err(FileError::XmlEntities {
            file: name.to_string(),
            part,
        }),
        Ok(Some(super::xml::BadPart::TooLarge(part, size))) => Err(FileError::PartTooLarge {
            file: name.to_string(),
            part,
            size_mb: size.div_ceil(1024 * 1024),
        }),
    }
}

fn broken_or_et(name: &str, et: bool, detail: &str) -> FileError {
    if et {
        return FileError::WpsSheet {
            file: name.to_string(),
        };
    }
    if detail.to_lowercase().contains("password") || detail.contains("encrypt") {
        return FileError::Encrypted {
            file: name.to_string(),
        };
    }
    FileError::BrokenWorkbook {
        file: name.to_string(),
        detail: detail.to_string(),
    }
}

/// A sheet's cells as read, and the first cell with content beyond [`MAX_ROWS`] /
/// [`MAX_COLS`] (0-based) when the reader stopped there instead of reading on.
type SheetCells = (Range<Data>, Option<(u32, u32)>);

/// The cells of an .xlsx sheet, read as a stream that stops at the first row beyond
/// [`MAX_ROWS`] holding content: an oversized sheet is refused without reading all of it.
fn xlsx_cells<RS>(book: &mut Xlsx<RS>, sheet: &str) -> Result<SheetCells, calamine::XlsxError>
where
    RS: std::io::Read + std::io::Seek,
{
    let mut reader = book.worksheet_cells_reader(sheet)?;
    let mut cells = Vec::new();
    let mut beyond = None;
    while let Some(cell) = reader.next_cell()? {
        let (row, col) = cell.get_position();
        let value: Data = cell.get_value().clone().into();
        if value == Data::Empty {
            continue;
        }
        if row as usize >= MAX_ROWS || col as usize >= MAX_COLS {
            beyond.get_or_insert((row, col));
            if row as usize >= MAX_ROWS {
                break;
            }
            continue;
        }
        cells.push(calamine::Cell::new((row, col), value));
    }
    Ok((Range::from_sparse(cells), beyond))
}

/// Reads every visible worksheet of an open workbook, with its merged areas.
fn read_sheets<RS, R, C, F>(
    book: &mut R,
    name: &str,
    et: bool,
    mut cells: C,
    mut merges: F,
) -> Result<Vec<Grid>, FileError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    C: FnMut(&mut R, &str) -> Result<SheetCells, String>,
    F: FnMut(&mut R, &str) -> Result<Vec<Dimensions>, String>,
{
    let sheets: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let mut out = Vec::new();
    for sheet in sheets {
        let (range, beyond) = cells(book, &sheet)
            .map_err(|e| broken_or_et(name, et, &format!("工作表“{sheet}”：{e}")))?;
        let dims = merges(book, &sheet)
            .map_err(|e| broken_or_et(name, et, &format!("工作表“{sheet}”：{e}")))?;
        let mut grid = grid_of(&sheet, &range, &dims);
        if let Some((row, col)) = beyond {
            grid.truncated = true;
            let (rows, cols) = grid.size_in_file;
            grid.size_in_file = (rows.max(row as usize + 1), cols.max(col as usize + 1));
        }
        check_cell_lengths(name, &grid)?;
        out.push(grid);
    }
    Ok(out)
}

/// Refuses a sheet with a cell longer than Excel allows (a hand-made file can hold any length):
/// its text could be stored but never exported again.
fn check_cell_lengths(name: &str, grid: &Grid) -> Result<(), FileError> {
    use crate::limits::{excel_len, preview, MAX_CELL_CHARS};
    for (r, row) in grid.rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if text.len() > MAX_CELL_CHARS && excel_len(text) > MAX_CELL_CHARS {
                return Err(FileError::CellTooLong {
                    file: name.to_string(),
                    sheet: grid.name.clone(),
                    cell: format!("{}{}", column_letter(c), r + 1),
                    len: excel_len(text),
                    preview: preview(text),
                });
            }
        }
    }
    Ok(())
}

/// Turns a calamine range into a grid anchored at A1, merged areas filled.
fn grid_of(name: &str, range: &Range<Data>, dims: &[Dimensions]) -> Grid {
    let mut grid = Grid {
        name: name.to_string(),
        ..Grid::default()
    };
    let Some((end_row, end_col)) = range.end() else {
        return grid;
    };
    let mut height = end_row as usize + 1;
    let mut width = end_col as usize + 1;
    for d in dims {
        height = height.max(d.end.0 as usize + 1);
        width = width.max(d.end.1 as usize + 1);
    }
    grid.size_in_file = (height, width);
    if height > MAX_ROWS || width > MAX_COLS {
        grid.truncated = true;
        height = height.min(MAX_ROWS);
        width = width.min(MAX_COLS);
    }
    grid.rows = vec![vec![String::new(); width]; height];
    let (start_row, start_col) = range.start().unwrap_or((0, 0));
    for (r, c, value) in range.used_cells() {
        let row = start_row as usize + r;
        let col = start_col as usize + c;
        if row >= height || col >= width {
            continue;
        }
        let text = match data_text(value) {
            CellText::Text(t) => t,
            CellText::Error(_) => {
                grid.error_cells
                    .push(format!("{}{}", column_letter(col), row + 1));
                String::new()
            }
        };
        grid.rows[row][col] = text;
    }
    for d in dims {
        let m = Merge {
            first_row: d.start.0 as usize,
            first_col: d.start.1 as usize,
            last_row: (d.end.0 as usize).min(height.saturating_sub(1)),
            last_col: (d.end.1 as usize).min(width.saturating_sub(1)),
        };
        if m.first_row >= height || m.first_col >= width {
            continue;
        }
        let text = grid.rows[m.first_row][m.first_col].clone();
        for row in &mut grid.rows[m.first_row..=m.last_row] {
            for cell in &mut row[m.first_col..=m.last_col] {
                cell.clone_from(&text);
            }
        }
        grid.merges.push(m);
    }
    grid
}

/// Hidden rows and columns of each sheet of an .xlsx, by sheet name. Best effort: a part that
/// cannot be read hides nothing.
/// The rows and columns a sheet hides.
#[derive(Default)]
struct Hidden {
    sheet: String,
    rows: BTreeSet<usize>,
    cols: BTreeSet<usize>,
}

fn hidden_rows_and_cols(bytes: &[u8], wanted: &[&str]) -> Vec<Hidden> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut read = |path: &str| -> Option<String> {
        let f = zip.by_name(path).ok()?;
        let mut s = String::new();
        f.take(super::word::MAX_XML_BYTES)
            .read_to_string(&mut s)
            .ok()?;
        Some(s)
    };
    let (Some(workbook), Some(rels)) =
        (read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels"))
    else {
        return Vec::new();
    };
    let sheets = elements(&workbook, "sheet", &["name", "r:id"]);
    let targets = elements(&rels, "Relationship", &["Id", "Target"]);
    let mut out = Vec::new();
    for sheet in sheets {
        let [Some(name), Some(rid)] = [&sheet[0], &sheet[1]] else {
            continue;
        };
        if !wanted.contains(&name.as_str()) {
            continue;
        }
        let Some(target) = targets
            .iter()
            .find(|t| t[0].as_deref() == Some(rid.as_str()))
            .and_then(|t| t[1].clone())
        else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = read(&path) else { continue };
        let mut rows = BTreeSet::new();
        for row in elements(&xml, "row", &["r", "hidden"]) {
            if let (Some(r), Some(h)) = (&row[0], &row[1]) {
                if is_true(h) {
                    if let Ok(r) = r.parse::<usize>() {
                        rows.insert(r.saturating_sub(1));
                    }
                }
            }
        }
        let mut cols = BTreeSet::new();
        for col in elements(&xml, "col", &["min", "max", "hidden"]) {
            if let (Some(min), Some(max), Some(h)) = (&col[0], &col[1], &col[2]) {
                if let (true, Ok(min), Ok(max)) =
                    (is_true(h), min.parse::<usize>(), max.parse::<usize>())
                {
                    for c in min.max(1)..=max.min(MAX_COLS) {
                        cols.insert(c - 1);
                    }
                }
            }
        }
        out.push(Hidden {
            sheet: name.clone(),
            rows,
            cols,
        });
    }
    out
}

fn is_true(v: &str) -> bool {
    v == "1" || v.eq_ignore_ascii_case("true")
}

/// The given attributes of every element with local name `tag`, in document order.
fn elements(xml: &str, tag: &str, attrs: &[&str]) -> Vec<Vec<Option<String>>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == tag => {
                let values = attrs
                    .iter()
                    .map(|a| {
                        e.try_get_attribute(a).ok().flatten().and_then(|v| {
                            v.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                    })
                    .collect();
                out.push(values);
            }
            Ok(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn numbers_read_as_typed() {
        let text = |d: Data| match data_text(&d) {
            CellText::Text(t) => t,
            CellText::Error(e) => e,
        };
        assert_eq!(text(Data::Float(3.0)), "3");
        assert_eq!(text(Data::Float(10.31)), "10.31");
        assert_eq!(
            text(Data::DateTimeIso("2024-06-30T00:00:00".into())),
            "2024年6月30日"
        );
        assert_eq!(text(Data::DurationIso("PT1H".into())), "PT1H");
    }

    #[test]
    fn junk_is_a_broken_workbook_not_a_panic() {
        let err = read_bytes(b"PK\x03\x04garbage", "x.xlsx").err();
        assert!(matches!(err, Some(FileError::BrokenWorkbook { .. })));
        let err = read_bytes(b"hello", "x.et").err();
        assert!(matches!(err, Some(FileError::WpsSheet { .. })));
    }
}

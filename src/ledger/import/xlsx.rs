//! The `.xlsx` reader of returned ledgers, built for a month's 30–200 small files: the zip is
//! parsed once (the size guards read its central directory), then only the parts a ledger
//! needs — workbook, relationships, number formats, shared strings and the worksheets read —
//! are inflated and tokenized straight from memory ([`crate::document::xml::scan`]). Themes, fonts,
//! fills, borders and drawings are never touched.
//!
//! Values are given as calamine would give them (so [`cell_text`] renders both readers alike):
//! numbers with their number format, dates by the format's kind, rich text joined without
//! its phonetic runs, formulas by their cached value, `_x000D_` escapes decoded.

mod formats;
#[cfg(test)]
mod tests;

use std::io::{Cursor, Read};

use calamine::{DataRef, Dimensions, ExcelDateTime, ExcelDateTimeType};
use zip::result::ZipError;
use zip::ZipArchive;

use super::read::{broken, SheetInfo, MAX_PART_BYTES, MAX_TOTAL_BYTES};
use super::LedgerImportError as E;
use crate::document::cell::{cell_text, CellText};
use crate::document::xml::scan::{
    attr_raw, attr_value, attributes, push_cdata, push_text, ScanError, Scanner, Token,
};
use crate::document::xml::{has_ooxml_escape, unescape_ooxml};
use formats::{FormatKind, Formats};

/// An opened workbook: its sheets, shared strings and number formats, ready to read sheets.
pub(super) struct Workbook<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    file: &'a str,
    /// The sheets in workbook order.
    pub sheets: Vec<SheetInfo>,
    /// Each sheet's part in the zip, by index of `sheets`.
    paths: Vec<Option<String>>,
    strings: SharedStrings,
    formats: Formats,
    is_1904: bool,
    /// The inflated part being read, its allocation kept for the next part.
    buf: Vec<u8>,
}

/// The shared strings table, all texts in one buffer.
#[derive(Debug, Default)]
struct SharedStrings {
    text: String,
    /// Where each item ends in `text`; it starts where the one before ends.
    ends: Vec<usize>,
}

impl SharedStrings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1],
        };
        self.text.get(start..end)
    }
}

impl<'a> Workbook<'a> {
    /// Opens `bytes` (a zip): checks its parts' sizes, then reads the workbook, its
    /// relationships, styles and shared strings.
    pub fn open(bytes: &'a [u8], file: &'a str) -> Result<Workbook<'a>, E> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(file, &e))?;
        check_parts(&mut zip, file)?;
        let mut buf = Vec::new();
        if !part(&mut zip, file, "xl/workbook.xml", &mut buf)? {
            return Err(E::NotAWorkbook {
                file: file.to_string(),
                detail: "这是 Excel 二进制工作簿（.xlsb），请用 Excel“另存为”.xlsx".to_string(),
            });
        }
        let (entries, is_1904) = workbook_sheets(&buf).map_err(|e| broken(file, None, e))?;
        part(&mut zip, file, "xl/_rels/workbook.xml.rels", &mut buf)?;
        let rels = relationships(&buf).map_err(|e| broken(file, None, e))?;
        let target_of = |kind: RelKind, default: &str| {
            rels.iter()
                .find(|r| r.kind == kind)
                .map(|r| r.target.clone())
                .unwrap_or_else(|| default.to_string())
        };
        let strings_part = target_of(RelKind::SharedStrings, "xl/sharedStrings.xml");
        let strings = match part(&mut zip, file, &strings_part, &mut buf)? {
            true => shared_strings(&buf).map_err(|e| broken(file, None, e))?,
            false => SharedStrings::default(),
        };
        let formats = Formats {
            part: Some(target_of(RelKind::Styles, "xl/styles.xml")),
            read: Vec::new(),
        };
        let mut sheets = Vec::with_capacity(entries.len());
        let mut paths = Vec::with_capacity(entries.len());
        for s in entries {
            let rel = rels.iter().find(|r| r.id == s.rel_id);
            sheets.push(SheetInfo {
                name: s.name,
                visible: s.visible,
                // Without a relationship type (hand-made archives) a sheet counts as a worksheet.
                worksheet: rel
                    .is_none_or(|r| matches!(r.kind, RelKind::Untyped | RelKind::Worksheet)),
            });
            paths.push(rel.map(|r| r.target.clone()));
        }
        Ok(Workbook {
            zip,
            file,
            sheets,
            paths,
            strings,
            formats,
            is_1904,
            buf,
        })
    }

    /// Streams the sheet `name`'s non-empty cells to `cell(row, col, text)` (0-based, in
    /// document order) and returns its merged areas. A sheet without a part reads as empty.
    pub fn read_sheet(
        &mut self,
        name: &str,
        cell: &mut dyn FnMut(u32, u32, CellText) -> Result<(), E>,
    ) -> Result<Vec<Dimensions>, E> {
        let Some(i) = self.sheets.iter().position(|s| s.name == name) else {
            return Ok(Vec::new());
        };
        let Some(path) = self.paths[i].as_deref() else {
            return Ok(Vec::new());
        };
        if !part(&mut self.zip, self.file, path, &mut self.buf)? {
            return Ok(Vec::new());
        }
        let mut merges = Vec::new();
        let read = SheetReader {
            strings: &self.strings,
            formats: &mut self.formats,
            zip: &mut self.zip,
            file: self.file,
            is_1904: self.is_1904,
        }
        .read(&self.buf, cell, &mut merges);
        match read {
            Ok(()) => Ok(merges),
            Err(Stop::Cell(e)) => Err(e),
            Err(Stop::Xml(detail)) => Err(broken(self.file, Some(name), detail)),
        }
    }
}

fn zip_error(file: &str, e: &ZipError) -> E {
    match e {
        ZipError::InvalidArchive(_) | ZipError::Io(_) => E::Broken {
            file: file.to_string(),
            detail: "文件不完整或已损坏（可能下载、传输未完成）".to_string(),
        },
        other => broken(file, None, other),
    }
}

/// Guards against a Word document renamed .xlsx and parts that would inflate to absurd sizes
/// (a zip bomb of shared strings). Declared sizes are enforced while inflating, so checking
/// them here is enough.
fn check_parts(zip: &mut ZipArchive<Cursor<&[u8]>>, file: &str) -> Result<(), E> {
    let mut total: u64 = 0;
    let mut has_workbook = false;
    let mut is_word = false;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| zip_error(file, &e))?;
        let name = entry.name().unwrap_or_default();
        let size = entry.size();
        has_workbook |= name == "xl/workbook.xml" || name == "xl/workbook.bin";
        is_word |= name == "word/document.xml";
        if size > MAX_PART_BYTES {
            return Err(E::ZipBomb {
                file: file.to_string(),
                part: name.into_owned(),
                size_mb: size >> 20,
            });
        }
        total = total.saturating_add(size);
    }
    if total > MAX_TOTAL_BYTES {
        return Err(E::ZipBomb {
            file: file.to_string(),
            part: "全部内容".to_string(),
            size_mb: total >> 20,
        });
    }
    if !has_workbook {
        let detail = if is_word {
            "这是 Word 文档，不是 Excel 表格"
        } else {
            "压缩包中没有 Excel 工作簿"
        };
        return Err(E::NotAWorkbook {
            file: file.to_string(),
            detail: detail.to_string(),
        });
    }
    Ok(())
}

/// Inflates the part at `path` (its name matched without regard to case when the exact name
/// is missing) into `buf`, replacing what it held; `false` (and `buf` empty) when the archive
/// has no such part.
fn part(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    file: &str,
    path: &str,
    buf: &mut Vec<u8>,
) -> Result<bool, E> {
    buf.clear();
    let index = match zip.index_for_name(path) {
        Some(i) => i,
        None => match zip
            .file_names()
            .position(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(path)))
        {
            Some(i) => i,
            None => return Ok(false),
        },
    };
    let mut entry = zip.by_index(index).map_err(|e| zip_error(file, &e))?;
    // The zip reader stops at the declared size (checked against the limits when opening),
    // so a part cannot inflate beyond it.
    buf.reserve(entry.size().min(MAX_PART_BYTES) as usize);
    entry
        .read_to_end(buf)
        .map_err(|e| zip_error(file, &ZipError::Io(e)))?;
    if crate::document::xml::declares_dtd(buf) {
        return Err(E::XmlEntities {
            file: file.to_string(),
            part: entry.name().map(|n| n.into_owned()).unwrap_or_default(),
        });
    }
    Ok(true)
}

/// The decoded value of attribute `key` (see [`attr_raw`] for `:` keys).
fn attr(attrs: &str, key: &str) -> Option<String> {
    attr_raw(attrs, key).map(|v| attr_value(v).into_owned())
}

struct Relationship {
    id: String,
    /// The part's path in the zip.
    target: String,
    kind: RelKind,
}

/// What a relationship's type (its URI's last segment) says the part is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RelKind {
    Worksheet,
    SharedStrings,
    Styles,
    /// No type given (hand-made archives).
    Untyped,
    Other,
}

impl RelKind {
    fn of(uri: &str) -> RelKind {
        match uri.rsplit('/').next().unwrap_or_default() {
            "" => RelKind::Untyped,
            "worksheet" => RelKind::Worksheet,
            "sharedStrings" => RelKind::SharedStrings,
            "styles" => RelKind::Styles,
            _ => RelKind::Other,
        }
    }
}

fn relationships(xml: &[u8]) -> Result<Vec<Relationship>, ScanError> {
    let mut out = Vec::new();
    if xml.is_empty() {
        return Ok(out);
    }
    let mut scan = Scanner::new(xml)?;
    while let Some(t) = scan.next()? {
        let Token::Start {
            name: "Relationship",
            attrs,
            ..
        } = t
        else {
            continue;
        };
        let (mut id, mut target, mut kind) = (None, None, "");
        for (key, value) in attributes(attrs) {
            match key {
                "Id" => id = Some(value),
                "Target" => target = Some(value),
                "Type" => kind = value,
                _ => {}
            }
        }
        if let (Some(id), Some(target)) = (id, target) {
            out.push(Relationship {
                id: attr_value(id).into_owned(),
                target: part_path(&attr_value(target)),
                kind: RelKind::of(&attr_value(kind)),
            });
        }
    }
    Ok(out)
}

/// A relationship target of the workbook as a path in the zip: absolute (`/xl/…`) or relative
/// to `xl/`, with `./` and `../` resolved.
fn part_path(target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => ["xl/", target].concat(),
    };
    if !joined
        .split('/')
        .any(|p| p.is_empty() || p == "." || p == "..")
    {
        return joined;
    }
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

struct SheetEntry {
    name: String,
    visible: bool,
    rel_id: String,
}

/// The sheets listed by `xl/workbook.xml`, and whether dates count from 1904.
fn workbook_sheets(xml: &[u8]) -> Result<(Vec<SheetEntry>, bool), ScanError> {
    let mut scan = Scanner::new(xml)?;
    let mut sheets = Vec::new();
    let mut is_1904 = false;
    while let Some(t) = scan.next()? {
        let Token::Start { name, attrs, .. } = t else {
            continue;
        };
        match name {
            "workbookPr" => {
                is_1904 = attr(attrs, "date1904").is_some_and(|v| is_true(&v));
            }
            "sheet" => {
                let (mut name, mut state, mut rel_id) = (None, None, "");
                for (key, value) in attributes(attrs) {
                    match key {
                        "name" => name = Some(value),
                        "state" => state = Some(value),
                        // r:id, whatever the prefix
                        k if k.split_once(':').is_some_and(|(_, l)| l == "id") => rel_id = value,
                        _ => {}
                    }
                }
                let Some(name) = name else {
                    continue;
                };
                sheets.push(SheetEntry {
                    name: attr_value(name).into_owned(),
                    visible: state.is_none_or(|s| attr_value(s) == "visible"),
                    rel_id: attr_value(rel_id).into_owned(),
                });
            }
            _ => {}
        }
    }
    Ok((sheets, is_1904))
}

fn is_true(v: &str) -> bool {
    v == "1" || v.eq_ignore_ascii_case("true")
}

/// Collects the text of a string item (`<si>`, `<is>`) onto the end of a `String`: the
/// `<t>` runs joined, phonetic guides (`<rPh>`) left out; each run trimmed unless it
/// preserves its spaces.
#[derive(Default)]
struct RichText {
    /// Where the open run starts in the output.
    run_start: usize,
    in_run: bool,
    preserve: bool,
    phonetic: u32,
}

impl RichText {
    /// An element `name` (local) with `attrs` starts (not an empty one).
    fn start(&mut self, name: &str, attrs: &str, out: &str) {
        match name {
            "t" if self.phonetic == 0 => {
                self.in_run = true;
                self.preserve = !attrs.trim_ascii().is_empty()
                    && attr(attrs, "xml:space").is_some_and(|v| v == "preserve");
                self.run_start = out.len();
            }
            "rPh" => self.phonetic += 1,
            _ => {}
        }
    }

    fn end(&mut self, local: &str, out: &mut String) {
        match local {
            "t" if self.in_run => {
                self.in_run = false;
                let run = out.get(self.run_start..).unwrap_or("");
                let trimmed = if self.preserve {
                    run
                } else {
                    run.trim_matches([' ', '\t', '\r', '\n'])
                };
                if trimmed.len() != run.len() || has_ooxml_escape(trimmed) {
                    let fixed = unescape_ooxml(trimmed).into_owned();
                    out.truncate(self.run_start);
                    out.push_str(&fixed);
                }
            }
            "rPh" => self.phonetic = self.phonetic.saturating_sub(1),
            _ => {}
        }
    }

    /// Whether text here belongs to the item (inside a `<t>` run).
    fn wants_text(&self) -> bool {
        self.in_run
    }

    /// Text or CDATA inside the item.
    fn text(&self, t: Token<'_>, out: &mut String) {
        if self.in_run {
            push_token_text(t, out);
        }
    }

    /// Ready for the next item.
    fn reset(&mut self) {
        self.in_run = false;
        self.phonetic = 0;
    }
}

/// Appends the decoded text of a [`Token::Text`] or [`Token::CData`] onto `out`.
fn push_token_text(t: Token<'_>, out: &mut String) {
    match t {
        Token::Text(raw) => push_text(raw, out),
        Token::CData(raw) => push_cdata(raw, out),
        _ => {}
    }
}

fn shared_strings(xml: &[u8]) -> Result<SharedStrings, ScanError> {
    let mut scan = Scanner::new(xml)?;
    let mut out = SharedStrings {
        text: String::with_capacity(xml.len() / 2),
        ends: Vec::new(),
    };
    let mut item = RichText::default();
    let mut in_item = false;
    while let Some(t) = scan.next()? {
        match t {
            Token::Start {
                name: "si", empty, ..
            } => match empty {
                true => out.ends.push(out.text.len()),
                false => {
                    in_item = true;
                    if let Some(raw) = scan.simple_element("t") {
                        item.start("t", "", &out.text);
                        item.text(Token::Text(raw), &mut out.text);
                        item.end("t", &mut out.text);
                    }
                }
            },
            Token::Start {
                name,
                attrs,
                empty: false,
            } if in_item => item.start(name, attrs, &out.text),
            Token::End { name: "si" } => {
                in_item = false;
                item.reset();
                out.ends.push(out.text.len());
            }
            Token::End { name } => item.end(name, &mut out.text),
            Token::Text(_) | Token::CData(_) if item.wants_text() => item.text(t, &mut out.text),
            _ => {}
        }
    }
    Ok(out)
}

/// Why reading a sheet stopped: the cell callback refused (too many rows), or broken XML.
enum Stop {
    Cell(E),
    Xml(String),
}

struct SheetReader<'w, 'a> {
    strings: &'w SharedStrings,
    formats: &'w mut Formats,
    zip: &'w mut ZipArchive<Cursor<&'a [u8]>>,
    file: &'w str,
    is_1904: bool,
}

/// A cell's `t` attribute.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CellType {
    Number,
    Shared,
    Str,
    Inline,
    Bool,
    Error,
    Date,
}

impl SheetReader<'_, '_> {
    fn read(
        &mut self,
        xml: &[u8],
        cell: &mut dyn FnMut(u32, u32, CellText) -> Result<(), E>,
        merges: &mut Vec<Dimensions>,
    ) -> Result<(), Stop> {
        let xml_err = |e: ScanError| Stop::Xml(e.to_string());
        let mut scan = Scanner::new(xml).map_err(xml_err)?;
        let mut row: u32 = 0;
        let mut next_row: u32 = 0;
        let mut next_col: u32 = 0;
        // The open cell: (row, col, type, style).
        let mut open: Option<(u32, u32, CellType, usize)> = None;
        let mut value = String::new();
        let mut in_value = false;
        let mut in_formula = false;
        let mut inline = RichText::default();
        let mut inline_text = String::new();
        loop {
            let Some(token) = scan.next().map_err(xml_err)? else {
                return Ok(());
            };
            let (name, attrs, empty) = match token {
                Token::Start { name, attrs, empty } => (name, attrs, empty),
                Token::End { name } => {
                    match name {
                        "v" => in_value = false,
                        "f" => in_formula = false,
                        "c" => {
                            in_value = false;
                            in_formula = false;
                            if let Some((r, c, t, s)) = open.take() {
                                inline.reset();
                                if let Some(text) =
                                    self.text(t, s, &value, &inline_text).map_err(Stop::Cell)?
                                {
                                    cell(r, c, text).map_err(Stop::Cell)?;
                                }
                            }
                        }
                        local => inline.end(local, &mut inline_text),
                    }
                    continue;
                }
                Token::Text(_) | Token::CData(_) if open.is_some() && !in_formula => {
                    if in_value {
                        push_token_text(token, &mut value);
                    } else {
                        inline.text(token, &mut inline_text);
                    }
                    continue;
                }
                _ => continue,
            };
            let in_cell = open.is_some() && !empty;
            match name {
                "c" => {
                    let (r, c, t, s) = cell_attrs(attrs, row, next_col);
                    next_col = c.saturating_add(1);
                    if !empty {
                        open = Some((r, c, t, s));
                        value.clear();
                        inline_text.clear();
                        if let Some(raw) = scan.simple_element("v") {
                            push_text(raw, &mut value);
                        }
                    }
                }
                "row" => {
                    row = row_number(attrs).unwrap_or(next_row);
                    next_row = row.saturating_add(1);
                    next_col = 0;
                }
                "v" if in_cell => in_value = true,
                "f" if in_cell => in_formula = true,
                local if in_cell => inline.start(local, attrs, &inline_text),
                "mergeCell" => {
                    if let Some(m) = attr(attrs, "ref").as_deref().and_then(merge_area) {
                        merges.push(m);
                    }
                }
                _ => {}
            }
        }
    }

    /// The text of a cell from its type, style, `<v>` value and inline string; `None` when
    /// it holds nothing.
    fn text(
        &mut self,
        t: CellType,
        style: usize,
        v: &str,
        inline: &str,
    ) -> Result<Option<CellText>, E> {
        let shown = match t {
            CellType::Inline => cell_text(&DataRef::SharedString(inline), None),
            CellType::Shared => {
                let text = v.trim().parse().ok().and_then(|i| self.strings.get(i));
                let Some(text) = text else {
                    return Ok(None);
                };
                cell_text(&DataRef::SharedString(text), None)
            }
            CellType::Str => cell_text(&DataRef::SharedString(&unescape_ooxml(v)), None),
            CellType::Bool => cell_text(&DataRef::Bool(is_true(v.trim())), None),
            CellType::Error => CellText::Error(v.trim().to_string()),
            CellType::Date => cell_text(&DataRef::DateTimeIso(v.to_string()), None),
            CellType::Number => {
                let v = v.trim();
                if v.is_empty() {
                    return Ok(None);
                }
                let Ok(n) = v.parse::<f64>() else {
                    return Ok(Some(cell_text(&DataRef::SharedString(v), None)));
                };
                let format = self.formats.get(self.zip, self.file)?.get(style);
                let date = |kind| DataRef::DateTime(ExcelDateTime::new(n, kind, self.is_1904));
                match format.map(|f| f.kind).unwrap_or_default() {
                    FormatKind::DateTime => cell_text(&date(ExcelDateTimeType::DateTime), None),
                    FormatKind::Duration => cell_text(&date(ExcelDateTimeType::TimeDelta), None),
                    FormatKind::Number => {
                        cell_text(&DataRef::Float(n), format.and_then(|f| f.code.as_deref()))
                    }
                }
            }
        };
        Ok(Some(shown))
    }
}

/// The 0-based row of a `<row r="…">`.
fn row_number(attrs: &str) -> Option<u32> {
    let n: u32 = attr_raw(attrs, "r")?.trim().parse().ok()?;
    n.checked_sub(1)
}

/// A cell's (row, col, type, style), its place from `r` or else the running position.
fn cell_attrs(attrs: &str, row: u32, next_col: u32) -> (u32, u32, CellType, usize) {
    let (mut r, mut c, mut t, mut s) = (row, next_col, CellType::Number, 0);
    for (key, value) in attributes(attrs) {
        match key {
            "r" => {
                if let Some((ar, ac)) = cell_ref(value.as_bytes()) {
                    (r, c) = (ar, ac);
                }
            }
            "t" => {
                t = match value {
                    "s" => CellType::Shared,
                    "str" => CellType::Str,
                    "inlineStr" | "is" => CellType::Inline,
                    "b" => CellType::Bool,
                    "e" => CellType::Error,
                    "d" => CellType::Date,
                    _ => CellType::Number,
                }
            }
            "s" => s = value.trim().parse().unwrap_or(0),
            _ => {}
        }
    }
    (r, c, t, s)
}

/// `B12` → (11, 1), 0-based; `$B$12` alike.
fn cell_ref(text: &[u8]) -> Option<(u32, u32)> {
    let mut col: u32 = 0;
    let mut row: u32 = 0;
    let mut letters = 0;
    let mut digits = 0;
    for &b in text {
        match b {
            b'$' => {}
            b'A'..=b'Z' | b'a'..=b'z' if digits == 0 => {
                col = col
                    .checked_mul(26)?
                    .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)?;
                letters += 1;
            }
            b'0'..=b'9' if letters > 0 => {
                row = row.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
                digits += 1;
            }
            _ => return None,
        }
    }
    (letters > 0 && digits > 0 && row > 0).then(|| (row - 1, col - 1))
}

/// `A3:C5` as a merged area; a single cell is none.
fn merge_area(text: &str) -> Option<Dimensions> {
    let (a, b) = text.split_once(':')?;
    let (r1, c1) = cell_ref(a.trim().as_bytes())?;
    let (r2, c2) = cell_ref(b.trim().as_bytes())?;
    let start = (r1.min(r2), c1.min(c2));
    let end = (r1.max(r2), c1.max(c2));
    (start != end).then(|| Dimensions::new(start, end))
}

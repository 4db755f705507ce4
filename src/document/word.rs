//! Reading a plan document into paragraphs and tables.
//!
//! `.docx` is read with `zip` + `quick-xml` (body paragraphs, tables, Word's automatic
//! numbering); `.txt` is decoded from UTF-8, UTF-16 (with BOM) or GB18030/GBK, detected
//! automatically, and lines of `|`- or tab-separated cells become tables. Word 97–2003 `.doc` and
//! WPS `.wps` (compound files) are read by [`super::word97`], a web page saved as .doc by
//! [`super::html`]. Older Word / WPS formats, PDF and RTF files are recognised by their content
//! and refused with a message asking the clerk to save the file as .docx.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::file::read_file;
use super::FileError;

mod styles;
use styles::Styles;

/// A text file larger than this is not a plan (a 40-task plan is well under 1 MB).
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;
/// A .docx larger than this is refused before it is opened (pictures make them big).
pub const MAX_DOCX_BYTES: u64 = 200 * 1024 * 1024;
/// A .doc / .wps larger than this is refused before it is read (its text is a small part).
pub const MAX_DOC_BYTES: u64 = 40 * 1024 * 1024;
/// The unpacked `word/document.xml` may not be larger than this (protects against zip bombs).
pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// One block of a document, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph (or, for text files, one line).
    Paragraph(String),
    /// A table as rows of cell texts; merged cells are expanded so that columns line up.
    Table(Vec<Vec<String>>),
}

/// A document read into blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The file name the document came from (for messages and the draft).
    pub name: String,
    /// Paragraphs and tables in reading order.
    pub blocks: Vec<Block>,
    /// Whether lines may be hard-wrapped inside a paragraph (text copied from a PDF or a web
    /// page): the parser then joins a line cut in the middle of a sentence with the next one.
    pub wrapped: bool,
}

/// Reads a plan file (.docx, .doc/.wps or .txt, recognised by content) into a [`Document`].
pub fn read(path: &Path) -> Result<Document, FileError> {
    let (name, bytes) = read_file(path, |head| {
        if head.starts_with(b"PK") {
            MAX_DOCX_BYTES
        } else if head.starts_with(super::workbook::OLE) {
            MAX_DOC_BYTES
        } else {
            MAX_TEXT_BYTES
        }
    })?;
    read_bytes(&bytes, &name)
}

/// The largest plan file read, by its first bytes: a Word 97 / WPS file (`word_name`: named
/// .doc/.wps), a .docx or workbook (zip or compound file), else text.
pub(crate) fn size_limit(head: &[u8], word_name: bool) -> u64 {
    if head.starts_with(super::workbook::OLE) && word_name {
        MAX_DOC_BYTES
    } else if head.starts_with(b"PK") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        MAX_DOCX_BYTES
    } else {
        MAX_TEXT_BYTES
    }
}

/// Reads a plan from bytes; `name` is the file name, used for messages and to tell a .docx from
/// a text file only when the content does not say.
pub fn read_bytes(bytes: &[u8], name: &str) -> Result<Document, FileError> {
    let file = name.to_string();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FileError::Empty { file });
    }
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(OLE) {
        if super::workbook::is_encrypted_ole(bytes) {
            return Err(FileError::EncryptedDocument { file });
        }
        if bytes.len() as u64 > MAX_DOC_BYTES {
            return Err(FileError::TooLarge {
                file,
                size_mb: (bytes.len() as u64).div_ceil(1024 * 1024),
                limit_mb: MAX_DOC_BYTES / (1024 * 1024),
            });
        }
        return super::word97::read(bytes, name);
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(FileError::LegacyFormat { file });
    }
    if bytes.starts_with(b"%PDF") {
        return Err(FileError::Pdf { file });
    }
    if bytes.starts_with(b"PK") {
        return read_docx(bytes, name);
    }
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "doc" | "wps" | "htm" | "html" => {
            // A web page saved with a Word name is read as one; other non-OLE .doc/.wps files
            // (RTF, WPS before 2005) are refused.
            if let Some(text) = decode_text(bytes).filter(|t| super::html::is_html(t)) {
                let document = super::html::document(&text, name);
                if document.blocks.is_empty() {
                    return Err(FileError::Empty { file });
                }
                return Ok(document);
            }
            if matches!(ext.as_str(), "doc" | "wps") {
                return Err(FileError::LegacyFormat { file });
            }
        }
        "rtf" => return Err(FileError::LegacyFormat { file }),
        "pdf" => return Err(FileError::Pdf { file }),
        "docx" => {
            return Err(FileError::BrokenDocx {
                file,
                detail: "文件开头不是 .docx 应有的压缩包格式".into(),
            })
        }
        _ => {}
    }
    let text = decode_text(bytes).ok_or_else(|| FileError::NotText { file: file.clone() })?;
    if text.trim().is_empty() {
        return Err(FileError::Empty { file });
    }
    Ok(text_document(&text, name))
}

/// Decodes a text file: BOM first, then strict UTF-8, then GB18030 (which covers GBK and
/// GB2312). Returns `None` for binary data.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return (!had_errors && !looks_binary(&text)).then(|| text.into_owned());
    }
    if bytes.contains(&0) {
        return None;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return None;
            }
            text.into_owned()
        }
    };
    (!looks_binary(&text)).then_some(text)
}

/// Control characters other than tab, line breaks and form feed mean binary data.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            control += 1;
        }
    }
    control > 0 && control * 100 >= total.max(1)
}

/// Whether a text line is a row of a `|`- or tab-separated table.
pub(crate) fn table_cells(line: &str) -> Option<Vec<String>> {
    let sep = if line.matches('|').count() >= 2 {
        '|'
    } else if line.matches('\t').count() >= 2 {
        '\t'
    } else {
        return None;
    };
    let mut cells: Vec<String> = line.split(sep).map(|c| c.trim().to_string()).collect();
    if line.trim_start().starts_with(sep) && cells.first().is_some_and(|c| c.is_empty()) {
        cells.remove(0);
    }
    while cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    (cells.len() >= 2).then_some(cells)
}

/// Splits decoded text into paragraphs (one a line) and tables (runs of table rows).
pub fn text_document(text: &str, name: &str) -> Document {
    let mut blocks = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if let Some(cells) = table_cells(line) {
            table.push(cells);
            continue;
        }
        if !table.is_empty() {
            blocks.push(Block::Table(std::mem::take(&mut table)));
        }
        if !line.is_empty() {
            blocks.push(Block::Paragraph(line.to_string()));
        }
    }
    if !table.is_empty() {
        blocks.push(Block::Table(table));
    }
    Document {
        name: name.to_string(),
        blocks,
        wrapped: true,
    }
}

fn broken(name: &str, detail: impl ToString) -> FileError {
    FileError::BrokenDocx {
        file: name.to_string(),
        detail: detail.to_string(),
    }
}

fn read_zip_entry(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    entry: &str,
    name: &str,
) -> Result<Option<String>, FileError> {
    let file = match archive.by_name(entry) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(broken(name, e)),
    };
    if file.size() > MAX_XML_BYTES {
        return Err(FileError::TooLarge {
            file: name.to_string(),
            size_mb: file.size().div_ceil(1024 * 1024),
            limit_mb: MAX_XML_BYTES / (1024 * 1024),
        });
    }
    let mut bytes = Vec::new();
    file.take(MAX_XML_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| broken(name, e))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| broken(name, format!("{entry} 不是 UTF-8 编码")))
}

/// Reads the body of a .docx: paragraphs and tables in order.
pub fn read_docx(bytes: &[u8], name: &str) -> Result<Document, FileError> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| broken(name, e))?;
    super::workbook::check_zip_parts(bytes, name)?;
    let Some(xml) = read_zip_entry(&mut archive, "word/document.xml", name)? else {
        let excel = archive
            .file_names()
            .any(|n| n.is_ok_and(|n| n.starts_with("xl/")));
        return Err(FileError::NotWord {
            file: name.to_string(),
            excel,
        });
    };
    let numbering = read_zip_entry(&mut archive, "word/numbering.xml", name)?
        .map(|x| Numbering::parse(&x))
        .unwrap_or_default();
    let styles = read_zip_entry(&mut archive, "word/styles.xml", name)?
        .map(|x| Styles::parse(&x))
        .unwrap_or_default();
    let blocks = DocxBody::parse(&xml, numbering, styles).map_err(|e| broken(name, e))?;
    Ok(Document {
        name: name.to_string(),
        blocks,
        wrapped: false,
    })
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.try_get_attribute(key).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// One level of a Word list: its number format, label template and start value.
#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// `word/numbering.xml`: list definitions, so that automatic numbers (一、 (一) 1.) that Word
/// draws but does not store in the text can be put back.
#[derive(Debug, Clone, Default)]
struct Numbering {
    /// numId → abstractNumId
    nums: HashMap<String, String>,
    /// (abstractNumId, ilvl) → level
    levels: HashMap<(String, u32), Level>,
    /// (abstractNumId, paragraph style) → the level that style is linked to (`w:pStyle`).
    style_levels: HashMap<(String, String), u32>,
}

impl Numbering {
    fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<(u32, Level)> = None;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            match event {
                Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                    "abstractNum" => abstract_id = attr(&e, "w:abstractNumId"),
                    "num" => num_id = attr(&e, "w:numId"),
                    "abstractNumId" => {
                        if let (Some(num), Some(val)) = (num_id.clone(), attr(&e, "w:val")) {
                            n.nums.insert(num, val);
                        }
                    }
                    "lvl" => {
                        let ilvl = attr(&e, "w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        level = Some((
                            ilvl,
                            Level {
                                start: 1,
                                ..Level::default()
                            },
                        ));
                    }
                    "start" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(&e, "w:val")) {
                            l.start = v.parse().unwrap_or(1);
                        }
                    }
                    "numFmt" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(&e, "w:val")) {
                            l.format = v;
                        }
                    }
                    "lvlText" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(&e, "w:val")) {
                            l.text = v;
                        }
                    }
                    "pStyle" => {
                        if let (Some(a), Some((ilvl, _)), Some(v)) =
                            (abstract_id.clone(), level.as_ref(), attr(&e, "w:val"))
                        {
                            n.style_levels.insert((a, v), *ilvl);
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(a), Some((ilvl, l))) = (abstract_id.clone(), level.take()) {
                            n.levels.insert((a, ilvl), l);
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    _ => {}
                },
                _ => {}
            }
        }
        n
    }
}

/// Chinese numeral for 1–99 (一, 十, 十一, 二十三).
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n % 10 == 0 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// A list number as Word draws it in a numbering format (`w:numFmt`).
pub(crate) fn format_number(format: &str, n: u32) -> Option<String> {
    Some(match format {
        "decimal" | "decimalZero" => n.to_string(),
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese_number(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            char::from_u32(0x2460 + n.saturating_sub(1)).map(String::from)?
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|c| char::from_u32(c as u32 + 0xFEE0))
            .collect(),
        "upperLetter" => {
            char::from_u32('A' as u32 + (n.saturating_sub(1) % 26)).map(String::from)?
        }
        "lowerLetter" => {
            char::from_u32('a' as u32 + (n.saturating_sub(1) % 26)).map(String::from)?
        }
        _ => return None,
    })
}

/// Walks `word/document.xml`, collecting body paragraphs and tables.
struct DocxBody {
    numbering: Numbering,
    /// (numId, ilvl) → current counter
    counters: HashMap<(String, u32), u32>,
    blocks: Vec<Block>,
    /// Open tables (a table inside a cell nests).
    tables: Vec<TableBuild>,
    para: String,
    in_para: bool,
    num: Option<(String, u32)>,
    /// The paragraph's style (`w:pStyle`), whose list numbers it when the paragraph has none.
    style: Option<String>,
    styles: Styles,
    in_num_pr: bool,
    in_text: bool,
    in_deleted: u32,
}

#[derive(Default)]
struct TableBuild {
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    /// Column index → whether the cell above is continued (vMerge).
    cell: String,
    span: usize,
    vmerge_continue: bool,
}

impl DocxBody {
    fn parse(xml: &str, numbering: Numbering, styles: Styles) -> Result<Vec<Block>, String> {
        let mut body = DocxBody {
            numbering,
            style: None,
            styles,
            counters: HashMap::new(),
            blocks: Vec::new(),
            tables: Vec::new(),
            para: String::new(),
            in_para: false,
            num: None,
            in_num_pr: false,
            in_text: false,
            in_deleted: 0,
        };
        let mut reader = Reader::from_str(xml);
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(Event::Start(e)) => body.start(&e, false),
                Ok(Event::Empty(e)) => body.start(&e, true),
                Ok(Event::End(e)) => body.end(e.local_name().as_ref()),
                Ok(Event::Text(t)) => {
                    if body.in_text && body.in_deleted == 0 {
                        body.para.push_str(&t.xml10_content());
                    }
                }
                Ok(Event::GeneralRef(r)) => {
                    if body.in_text && body.in_deleted == 0 {
                        let c = super::xml::entity_char(&r);
                        if let Some(c) = c {
                            body.para.push(c);
                        }
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    return Err(format!(
                        "XML 第 {} 字节处有误：{e}",
                        reader.buffer_position()
                    ))
                }
            }
        }
        Ok(body.blocks)
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        match local(e).as_str() {
            "p" if !empty => {
                self.in_para = true;
                self.para.clear();
                self.num = None;
                self.style = None;
            }
            "pStyle" if self.in_para => self.style = attr(e, "w:val"),
            "numPr" if !empty => self.in_num_pr = true,
            "ilvl" if self.in_num_pr => {
                let lvl = attr(e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0);
                let id = self.num.take().map(|(id, _)| id).unwrap_or_default();
                self.num = Some((id, lvl));
            }
            "numId" if self.in_num_pr => {
                let id = attr(e, "w:val").unwrap_or_default();
                let lvl = self.num.take().map(|(_, l)| l).unwrap_or(0);
                self.num = Some((id, lvl));
            }
            "t" if !empty => self.in_text = true,
            "del" | "moveFrom" if !empty => self.in_deleted += 1,
            "tab" if self.in_para => self.para.push('\t'),
            "br" | "cr" if self.in_para => self.para.push('\n'),
            "tbl" if !empty => self.tables.push(TableBuild::default()),
            "tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                }
            }
            "tc" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell.clear();
                    t.span = 1;
                    t.vmerge_continue = false;
                }
            }
            "gridSpan" => {
                if let Some(t) = self.tables.last_mut() {
                    t.span = attr(e, "w:val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            "vMerge" => {
                if let Some(t) = self.tables.last_mut() {
                    // <w:vMerge/> or w:val="continue" continues the cell above.
                    t.vmerge_continue = attr(e, "w:val").is_none_or(|v| v == "continue");
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "numPr" => self.in_num_pr = false,
            "del" | "moveFrom" => self.in_deleted = self.in_deleted.saturating_sub(1),
            "p" if self.in_para => {
                self.in_para = false;
                let mut text = std::mem::take(&mut self.para);
                if let Some(label) = self
                    .paragraph_number()
                    .and_then(|(id, lvl)| self.label(&id, lvl))
                {
                    // In a table the number alone is a cell's text (a 序号 column Word numbers).
                    if !text.trim().is_empty() || !self.tables.is_empty() {
                        text = format!("{label}{}", text.trim_start());
                    }
                }
                match self.tables.last_mut() {
                    Some(t) => {
                        if !t.cell.is_empty() && !text.trim().is_empty() {
                            t.cell.push('\n');
                        }
                        t.cell.push_str(text.trim());
                    }
                    None => {
                        for line in text.split('\n') {
                            let line = line.trim();
                            if !line.is_empty() {
                                self.blocks.push(Block::Paragraph(line.to_string()));
                            }
                        }
                    }
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    let col = t.row.len();
                    let text = if t.vmerge_continue {
                        t.rows
                            .last()
                            .and_then(|r| r.get(col))
                            .cloned()
                            .unwrap_or_default()
                    } else {
                        std::mem::take(&mut t.cell)
                    };
                    t.row.push(text);
                    for _ in 1..t.span {
                        t.row.push(String::new());
                    }
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    if row.iter().any(|c| !c.trim().is_empty()) {
                        t.rows.push(row);
                    }
                }
            }
            "tbl" => {
                if let Some(t) = self.tables.pop() {
                    match self.tables.last_mut() {
                        // A nested table's text joins the cell it sits in.
                        Some(outer) => {
                            for row in t.rows {
                                if !outer.cell.is_empty() {
                                    outer.cell.push('\n');
                                }
                                outer.cell.push_str(&row.join(" "));
                            }
                        }
                        None => {
                            if !t.rows.is_empty() {
                                self.blocks.push(Block::Table(t.rows));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The list and level that number the paragraph just read: its own `w:numPr`, else its
    /// style's (the level linked to the style in the list, else the style's `w:ilvl`, else 0).
    fn paragraph_number(&mut self) -> Option<(String, u32)> {
        let own = self.num.take();
        let style = self.style.take();
        if let Some((id, lvl)) = &own {
            if !id.is_empty() {
                return own;
            }
            let (id, _) = self.styles.numbering(style.as_deref()?)?;
            return Some((id, *lvl));
        }
        let style = style?;
        let (id, ilvl) = self.styles.numbering(&style)?;
        let linked = self
            .numbering
            .nums
            .get(&id)
            .and_then(|a| self.numbering.style_levels.get(&(a.clone(), style.clone())));
        let lvl = linked.copied().or(ilvl).unwrap_or(0);
        Some((id, lvl))
    }

    /// The label Word draws for a numbered paragraph, advancing the list's counters.
    fn label(&mut self, num_id: &str, ilvl: u32) -> Option<String> {
        let abstract_id = self.numbering.nums.get(num_id)?.clone();
        let level = self
            .numbering
            .levels
            .get(&(abstract_id.clone(), ilvl))?
            .clone();
        if level.format == "bullet" || level.format == "none" {
            return None;
        }
        let key = (num_id.to_string(), ilvl);
        let value = match self.counters.get(&key) {
            Some(v) => v + 1,
            None => level.start,
        };
        self.counters.insert(key, value);
        // Deeper levels restart when a shallower one advances.
        self.counters
            .retain(|(id, l), _| id != num_id || *l <= ilvl);
        let mut text = level.text.clone();
        for l in 0..=ilvl {
            let placeholder = format!("%{}", l + 1);
            if !text.contains(&placeholder) {
                continue;
            }
            let lvl = self.numbering.levels.get(&(abstract_id.clone(), l))?;
            let v = if l == ilvl {
                value
            } else {
                self.counters
                    .get(&(num_id.to_string(), l))
                    .copied()
                    .unwrap_or(lvl.start)
            };
            text = text.replace(&placeholder, &format_number(&lvl.format, v)?);
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_text_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("一、总体要求\n示例县司法局");
        assert_eq!(
            decode_text(&bytes).as_deref(),
            Some("一、总体要求\n示例县司法局")
        );
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "牵头单位：县司法局".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&bytes).as_deref(), Some("牵头单位：县司法局"));
    }

    #[test]
    fn binary_is_not_text() {
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(decode_text(&bytes).is_none());
    }

    #[test]
    fn pipe_rows_become_a_table() {
        let doc = text_document(
            "标题\n序号 | 任务 | 牵头单位 |\n1 | 甲 | 县司法局 |\n说明",
            "a.txt",
        );
        assert_eq!(doc.blocks.len(), 3);
        assert!(
            matches!(&doc.blocks[1], Block::Table(rows) if rows.len() == 2 && rows[1][2] == "县司法局")
        );
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(14), "十四");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(47), "四十七");
    }
}

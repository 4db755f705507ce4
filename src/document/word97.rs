//! Word 97–2003 (`.doc`) and WPS (`.wps`) documents: a compound file whose `WordDocument`
//! stream holds the text, found through the piece table (FIB → CLX → PlcPcd) in the `0Table` /
//! `1Table` stream. Pieces are UTF-16LE, or 8-bit cp1252 when "compressed" (Chinese text is
//! always UTF-16). Paragraph properties (PAPX in the FKPs) say which paragraphs are table cells
//! and which mark a row's end, so tables come out as rows of cells like the .docx reader's.
//! Field codes (\x13 code \x14 result \x15) are dropped, their results kept.

use std::io::{Cursor, Read};

use super::word::{Block, Document};
use super::FileError;
use lists::Lists;
use styles::Styles;

mod lists;
mod styles;

/// `wIdent` of a Word 97 FIB.
const WORD_IDENT: u16 = 0xA5EC;
/// The first `nFib` of Word 97; older files (Word 6 / 95) use another layout.
const NFIB_WORD97: u16 = 0x00C1;
/// A stream larger than this is not a plan's text (the limit on the file comes first).
const MAX_STREAM_BYTES: u64 = 64 * 1024 * 1024;

const FLAG_ENCRYPTED: u16 = 0x0100;
const FLAG_TABLE_1: u16 = 0x0200;

/// Paragraph properties that matter for tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Para {
    /// sprmPFInTable / sprmPItap ≥ 1.
    in_table: bool,
    /// Table depth (sprmPItap); 1 when only sprmPFInTable is set.
    depth: u32,
    /// sprmPFTtp: the mark ends a table row.
    row_end: bool,
    /// The row's cell layout (sprmTDefTable on the row's end mark): an index into the runs'
    /// [`RowDef`]s.
    row_def: Option<usize>,
    /// sprmPIlfo: the list instance the paragraph is numbered in (1-based; 0 for none).
    ilfo: u16,
    /// sprmPIlvl: its level in that list.
    ilvl: u8,
    /// Whether the paragraph names its list itself (sprmPIlfo); else its style's list numbers it.
    own_list: bool,
    /// Whether it names its level itself (sprmPIlvl).
    own_level: bool,
    /// The paragraph's style (istd).
    istd: u16,
}

/// A table row's layout from sprmTDefTable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct RowDef {
    /// Cell boundaries in twips, one more than the cells.
    edges: Vec<i16>,
    /// Bit c set: cell c continues the cell above (vertical merge).
    continues: u64,
}

/// Why a .doc was not read (turned into a [`FileError`] by [`read`]).
enum Problem {
    NotWord97,
    /// An Excel workbook (a .xls named .doc).
    Workbook,
    Encrypted,
    Broken(String),
}

/// Reads a .doc / .wps file (already known to be a compound file) into a [`Document`].
pub fn read(bytes: &[u8], name: &str) -> Result<Document, FileError> {
    let file = name.to_string();
    let blocks = match blocks(bytes) {
        Ok(b) => b,
        Err(Problem::NotWord97) => return Err(FileError::LegacyFormat { file }),
        Err(Problem::Workbook) => return Err(FileError::NotWord { file, excel: true }),
        Err(Problem::Encrypted) => return Err(FileError::EncryptedDocument { file }),
        Err(Problem::Broken(detail)) => return Err(FileError::BrokenDoc { file, detail }),
    };
    if blocks.is_empty() {
        return Err(FileError::Empty { file });
    }
    Ok(Document {
        name: file,
        blocks,
        wrapped: false,
    })
}

fn broken(detail: impl Into<String>) -> Problem {
    Problem::Broken(detail.into())
}

fn stream(
    cfb: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, Problem> {
    if !cfb.is_stream(name) {
        return Ok(None);
    }
    let s = cfb
        .open_stream(name)
        .map_err(|e| broken(format!("无法打开 {name}：{e}")))?;
    if s.len() > MAX_STREAM_BYTES {
        return Err(broken(format!("{name} 过大")));
    }
    let mut out = Vec::with_capacity(s.len() as usize);
    s.take(MAX_STREAM_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| broken(format!("{name} 读取失败：{e}")))?;
    Ok(Some(out))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The parts of the FIB the reader needs.
struct Fib {
    table_1: bool,
    ccp_text: u32,
    clx: (u32, u32),
    bte_papx: (u32, u32),
    /// The style sheet (STSH).
    stsh: (u32, u32),
    /// PlfLst and PlfLfo (automatic numbering); (0, 0) when the FIB has none.
    plf_lst: (u32, u32),
    plf_lfo: (u32, u32),
}

fn fib(doc: &[u8]) -> Result<Fib, Problem> {
    let short = || broken("文件头（FIB）不完整");
    if u16_at(doc, 0).ok_or_else(short)? != WORD_IDENT {
        return Err(Problem::NotWord97);
    }
    let n_fib = u16_at(doc, 2).ok_or_else(short)?;
    let flags = u16_at(doc, 0x0A).ok_or_else(short)?;
    if flags & FLAG_ENCRYPTED != 0 {
        return Err(Problem::Encrypted);
    }
    if n_fib < NFIB_WORD97 {
        return Err(Problem::NotWord97);
    }
    let csw = u16_at(doc, 32).ok_or_else(short)? as usize;
    let lw = 34 + csw * 2;
    let cslw = u16_at(doc, lw).ok_or_else(short)? as usize;
    let rg_lw = lw + 2;
    let ccp_text = u32_at(doc, rg_lw + 3 * 4).ok_or_else(short)?;
    let fc_lcb = rg_lw + cslw * 4 + 2;
    let pair = |i: usize| -> Result<(u32, u32), Problem> {
        let at = fc_lcb + i * 8;
        Ok((
            u32_at(doc, at).ok_or_else(short)?,
            u32_at(doc, at + 4).ok_or_else(short)?,
        ))
    };
    Ok(Fib {
        table_1: flags & FLAG_TABLE_1 != 0,
        ccp_text,
        bte_papx: pair(13)?,
        stsh: pair(1).unwrap_or((0, 0)),
        clx: pair(33)?,
        plf_lst: pair(73).unwrap_or((0, 0)),
        plf_lfo: pair(74).unwrap_or((0, 0)),
    })
}

/// One piece of the text: characters `[cp, cp + len)` stored at byte `fc` of WordDocument.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp: u32,
    len: u32,
    fc: u32,
    compressed: bool,
}

impl Piece {
    /// The file position of character `cp` (inside this piece).
    fn fc_of(&self, cp: u32) -> u32 {
        let step = if self.compressed { 1 } else { 2 };
        self.fc + (cp - self.cp) * step
    }
}

/// The piece table from the CLX: skips the Prc entries, reads the PlcPcd.
fn pieces(table: &[u8], (fc, lcb): (u32, u32)) -> Result<Vec<Piece>, Problem> {
    let clx = table
        .get(fc as usize..(fc as usize).saturating_add(lcb as usize))
        .ok_or_else(|| broken("文本索引（CLX）超出文件范围"))?;
    let mut at = 0usize;
    while clx.get(at) == Some(&0x01) {
        let cb = u16_at(clx, at + 1).ok_or_else(|| broken("CLX 不完整"))? as usize;
        at += 3 + cb;
    }
    if clx.get(at) != Some(&0x02) {
        return Err(broken("找不到文本索引（PlcPcd）"));
    }
    let lcb = u32_at(clx, at + 1).ok_or_else(|| broken("PlcPcd 不完整"))? as usize;
    let plc = clx
        .get(at + 5..(at + 5).saturating_add(lcb))
        .ok_or_else(|| broken("PlcPcd 超出范围"))?;
    if plc.len() < 4 || (plc.len() - 4) % 12 != 0 {
        return Err(broken("PlcPcd 长度不对"));
    }
    let n = (plc.len() - 4) / 12;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp = u32_at(plc, i * 4).ok_or_else(|| broken("PlcPcd"))?;
        let next = u32_at(plc, (i + 1) * 4).ok_or_else(|| broken("PlcPcd"))?;
        let raw = u32_at(plc, (n + 1) * 4 + i * 8 + 2).ok_or_else(|| broken("PlcPcd"))?;
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        out.push(Piece {
            cp,
            len: next.saturating_sub(cp),
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(out)
}

/// The main text as UTF-16 units, one per character position, with the piece each came from.
fn text_units(doc: &[u8], pieces: &[Piece], ccp_text: u32) -> Result<Vec<u16>, Problem> {
    let mut units = Vec::with_capacity(ccp_text.min(32 << 20) as usize);
    for p in pieces {
        if p.cp >= ccp_text {
            break;
        }
        let len = p.len.min(ccp_text - p.cp) as usize;
        let start = p.fc as usize;
        if p.compressed {
            let bytes = doc
                .get(start..start.saturating_add(len))
                .ok_or_else(|| broken("文本超出文件范围"))?;
            units.extend(bytes.iter().map(|&b| cp1252(b)));
        } else {
            let bytes = doc
                .get(start..start.saturating_add(len * 2))
                .ok_or_else(|| broken("文本超出文件范围"))?;
            units.extend(
                bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]])),
            );
        }
    }
    Ok(units)
}

/// A byte of a compressed piece (Windows-1252).
fn cp1252(b: u8) -> u16 {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as u16,
    }
}

/// Paragraph runs from the FKPs, sorted by fc, and the row layouts they refer to.
#[derive(Default)]
struct Runs {
    /// `(first fc, end fc, properties)`.
    runs: Vec<(u32, u32, Para)>,
    defs: Vec<RowDef>,
}

fn paragraph_runs(doc: &[u8], table: &[u8], (fc, lcb): (u32, u32)) -> Runs {
    let mut out = Runs::default();
    let Some(plc) = table.get(fc as usize..(fc as usize).saturating_add(lcb as usize)) else {
        return out;
    };
    if plc.len() < 4 || (plc.len() - 4) % 8 != 0 {
        return out;
    }
    let n = (plc.len() - 4) / 8;
    for i in 0..n {
        let Some(pn) = u32_at(plc, (n + 1) * 4 + i * 4) else {
            continue;
        };
        let at = (pn & 0x3F_FFFF) as usize * 512;
        let Some(page) = doc.get(at..at + 512) else {
            continue;
        };
        let crun = page[511] as usize;
        for r in 0..crun {
            let (Some(start), Some(end)) = (u32_at(page, r * 4), u32_at(page, (r + 1) * 4)) else {
                break;
            };
            let b_offset = page.get(4 * (crun + 1) + 13 * r).copied().unwrap_or(0) as usize;
            let para = if b_offset == 0 {
                Para::default()
            } else {
                papx(page, b_offset * 2, &mut out.defs)
            };
            out.runs.push((start, end, para));
        }
    }
    out.runs.sort_by_key(|r| r.0);
    out
}

/// Reads a PapxInFkp at `at` of an FKP page.
fn papx(page: &[u8], at: usize, defs: &mut Vec<RowDef>) -> Para {
    let Some(&cb) = page.get(at) else {
        return Para::default();
    };
    let (start, len) = if cb == 0 {
        (at + 2, 2 * page.get(at + 1).copied().unwrap_or(0) as usize)
    } else {
        (at + 1, 2 * cb as usize - 1)
    };
    // The first two bytes are the style (istd); the sprms follow.
    let mut p = match page.get(start + 2..(start + len).min(page.len())) {
        Some(grpprl) => sprms(grpprl, defs),
        None => Para::default(),
    };
    p.istd = u16_at(page, start).unwrap_or(0);
    p
}

/// The table-related paragraph properties of a list of sprms.
fn sprms(grpprl: &[u8], defs: &mut Vec<RowDef>) -> Para {
    let mut p = Para::default();
    let mut at = 0usize;
    while let Some(sprm) = u16_at(grpprl, at) {
        let op = at + 2;
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match sprm {
                // sprmTDefTable: a two-byte size (one more than the bytes that follow it).
                0xD608 => u16_at(grpprl, op).map_or(usize::MAX, |cb| 2 + cb as usize - 1),
                // sprmPChgTabs may say 255 and size itself; no table reading needs it.
                _ => grpprl.get(op).map_or(usize::MAX, |&cb| 1 + cb as usize),
            },
        };
        let Some(operand) = grpprl.get(op..op.saturating_add(size)) else {
            break;
        };
        match sprm {
            0x2416 => p.in_table = operand[0] != 0,
            0x2417 => p.row_end = operand[0] != 0,
            0x6649 => p.depth = u32_at(operand, 0).unwrap_or(0),
            0x460B => {
                p.ilfo = u16_at(operand, 0).unwrap_or(0);
                p.own_list = true;
            }
            0x260A => {
                p.ilvl = operand[0];
                p.own_level = true;
            }
            0xD608 => {
                p.row_def = Some(defs.len());
                defs.push(row_def(operand));
            }
            _ => {}
        }
        at = op + size;
    }
    if p.in_table && p.depth == 0 {
        p.depth = 1;
    }
    p.in_table |= p.depth > 0;
    p
}

/// A sprmTDefTable operand: cell edges, and which cells continue the cell above
/// (vertMerge = 1).
fn row_def(operand: &[u8]) -> RowDef {
    let mut def = RowDef::default();
    let Some(&cells) = operand.get(2) else {
        return def;
    };
    let cells = cells as usize;
    for e in 0..=cells {
        match u16_at(operand, 3 + e * 2) {
            Some(x) => def.edges.push(x as i16),
            None => {
                def.edges.clear();
                break;
            }
        }
    }
    let tcs = 3 + (cells + 1) * 2;
    for c in 0..cells.min(64) {
        let Some(flags) = u16_at(operand, tcs + c * 20) else {
            break;
        };
        if (flags >> 5) & 0b11 == 1 {
            def.continues |= 1 << c;
        }
    }
    def
}

/// Builds blocks from the text and paragraph properties.
#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    para: String,
    cell: String,
    row: Vec<String>,
    /// The table's rows so far, each with its cell edges (empty when unknown).
    rows: Vec<(Vec<String>, Vec<i16>)>,
}

impl Builder {
    fn paragraph(&mut self, mark: u16, p: Para, defs: &[RowDef]) {
        let text = std::mem::take(&mut self.para);
        if !p.in_table {
            self.flush_table();
            for line in text.split('\n') {
                let line = line.trim();
                if !line.is_empty() {
                    self.blocks.push(Block::Paragraph(line.to_string()));
                }
            }
            return;
        }
        if mark == 0x07 && p.row_end && p.depth <= 1 {
            let def = p.row_def.and_then(|i| defs.get(i));
            let mut row = std::mem::take(&mut self.row);
            let continues = def.map_or(0, |d| d.continues);
            for (col, cell) in row.iter_mut().enumerate() {
                if col < 64 && continues & (1 << col) != 0 && cell.is_empty() {
                    if let Some(above) = self.rows.last().and_then(|r| r.0.get(col)) {
                        cell.clone_from(above);
                    }
                }
            }
            let edges = def
                .filter(|d| d.edges.len() == row.len() + 1)
                .map(|d| d.edges.clone())
                .unwrap_or_default();
            if row.iter().any(|c| !c.trim().is_empty()) {
                self.rows.push((row, edges));
            }
            return;
        }
        let text = text.trim();
        if !text.is_empty() {
            if !self.cell.is_empty() {
                self.cell.push('\n');
            }
            self.cell.push_str(text);
        }
        if mark == 0x07 && p.depth <= 1 {
            let cell = std::mem::take(&mut self.cell);
            self.row.push(cell);
        }
    }

    /// Ends the table being built: a cell spanning several columns of the table's grid is
    /// followed by empty cells, as the .docx reader does, so that columns line up.
    fn flush_table(&mut self) {
        if !self.cell.is_empty() {
            let cell = std::mem::take(&mut self.cell);
            self.row.push(cell);
        }
        if !self.row.is_empty() {
            let row = std::mem::take(&mut self.row);
            if row.iter().any(|c| !c.trim().is_empty()) {
                self.rows.push((row, Vec::new()));
            }
        }
        if self.rows.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.rows);
        let mut grid: Vec<i16> = rows.iter().flat_map(|r| r.1.iter().copied()).collect();
        grid.sort_unstable();
        // Edges a few twips apart are the same column line.
        grid.dedup_by(|a, b| (*a as i32 - *b as i32).abs() <= 20);
        let table = rows
            .into_iter()
            .map(|(cells, edges)| {
                if edges.is_empty() {
                    return cells;
                }
                let mut out = Vec::with_capacity(grid.len());
                for (c, cell) in cells.into_iter().enumerate() {
                    let (left, right) = (edges[c] as i32 + 20, edges[c + 1] as i32 - 20);
                    let span = grid
                        .iter()
                        .filter(|&&g| (g as i32) > left && (g as i32) < right)
                        .count();
                    out.push(cell);
                    out.extend(std::iter::repeat_n(String::new(), span.min(64)));
                }
                out
            })
            .collect();
        self.blocks.push(Block::Table(table));
    }
}

fn blocks(bytes: &[u8]) -> Result<Vec<Block>, Problem> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| broken(format!("复合文档结构损坏：{e}")))?;
    if super::workbook::is_encrypted_ole(bytes) {
        return Err(Problem::Encrypted);
    }
    let Some(doc) = stream(&mut cfb, "WordDocument")? else {
        if cfb.is_stream("Workbook") || cfb.is_stream("Book") {
            return Err(Problem::Workbook);
        }
        return Err(Problem::NotWord97);
    };
    let fib = fib(&doc)?;
    let table_name = if fib.table_1 { "1Table" } else { "0Table" };
    let table =
        stream(&mut cfb, table_name)?.ok_or_else(|| broken(format!("缺少 {table_name} 数据流")))?;
    let pieces = pieces(&table, fib.clx)?;
    let units = text_units(&doc, &pieces, fib.ccp_text)?;
    let runs = paragraph_runs(&doc, &table, fib.bte_papx);
    let mut lists = Lists::read(&table, fib.plf_lst, fib.plf_lfo);
    let styles = Styles::read(&table, fib.stsh);
    let props_at = |cp: u32| -> Para {
        let i = pieces.partition_point(|p| p.cp <= cp);
        let Some(piece) = i.checked_sub(1).and_then(|i| pieces.get(i)) else {
            return Para::default();
        };
        let fc = piece.fc_of(cp);
        let r = runs.runs.partition_point(|r| r.0 <= fc);
        match r.checked_sub(1).and_then(|r| runs.runs.get(r)) {
            Some(&(_, end, p)) if fc < end => p,
            _ => Para::default(),
        }
    };
    let mut b = Builder::default();
    // Per open field: whether its result (after \x14) has begun.
    let mut fields: Vec<bool> = Vec::new();
    let mut cp = 0u32;
    for c in char::decode_utf16(units.iter().copied()) {
        let c = c.unwrap_or('\u{FFFD}');
        let at = cp;
        cp += c.len_utf16() as u32;
        match c {
            '\u{13}' => fields.push(false),
            '\u{14}' => {
                if let Some(result) = fields.last_mut() {
                    *result = true;
                }
            }
            '\u{15}' => {
                fields.pop();
            }
            '\r' | '\u{7}' | '\u{c}' => {
                let props = props_at(at);
                // Word's automatic numbering: the number is drawn, not written in the text; a
                // paragraph that names no list is numbered by its style's, if any.
                let list = if props.own_list {
                    Some((props.ilfo, props.ilvl))
                } else {
                    styles
                        .list_of(props.istd)
                        .map(|(ilfo, ilvl)| (ilfo, if props.own_level { props.ilvl } else { ilvl }))
                };
                if let Some((ilfo, ilvl)) = list.filter(|(ilfo, _)| *ilfo != 0 && !props.row_end) {
                    if let Some(label) = lists.label(ilfo, ilvl) {
                        // In a table the number alone is a cell's text (a 序号 column).
                        if !b.para.trim().is_empty() || props.in_table {
                            b.para.insert_str(0, &label);
                        }
                    }
                }
                b.paragraph(c as u16, props, &runs.defs)
            }
            _ if fields.iter().any(|r| !r) => {}
            '\u{b}' => b.para.push('\n'),
            '\t' => b.para.push('\t'),
            '\u{1e}' => b.para.push('-'),
            '\u{a0}' => b.para.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFD}' => {}
            c => b.para.push(c),
        }
    }
    b.paragraph('\r' as u16, Para::default(), &runs.defs);
    b.flush_table();
    Ok(b.blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bytes` with every paragraph's own list (sprmPIlfo in the FKPs of WordDocument) turned
    /// into sprmPIstd, which no reader here uses: only the styles then number paragraphs.
    fn without_own_lists(bytes: &[u8]) -> Vec<u8> {
        let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).unwrap();
        let mut doc = stream(&mut cfb, "WordDocument").ok().flatten().unwrap();
        let fib = fib(&doc).ok().unwrap();
        let table = stream(&mut cfb, "1Table").ok().flatten().unwrap();
        let (fc, lcb) = fib.bte_papx;
        let plc = &table[fc as usize..(fc + lcb) as usize];
        let n = (plc.len() - 4) / 8;
        for k in 0..n {
            let pn = u32_at(plc, (n + 1) * 4 + k * 4).unwrap() & 0x003F_FFFF;
            let page = &mut doc[pn as usize * 512..pn as usize * 512 + 512];
            for i in 0..page.len() - 1 {
                if page[i..i + 2] == [0x0B, 0x46] {
                    page[i] = 0x00;
                }
            }
        }
        let mut out = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        std::io::Write::write_all(&mut out.create_stream("WordDocument").unwrap(), &doc).unwrap();
        std::io::Write::write_all(&mut out.create_stream("1Table").unwrap(), &table).unwrap();
        out.flush().unwrap();
        let patched = out.into_inner().into_inner();
        let runs = paragraph_runs(&doc, &table, fib.bte_papx);
        assert!(
            runs.runs.iter().all(|r| !r.2.own_list),
            "a paragraph list is left"
        );
        assert!(runs.runs.iter().any(|r| r.2.istd != 0));
        patched
    }

    /// Left from last session: a .doc whose numbers come only from its paragraph styles lost
    /// them. LibreOffice writes a style's list on its paragraphs too; with those taken out the
    /// styles alone number the paragraphs, as Word's own files do.
    #[test]
    fn paragraphs_numbered_only_by_their_style_keep_their_numbers() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/plan_import/style_numbered_libreoffice.doc");
        let bytes = std::fs::read(path).unwrap();
        let original = paragraphs(&bytes);
        for numbered in [
            "二、主要任务",
            "1.规范行政复议受理窗口建设",
            "3.落实行政机关负责人",
        ] {
            assert!(
                original.iter().any(|p| p.starts_with(numbered)),
                "{numbered}: {original:?}"
            );
        }
        assert_eq!(paragraphs(&without_own_lists(&bytes)), original);
    }

    #[test]
    fn sprms_find_table_marks_past_a_table_definition() {
        // sprmTDefTable with 2 cells, the second continuing the cell above; then sprmPFInTable
        // and sprmPFTtp.
        let mut tdef = vec![0x08, 0xD6];
        let body_len = 1 + 3 * 2 + 2 * 20;
        tdef.extend_from_slice(&((body_len + 1) as u16).to_le_bytes());
        tdef.push(2);
        tdef.extend_from_slice(&[0; 6]);
        let mut tc = [0u8; 40];
        tc[20] = 1 << 5;
        tdef.extend_from_slice(&tc);
        let grpprl = [tdef, vec![0x16, 0x24, 1, 0x17, 0x24, 1]].concat();
        let mut defs = Vec::new();
        let p = sprms(&grpprl, &mut defs);
        assert!(p.in_table && p.row_end);
        assert_eq!(p.depth, 1);
        assert_eq!(p.row_def, Some(0));
        assert_eq!(defs[0].continues, 0b10);
        assert_eq!(defs[0].edges, vec![0, 0, 0]);
    }

    #[test]
    fn truncated_sprms_stop_without_panicking() {
        let mut defs = Vec::new();
        assert_eq!(sprms(&[0x16], &mut defs), Para::default());
        assert_eq!(sprms(&[0x08, 0xD6, 0xFF, 0xFF], &mut defs), Para::default());
        assert_eq!(sprms(&[0x15, 0xC6], &mut defs), Para::default());
    }

    /// A minimal Word 97 file: the FIB, the text in `pieces` (UTF-16, or cp1252 when the flag
    /// says compressed) and a CLX in 1Table; no paragraph properties.
    fn build(pieces: &[(&str, bool)], flags: u16, n_fib: u16) -> Vec<u8> {
        let mut doc = vec![0u8; 1024];
        doc[0..2].copy_from_slice(&WORD_IDENT.to_le_bytes());
        doc[2..4].copy_from_slice(&n_fib.to_le_bytes());
        doc[0x0A..0x0C].copy_from_slice(&(flags | FLAG_TABLE_1).to_le_bytes());
        doc[32..34].copy_from_slice(&14u16.to_le_bytes());
        doc[62..64].copy_from_slice(&22u16.to_le_bytes());
        doc[152..154].copy_from_slice(&93u16.to_le_bytes());
        let (mut cps, mut pcds) = (vec![0u32], Vec::new());
        for (text, compressed) in pieces {
            let fc = doc.len() as u32;
            let n = if *compressed {
                doc.extend(text.chars().map(|c| c as u8));
                pcds.push((fc * 2) | 0x4000_0000);
                text.chars().count()
            } else {
                let units: Vec<u16> = text.encode_utf16().collect();
                doc.extend(units.iter().flat_map(|u| u.to_le_bytes()));
                pcds.push(fc);
                units.len()
            };
            cps.push(cps.last().copied().unwrap_or(0) + n as u32);
        }
        let ccp = cps.last().copied().unwrap_or(0);
        doc[76..80].copy_from_slice(&ccp.to_le_bytes());
        let mut plc: Vec<u8> = cps.iter().flat_map(|c| c.to_le_bytes()).collect();
        for fc in pcds {
            plc.extend([0, 0]);
            plc.extend(fc.to_le_bytes());
            plc.extend([0, 0]);
        }
        let mut clx = vec![0x01, 2, 0, 0xAA, 0xBB, 0x02];
        clx.extend((plc.len() as u32).to_le_bytes());
        clx.extend(plc);
        let mut table = vec![0u8; 16];
        let fc_clx = table.len() as u32;
        table.extend(&clx);
        doc[418..422].copy_from_slice(&fc_clx.to_le_bytes());
        doc[422..426].copy_from_slice(&(clx.len() as u32).to_le_bytes());
        let mut out = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        std::io::Write::write_all(&mut out.create_stream("WordDocument").unwrap(), &doc).unwrap();
        std::io::Write::write_all(&mut out.create_stream("1Table").unwrap(), &table).unwrap();
        out.flush().unwrap();
        out.into_inner().into_inner()
    }

    fn paragraphs(bytes: &[u8]) -> Vec<String> {
        read(bytes, "方案.doc")
            .unwrap()
            .blocks
            .into_iter()
            .map(|b| match b {
                Block::Paragraph(p) => p,
                Block::Table(t) => format!("{t:?}"),
            })
            .collect()
    }

    #[test]
    fn utf16_and_compressed_pieces_join_in_order_with_fields_reduced_to_results() {
        let doc = build(
            &[
                ("一、总体要求\r1. 完善制度", false),
                (
                    " (see \u{13} HYPERLINK \"http://x\" \u{14}link\u{15})\r",
                    true,
                ),
                (
                    "（牵头单位：示例县司法局）\u{b}完成时限：2025年6月底前\r\u{c}",
                    false,
                ),
            ],
            0,
            NFIB_WORD97,
        );
        assert_eq!(
            paragraphs(&doc),
            vec![
                "一、总体要求",
                "1. 完善制度 (see link)",
                "（牵头单位：示例县司法局）",
                "完成时限：2025年6月底前",
            ]
        );
    }

    #[test]
    fn encrypted_old_and_empty_documents_are_refused_with_their_reason() {
        let text = [("1. 完善制度\r", false)];
        let kind = |bytes: &[u8]| match read(bytes, "方案.doc") {
            Err(FileError::EncryptedDocument { .. }) => "encrypted",
            Err(FileError::LegacyFormat { .. }) => "legacy",
            Err(FileError::Empty { .. }) => "empty",
            Err(FileError::BrokenDoc { .. }) => "broken",
            Err(_) => "other",
            Ok(_) => "read",
        };
        assert_eq!(
            kind(&build(&text, FLAG_ENCRYPTED, NFIB_WORD97)),
            "encrypted"
        );
        assert_eq!(kind(&build(&text, 0, 0x0068)), "legacy");
        assert_eq!(
            kind(&build(&[("\r\r \u{7}\r", false)], 0, NFIB_WORD97)),
            "empty"
        );
        let mut cut = build(&text, 0, NFIB_WORD97);
        cut.truncate(cut.len() / 2);
        assert_eq!(kind(&cut), "broken");
        assert_eq!(kind(&build(&text, 0, NFIB_WORD97)), "read");
    }

    #[test]
    fn compressed_bytes_are_windows_1252() {
        assert_eq!(cp1252(b'A'), 'A' as u16);
        assert_eq!(cp1252(0x93), 0x201C);
        assert_eq!(cp1252(0xE9), 0xE9);
    }
}

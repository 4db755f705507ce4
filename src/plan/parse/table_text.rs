//! Task tables that lost their structure when copied from a web page: a header line such as
//! "序号 工作内容 责任部门 完成时限" (or spaced out as "工 作 内 容") followed by rows on lines of
//! their own or run together, cells separated by spaces or `|`. They are turned back into
//! tables before the plan is read.

use crate::assign;
use crate::document::columns::{column_of_key, Column};
use crate::document::word::{table_cells, Block, Document};

/// The columns of a header written as text, and where the text after it starts (byte offset).
fn header_of(line: &str) -> Option<(Vec<Column>, Vec<String>, usize)> {
    // Each non-space character with its byte offset, so that "工 作 内 容" reads as 工作内容.
    // A header is a few short words: only the start of the line is looked at.
    let chars: Vec<(usize, char)> = line
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace() && !matches!(c, '|' | '｜'))
        .take(80)
        .collect();
    let mut columns = Vec::new();
    let mut names = Vec::new();
    let mut i = 0;
    'next: while i < chars.len() {
        for len in (1..=8).rev() {
            if i + len > chars.len() {
                continue;
            }
            let word: String = chars[i..i + len].iter().map(|(_, c)| *c).collect();
            let column = column_of_key(&word);
            if column != Column::Other && column != Column::Progress && len >= 2 {
                columns.push(column);
                names.push(word);
                i += len;
                continue 'next;
            }
        }
        break;
    }
    let has_title = columns.contains(&Column::Title);
    let others = columns
        .iter()
        .filter(|c| {
            matches!(
                c,
                Column::Code | Column::Lead | Column::Co | Column::Responsible | Column::Deadline
            )
        })
        .count();
    if !(has_title && others >= 2 && columns.len() >= 3) {
        return None;
    }
    let rest = chars.get(i).map_or(line.len(), |(b, _)| *b);
    Some((columns, names, rest))
}

/// "3" / "3." / "3、" as a row number; with the text glued after it ("3.开展…").
fn row_number(token: &str) -> Option<(u32, &str)> {
    let digits = token.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let n = token[..digits].parse().ok()?;
    let rest = token[digits..].trim_start_matches(['.', '、', '．']);
    if rest.starts_with(|c: char| c.is_ascii_digit() || c == '月' || c == '年' || c == '日') {
        return None;
    }
    Some((n, rest))
}

/// Cells of one row from its tokens (row number taken off), by the header's columns: the
/// columns right of the title take units, a deadline or one word from the end; the title takes
/// what is left.
fn row_cells(columns: &[Column], code: u32, tokens: &[String]) -> Vec<String> {
    let mut cells = vec![String::new(); columns.len()];
    let Some(title_at) = columns.iter().position(|c| *c == Column::Title) else {
        return cells;
    };
    if let Some(code_at) = columns.iter().position(|c| *c == Column::Code) {
        cells[code_at] = code.to_string();
    }
    let mut lo = 0;
    let mut hi = tokens.len();
    for (k, column) in columns.iter().enumerate().take(title_at) {
        if *column != Column::Code && lo < hi {
            cells[k] = tokens[lo].clone();
            lo += 1;
        }
    }
    for k in (title_at + 1..columns.len()).rev() {
        match columns[k] {
            Column::Deadline => {
                if hi > lo + 1 && assign::is_deadline_text(&tokens[hi - 1]) {
                    cells[k] = tokens[hi - 1].clone();
                    hi -= 1;
                }
            }
            Column::Lead | Column::Co | Column::Responsible => {
                let mut start = hi;
                while start > lo + 1
                    && (assign::looks_like_unit(&tokens[start - 1])
                        || assign::is_group_phrase(&tokens[start - 1]))
                {
                    start -= 1;
                }
                cells[k] = tokens[start..hi].join("、");
                hi = start;
            }
            Column::Code => {}
            _ => {
                if hi > lo + 1 {
                    cells[k] = tokens[hi - 1].clone();
                    hi -= 1;
                }
            }
        }
    }
    cells[title_at] = tokens[lo..hi].concat();
    cells
}

/// Splits the text of rows run together into rows, each starting at the next row number.
fn rows_of(columns: &[Column], text: &str, rows: &mut Vec<Vec<String>>, next: &mut u32) {
    let mut tokens: Vec<String> = Vec::new();
    let mut current: Option<u32> = None;
    let flush = |current: Option<u32>, tokens: &mut Vec<String>, rows: &mut Vec<Vec<String>>| {
        if let Some(code) = current {
            if !tokens.is_empty() {
                rows.push(row_cells(columns, code, tokens));
            }
        }
        tokens.clear();
    };
    for token in text
        .split(|c: char| c.is_whitespace() || c == '|' || c == '｜')
        .filter(|t| !t.is_empty())
    {
        if let Some((n, rest)) = row_number(token).filter(|(n, _)| *n == *next) {
            flush(current, &mut tokens, rows);
            current = Some(n);
            *next += 1;
            if !rest.is_empty() {
                tokens.push(rest.to_string());
            }
            continue;
        }
        if current.is_some() {
            tokens.push(token.to_string());
        }
    }
    flush(current, &mut tokens, rows);
}

/// The document with task tables written as text turned back into tables. Paragraphs from a
/// recognised header line up to the first line that is neither a row nor part of one stay
/// table rows; everything else is left as it was.
pub(super) fn recover(doc: &Document) -> Option<Document> {
    let any = doc.blocks.iter().any(|b| match b {
        Block::Paragraph(p) => header_of(p).is_some(),
        Block::Table(rows) => rows.first().is_some_and(|r| {
            r.len() >= 6 && header_of(&r.join("|")).is_some_and(|h| h.1.len() < r.len())
        }),
    });
    if !any {
        return None;
    }
    let mut blocks: Vec<Block> = Vec::with_capacity(doc.blocks.len());
    let mut found = false;
    let mut i = 0;
    while i < doc.blocks.len() {
        let block = &doc.blocks[i];
        i += 1;
        let line = match block {
            Block::Paragraph(p) => p.clone(),
            // A `|` table whose header row runs on into the rows ("序号|工作内容|…|1|…|2|…").
            Block::Table(rows) if rows.first().is_some_and(|r| r.len() >= 6) => rows
                .iter()
                .map(|r| r.join("|"))
                .collect::<Vec<_>>()
                .join("|"),
            Block::Table(_) => {
                blocks.push(block.clone());
                continue;
            }
        };
        let Some((columns, names, rest)) = header_of(&line) else {
            blocks.push(block.clone());
            continue;
        };
        let header_cells = names.len();
        let mut rows: Vec<Vec<String>> = vec![names];
        let mut next = 1;
        rows_of(&columns, &line[rest..], &mut rows, &mut next);
        if let Block::Table(t) = block {
            // A header that fills its row is a table as it should be.
            if t.first().is_some_and(|r| r.len() <= header_cells) || rows.len() == 1 {
                blocks.push(block.clone());
                continue;
            }
        }
        // Following lines that start with the next row number are rows too, whether their
        // cells are separated by spaces or by | (then they were read as a table of their own).
        while let Some(b) = doc.blocks.get(i) {
            let text = match b {
                Block::Paragraph(p) => p.clone(),
                Block::Table(t) => t.iter().map(|r| r.join("|")).collect::<Vec<_>>().join("|"),
            };
            let first = text
                .split(|c: char| c.is_whitespace() || c == '|')
                .find(|t| !t.is_empty())
                .unwrap_or_default();
            if row_number(first).is_none_or(|(n, _)| n != next) {
                break;
            }
            rows_of(&columns, &text, &mut rows, &mut next);
            i += 1;
        }
        if rows.len() > 1 {
            found = true;
            blocks.push(Block::Table(rows));
        } else {
            blocks.push(block.clone());
        }
    }
    found.then(|| Document {
        name: doc.name.clone(),
        blocks,
        wrapped: doc.wrapped,
    })
}

/// The document with runs of paragraphs written as `|`- or tab-separated rows turned into
/// tables, as a .txt is read: a .docx or .doc made from a copied page keeps such rows as
/// paragraphs.
pub(super) fn pipe_tables(doc: &Document) -> Option<Document> {
    let rows_of = |b: &Block| match b {
        Block::Paragraph(p) => table_cells(p.trim()),
        Block::Table(_) => None,
    };
    if !doc.blocks.iter().any(|b| rows_of(b).is_some()) {
        return None;
    }
    let mut blocks: Vec<Block> = Vec::with_capacity(doc.blocks.len());
    let mut table: Vec<Vec<String>> = Vec::new();
    for block in &doc.blocks {
        if let Some(cells) = rows_of(block) {
            table.push(cells);
            continue;
        }
        if !table.is_empty() {
            blocks.push(Block::Table(std::mem::take(&mut table)));
        }
        blocks.push(block.clone());
    }
    if !table.is_empty() {
        blocks.push(Block::Table(table));
    }
    Some(Document {
        name: doc.name.clone(),
        blocks,
        wrapped: doc.wrapped,
    })
}

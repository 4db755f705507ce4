//! A web page saved with a Word name (`.doc` downloaded from a government site, Word's "save
//! as web page"): its text read into paragraphs and tables. Block tags end paragraphs, `<td>` /
//! `<th>` are cells and `<tr>` rows; `<script>`, `<style>`, `<head>` and comments are dropped;
//! character references are decoded.

use super::word::{Block, Document};

/// Whether decoded text is an HTML page rather than plain text.
pub fn is_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        && [
            "<html",
            "<!doctype html",
            "<body",
            "<meta",
            "<table",
            "<p>",
            "<p ",
        ]
        .iter()
        .any(|t| head.contains(t))
}

/// Tags whose start or end ends a paragraph.
const BLOCK_TAGS: [&str; 17] = [
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "title",
    "blockquote",
    "section",
    "article",
];

/// Reads an HTML page into a [`Document`].
pub fn document(text: &str, name: &str) -> Document {
    let mut b = Builder::default();
    let lower = text.to_ascii_lowercase();
    let mut at = 0usize;
    while at < text.len() {
        let Some(lt) = text[at..].find('<').map(|i| at + i) else {
            b.text(&text[at..]);
            break;
        };
        b.text(&text[at..lt]);
        if lower[lt..].starts_with("<!--") {
            at = lower[lt..].find("-->").map_or(text.len(), |i| lt + i + 3);
            continue;
        }
        let Some(gt) = text[lt..].find('>').map(|i| lt + i) else {
            break;
        };
        let tag = &lower[lt + 1..gt];
        let closing = tag.starts_with('/');
        let tag_name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        at = gt + 1;
        match tag_name.as_str() {
            "script" | "style" | "head" if !closing => {
                let end = format!("</{tag_name}");
                at = lower[at..].find(&end).map_or(text.len(), |i| at + i);
            }
            "td" | "th" if closing => b.end_cell(),
            "td" | "th" => b.start_cell(),
            "tr" if closing => b.end_row(),
            "tr" => b.end_cell(),
            "table" if closing => b.end_table(),
            t if BLOCK_TAGS.contains(&t) => b.break_line(),
            _ => {}
        }
    }
    b.end_table();
    b.break_line();
    Document {
        name: name.to_string(),
        blocks: b.blocks,
        wrapped: false,
    }
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    line: String,
    /// Inside a cell: its text so far.
    cell: Option<String>,
    row: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Builder {
    fn text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        let target = self.cell.as_mut().unwrap_or(&mut self.line);
        for c in decoded.chars() {
            let c = if c.is_whitespace() { ' ' } else { c };
            if c == ' ' && (target.is_empty() || target.ends_with([' ', '\n'])) {
                continue;
            }
            target.push(c);
        }
    }

    fn break_line(&mut self) {
        if let Some(cell) = self.cell.as_mut() {
            if !cell.trim().is_empty() && !cell.ends_with('\n') {
                cell.truncate(cell.trim_end().len());
                cell.push('\n');
            }
            return;
        }
        let line = std::mem::take(&mut self.line);
        if !line.trim().is_empty() {
            self.end_table();
            self.blocks.push(Block::Paragraph(line.trim().to_string()));
        }
    }

    fn start_cell(&mut self) {
        self.end_cell();
        if self.rows.is_empty() && self.row.is_empty() {
            self.break_line();
        }
        self.cell = Some(String::new());
    }

    fn end_cell(&mut self) {
        if let Some(cell) = self.cell.take() {
            self.row.push(cell.trim().to_string());
        }
    }

    fn end_row(&mut self) {
        self.end_cell();
        let row = std::mem::take(&mut self.row);
        if row.iter().any(|c| !c.is_empty()) {
            self.rows.push(row);
        }
    }

    fn end_table(&mut self) {
        self.end_row();
        if !self.rows.is_empty() {
            self.blocks
                .push(Block::Table(std::mem::take(&mut self.rows)));
        }
    }
}

/// Decodes `&amp;`, `&nbsp;`, `&#12345;`, `&#x4e00;` and the other common references; others
/// are kept as written.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|j| j + 1).filter(|&j| j <= 10);
        let decoded = end.and_then(|j| {
            let name = &rest[1..j];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" | "ensp" | "emsp" => Some(' '),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "lsquo" => Some('‘'),
                "rsquo" => Some('’'),
                "mdash" => Some('—'),
                "hellip" => Some('…'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, j + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_tables_come_out_in_order() {
        let page = "<html><head><title>x</title><style>p{}</style></head><body>\
            <p>示例县&nbsp;2025年方案</p><div>一、重点任务<br>1.&#23436;善制度。</div>\
            <!-- <p>注释</p> --><table><tr><th>序号</th><th>工作内容</th></tr>\
            <tr><td>1</td><td><p>开展评查</p><p>按月通报</p></td></tr></table>\
            <p>A &amp; B &unknown; &#x4e00;</p><script>var a = '<p>';</script></body></html>";
        assert!(is_html(page));
        assert_eq!(
            document(page, "方案.doc").blocks,
            vec![
                Block::Paragraph("示例县 2025年方案".into()),
                Block::Paragraph("一、重点任务".into()),
                Block::Paragraph("1.完善制度。".into()),
                Block::Table(vec![
                    vec!["序号".into(), "工作内容".into()],
                    vec!["1".into(), "开展评查\n按月通报".into()],
                ]),
                Block::Paragraph("A & B &unknown; 一".into()),
            ]
        );
    }

    #[test]
    fn plain_text_and_cut_tags_are_not_a_problem() {
        assert!(!is_html("1. 完善制度。<p>"));
        let cut = document("<html><body><p>1. 完善制度<td", "x.doc");
        assert_eq!(cut.blocks, vec![Block::Paragraph("1. 完善制度".into())]);
    }
}

//! Plans copied from traditional-character pages (責任單位, 牽頭) and from mirror sites that put
//! pinyin after some characters (發(fā)展): the parser reads a simplified copy without the pinyin,
//! and every string it found is then given back as the document wrote it.

use super::super::draft::PlanDraft;
use crate::document::word::{Block, Document};
use crate::plan::roster::document::DocumentRoster;

/// Lowercase pinyin letters, with tone marks, as mirror sites write them.
const PINYIN: &str = "abcdefghijklmnopqrstuvwxyzāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü";

/// The parsed text of a document aligned with its text as written.
pub(super) struct AsWritten {
    /// Every block's parsed text, concatenated.
    plain: String,
    /// Every block's text as written, concatenated.
    written: String,
    /// For each character of `plain`: its byte offset there, and the byte range it came from
    /// in `written` (pinyin after it included).
    chars: Vec<(usize, usize, usize)>,
    /// Where the last string was found: the draft lists strings in document order, so the next
    /// one is looked for from there first.
    cursor: std::cell::Cell<usize>,
}

/// One block's text without mirror pinyin, simplified, with each character's source range.
fn plain_text(text: &str) -> (String, Vec<(usize, usize)>, usize) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut kept = String::with_capacity(text.len());
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(chars.len());
    let mut garbage = 0;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c == '(' && i > 0 && is_han(chars[i - 1].1) {
            let letters = chars[i + 1..]
                .iter()
                .take_while(|(_, c)| PINYIN.contains(*c))
                .count();
            let close = chars.get(i + 1 + letters);
            if (1..=6).contains(&letters) && close.is_some_and(|(_, c)| *c == ')') {
                let end = close.map_or(text.len(), |(b, c)| b + c.len_utf8());
                if let Some(last) = ranges.last_mut() {
                    last.1 = end;
                }
                garbage += 1;
                i += letters + 2;
                continue;
            }
        }
        kept.push(c);
        ranges.push((at, at + c.len_utf8()));
        i += 1;
    }
    (fast2s::convert(&kept), ranges, garbage)
}

/// The text in simplified characters, mirror-site pinyin (發(fā)) removed: what the preview's
/// 转为简体 writes.
pub fn to_simplified(text: &str) -> String {
    plain_text(text).0
}

/// Characters only traditional text uses in the words plans are read by; sorted.
const TELLTALES: &[char] = &[
    '們', '動', '務', '區', '協', '員', '單', '實', '導', '廳', '應', '於', '時', '會', '機', '為',
    '現', '當', '發', '經', '縣', '與', '處', '負', '責', '辦', '進', '過', '鄉', '鎮', '長', '門',
    '開', '關', '頭', '體',
];

/// A quick look before the whole text is converted: a character that only traditional text
/// uses in the words plans are read by, or pinyin in brackets.
fn may_need_it(text: &str) -> bool {
    let telltale = |c: char| c > '\u{4e00}' && TELLTALES.binary_search(&c).is_ok();
    text.chars().any(telltale)
        || text.match_indices('(').any(|(i, _)| {
            text[i + 1..]
                .chars()
                .next()
                .is_some_and(|c| PINYIN.contains(c))
        })
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The document as the parser reads it when it is written in traditional characters or carries
/// mirror pinyin; `None` when it is plain simplified text (nothing to do).
pub(super) fn simplified(doc: &Document) -> Option<(Document, AsWritten)> {
    if !doc.blocks.iter().any(|b| match b {
        Block::Paragraph(p) => may_need_it(p),
        Block::Table(rows) => rows.iter().flatten().any(|c| may_need_it(c)),
    }) {
        return None;
    }
    let mut aligned = AsWritten {
        plain: String::new(),
        written: String::new(),
        chars: Vec::new(),
        cursor: std::cell::Cell::new(0),
    };
    let (mut han, mut changed, mut garbage) = (0usize, 0usize, 0usize);
    let mut convert = |text: &str| -> String {
        let (plain, ranges, g) = plain_text(text);
        garbage += g;
        let base = aligned.written.len();
        aligned.written.push_str(text);
        for ((c, (from, to)), (pb, _)) in plain.chars().zip(&ranges).zip(plain.char_indices()) {
            if is_han(c) {
                han += 1;
                if !text[*from..].starts_with(c) {
                    changed += 1;
                }
            }
            aligned
                .chars
                .push((aligned.plain.len() + pb, base + from, base + to));
        }
        aligned.plain.push_str(&plain);
        plain
    };
    let blocks: Vec<Block> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => Block::Paragraph(convert(p.trim())),
            Block::Table(rows) => Block::Table(
                rows.iter()
                    .map(|r| r.iter().map(|c| convert(c)).collect())
                    .collect(),
            ),
        })
        .collect();
    // A simplified plan may hold a few characters the converter maps (著, 乾): only a page
    // that is traditional or mirrored is read through the copy.
    if garbage < 3 && changed * 50 < han.max(1) {
        return None;
    }
    let plain_doc = Document {
        name: doc.name.clone(),
        blocks,
        wrapped: doc.wrapped,
    };
    Some((plain_doc, aligned))
}

impl AsWritten {
    /// The text as written that the parser's `found` came from; `found` itself when it is not
    /// a piece of the document (it was put together from several places).
    fn restore(&self, found: &str) -> String {
        if found.is_empty() {
            return String::new();
        }
        if let Some(whole) = self.written_of(found) {
            return whole;
        }
        found
            .split_inclusive(['\n', '；'])
            .map(|part| {
                let (body, sep) = match part.strip_suffix(['\n', '；']) {
                    Some(body) => (body, &part[body.len()..]),
                    None => (part, ""),
                };
                format!(
                    "{}{sep}",
                    self.written_of(body).unwrap_or_else(|| body.to_string())
                )
            })
            .collect()
    }

    fn written_of(&self, found: &str) -> Option<String> {
        if found.is_empty() {
            return None;
        }
        let from = self.cursor.get();
        let at = match self.plain.get(from..).and_then(|p| p.find(found)) {
            Some(i) => from + i,
            None => self.plain.find(found)?,
        };
        self.cursor.set(at);
        let end = at + found.len();
        let first = self.chars.binary_search_by_key(&at, |c| c.0).ok()?;
        let last = self.chars.partition_point(|c| c.0 < end).checked_sub(1)?;
        let (from, to) = (self.chars[first].1, self.chars.get(last)?.2);
        self.written.get(from..to).map(str::to_string)
    }

    fn restore_all<'a>(&self, strings: impl Iterator<Item = &'a mut String>) {
        for s in strings {
            *s = self.restore(s);
        }
    }

    /// Gives every string of the draft back as written.
    pub(super) fn restore_draft(&self, draft: &mut PlanDraft) {
        self.restore_all([&mut draft.title, &mut draft.doc_no, &mut draft.issuer].into_iter());
        self.restore_all(draft.sections.iter_mut().map(|s| &mut s.title));
        for t in &mut draft.tasks {
            self.restore_all(
                [&mut t.title, &mut t.requirements, &mut t.deadline_text]
                    .into_iter()
                    .chain(t.lead.iter_mut())
                    .chain(t.co.iter_mut())
                    .chain(t.responsible.iter_mut()),
            );
        }
        for p in &mut draft.phases {
            self.restore_all([&mut p.name, &mut p.range_text, &mut p.description].into_iter());
        }
        if let Some(r) = &mut draft.report_rule {
            r.text = self.restore(&r.text);
        }
        for m in &mut draft.group {
            self.restore_all([&mut m.name, &mut m.title, &mut m.org].into_iter());
        }
    }

    /// Gives a roster's names, titles, units, notes and member bodies back as written (roles
    /// stay the group's vocabulary: 组长, 成员 …).
    pub(super) fn restore_roster(&self, roster: &mut DocumentRoster) {
        for e in &mut roster.entries {
            self.restore_all(
                [
                    &mut e.member.name,
                    &mut e.member.title,
                    &mut e.member.org,
                    &mut e.note,
                ]
                .into_iter(),
            );
        }
        self.restore_all(roster.bodies.iter_mut());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_simplified_converts_and_drops_mirror_pinyin() {
        assert_eq!(
            to_simplified("牽頭單位：示例縣發(fā)展和改革局；完成時限：長期堅持"),
            "牵头单位：示例县发展和改革局；完成时限：长期坚持"
        );
        assert_eq!(to_simplified("县司法局(牵头)"), "县司法局(牵头)");
    }

    fn doc(lines: &[&str]) -> Document {
        Document {
            name: "示例.txt".into(),
            blocks: lines
                .iter()
                .map(|l| Block::Paragraph(l.to_string()))
                .collect(),
            wrapped: true,
        }
    }

    #[test]
    fn traditional_text_is_read_simplified_and_given_back_as_written() {
        let d = doc(&["1.推進示範創建工作。(牽頭單位:示例縣司法局;責任單位:示例縣審計局)"]);
        let (plain, aligned) = simplified(&d).expect("traditional");
        let Block::Paragraph(p) = &plain.blocks[0] else {
            panic!("paragraph")
        };
        assert!(
            p.contains("牵头单位:示例县司法局;责任单位:示例县审计局"),
            "{p}"
        );
        assert_eq!(aligned.restore("示例县审计局"), "示例縣審計局");
        assert_eq!(aligned.restore("推进示范创建工作"), "推進示範創建工作");
        assert_eq!(aligned.restore("不在文中"), "不在文中");
    }

    #[test]
    fn mirror_pinyin_is_skipped_and_kept_in_the_text_as_written() {
        let d = doc(&["示例經(jīng)開區(qū)管委會負責,加強聯(lián)動,做好發(fā)展工作。"]);
        let (plain, aligned) = simplified(&d).expect("mirror");
        let Block::Paragraph(p) = &plain.blocks[0] else {
            panic!("paragraph")
        };
        assert_eq!(p, "示例经开区管委会负责,加强联动,做好发展工作。");
        assert_eq!(
            aligned.restore("示例经开区管委会"),
            "示例經(jīng)開區(qū)管委會"
        );
        assert_eq!(aligned.restore("加强联动"), "加強聯(lián)動");
    }

    #[test]
    fn telltales_are_sorted_for_the_binary_search() {
        assert!(TELLTALES.windows(2).all(|w| w[0] < w[1]));
        assert!(may_need_it("牽頭單位") && may_need_it("发(fā)展"));
        assert!(!may_need_it("牵头单位：县司法局(一)"));
    }

    #[test]
    fn simplified_plans_and_ascii_brackets_are_left_alone() {
        let d = doc(&["1.显著提升依法行政水平(县司法局牵头)。", "(a)附表(b)"]);
        assert!(simplified(&d).is_none());
    }
}

//! How long a text the app accepts, in one place: every entry (CLI, window, plan / roster /
//! ledger import) checks its texts here before storing them, so that whatever is stored can
//! still be exported to Excel.
//!
//! Lengths are counted as Excel counts them, in UTF-16 units (a character outside the Basic
//! Multilingual Plane counts twice); for Chinese text that is the number of characters.

/// Excel's limit on the characters in one cell: progress texts, 任务要求, notes.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Titles: 任务名称, 方案名称, 章节名称, 职务, 完成时限 as written.
pub const MAX_TITLE_CHARS: usize = 500;
/// Names: 单位名称 and its aliases, 姓名, 联络员, 联系电话, 序号, 组内职务, 文号.
pub const MAX_NAME_CHARS: usize = 100;
/// Characters of an over-long text quoted in a message.
const PREVIEW_CHARS: usize = 20;

/// A text longer than its field allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}过长：有 {len} 个字符，最多 {max} 个字符（开头为“{preview}”）。请精简后再保存。")]
pub struct TooLong {
    /// The field as the clerk knows it (任务名称, 单位名称 …), with its place when imported.
    pub field: String,
    pub len: usize,
    pub max: usize,
    /// The first characters of the text, for finding it.
    pub preview: String,
}

/// The length of `text` as Excel counts it.
pub fn excel_len(text: &str) -> usize {
    // Cheap bound first: a UTF-8 string has at least as many bytes as UTF-16 units.
    if text.len() <= MAX_NAME_CHARS {
        return text.chars().map(char::len_utf16).sum();
    }
    text.encode_utf16().count()
}

/// Refuses `text` when it is longer than `max`; `field` names it in the message.
pub fn check(field: &str, text: &str, max: usize) -> Result<(), TooLong> {
    if text.len() <= max {
        return Ok(());
    }
    let len = excel_len(text);
    if len <= max {
        return Ok(());
    }
    Err(TooLong {
        field: field.to_string(),
        len,
        max,
        preview: preview(text),
    })
}

/// The first characters of `text` on one line, with `…` when cut: for quoting a text of any
/// length in a message.
pub fn preview(text: &str) -> String {
    clip(text, PREVIEW_CHARS)
}

/// `text` on one line, cut to at most `max` characters with `…` when longer.
pub fn clip(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = text
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c });
    for c in chars.by_ref().take(max) {
        out.push(c);
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_up_to_the_limit_pass_and_longer_ones_are_refused_with_a_short_quote() {
        assert!(check("任务名称", &"长".repeat(MAX_TITLE_CHARS), MAX_TITLE_CHARS).is_ok());
        let Err(e) = check("任务名称", &"长".repeat(40_000), MAX_TITLE_CHARS) else {
            panic!("40,000 characters accepted");
        };
        assert_eq!(e.len, 40_000);
        assert_eq!(e.preview, format!("{}…", "长".repeat(20)));
        let message = e.to_string();
        assert!(message.contains("任务名称过长"), "{message}");
        assert!(message.chars().count() < 120, "{message}");
    }

    #[test]
    fn astral_characters_count_twice_as_in_excel() {
        let text = "𠀀".repeat(MAX_CELL_CHARS / 2 + 1);
        assert_eq!(excel_len(&text), MAX_CELL_CHARS + 1);
        assert!(check("进展情况", &text, MAX_CELL_CHARS).is_err());
        assert_eq!(excel_len("𠀀a"), 3);
    }

    #[test]
    fn clip_keeps_one_line_and_marks_the_cut() {
        assert_eq!(clip("  短  ", 5), "短");
        assert_eq!(clip("a\nb\tc", 10), "a b c");
        assert_eq!(clip("一二三四", 2), "一二…");
    }
}

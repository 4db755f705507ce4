//! Small helpers shared by the readers that stream Office XML: quick-xml for Word documents
//! and plan workbooks, [`scan`] for returned ledgers.

use std::borrow::Cow;

use quick_xml::events::BytesRef;

pub(crate) mod scan;

/// The character an entity or character reference in text stands for (`&amp;`, `&#20013;`);
/// `None` for an entity XML does not predefine, which is dropped.
pub(crate) fn entity_char(r: &BytesRef<'_>) -> Option<char> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        _ => match &**r {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            "quot" => Some('"'),
            _ => None,
        },
    }
}

/// Whether `text` may hold an `_xHHHH_` escape (it has `_x`); cheaper than a substring search
/// for the short texts of cells.
pub(crate) fn has_ooxml_escape(text: &str) -> bool {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(at) = b[from..].iter().position(|&c| c == b'_') {
        if b.get(from + at + 1) == Some(&b'x') {
            return true;
        }
        from += at + 1;
    }
    false
}

/// Text with OOXML's `_xHHHH_` escapes decoded (Excel writes a carriage return as `_x000D_`,
/// other control characters alike; `_x005F_` escapes the underscore itself).
pub(crate) fn unescape_ooxml(text: &str) -> Cow<'_, str> {
    if !has_ooxml_escape(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let code = from
            .get(2..6)
            .filter(|_| from.as_bytes().get(6) == Some(&b'_'))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok());
        match code {
            Some(unit) => {
                out.push(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER));
                rest = &from[7..];
            }
            None => {
                out.push_str("_x");
                rest = &from[2..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ooxml_escapes_decode_and_lookalikes_stay() {
        assert_eq!(unescape_ooxml("进展_x000D_\n良好"), "进展\r\n良好");
        assert_eq!(unescape_ooxml("a_x005F_x000D_b"), "a_x000D_b");
        assert_eq!(unescape_ooxml("max_x"), "max_x");
        assert_eq!(unescape_ooxml("_xZZZZ_"), "_xZZZZ_");
        assert!(matches!(unescape_ooxml("普通文字"), Cow::Borrowed(_)));
    }
}

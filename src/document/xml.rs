//! Small helpers shared by the readers that stream Office XML: quick-xml for Word documents
//! and plan workbooks, [`scan`] for returned ledgers.

use std::borrow::Cow;

use quick_xml::events::BytesRef;

pub(crate) mod scan;

/// Whether an XML part declares a document type or entities (`<!DOCTYPE … <!ENTITY …>`), in
/// UTF-8 or UTF-16 of either byte order. Office never writes one; a part that does is refused
/// rather than read with its entities dropped (billion laughs, external entities).
///
/// One pass over the part for the rare `!`, since every returned ledger's parts go through it.
pub(crate) fn declares_dtd(xml: &[u8]) -> bool {
    const WORDS: [&[u8]; 2] = [b"DOCTYPE", b"ENTITY"];
    memchr::memchr_iter(b'!', xml).any(|i| {
        let (before, after) = (&xml[..i], &xml[i + 1..]);
        if before.ends_with(b"<") {
            WORDS.iter().any(|w| after.starts_with(w))
        } else if before.ends_with(b"<\0") {
            // UTF-16: `<\0!\0D\0…` (little-endian) and `\0<\0!\0D…` (big-endian) both put
            // `<\0` before the `!` and a zero byte before each letter after it.
            WORDS.iter().any(|w| {
                w.len() * 2 <= after.len()
                    && w.iter()
                        .enumerate()
                        .all(|(k, &b)| after[2 * k] == 0 && after[2 * k + 1] == b)
            })
        } else {
            false
        }
    })
}

/// A part of an Office zip that must not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BadPart {
    /// An XML part that declares a document type or entities.
    Dtd(String),
    /// A part that inflates beyond the limit (a zip bomb): its name and size in bytes.
    TooLarge(String, u64),
}

/// The first part of an Office zip that looks like XML and declares a document type or
/// entities (see [`declares_dtd`]), or that inflates beyond `limit` bytes. `Err` when the
/// archive or a part cannot be read (the caller's reader then reports it as broken).
pub(crate) fn zip_bad_part(bytes: &[u8], limit: u64) -> Result<Option<BadPart>, String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| e.to_string())?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let declared = entry.size();
        let mut entry = entry.take(limit + 1);
        // Only parts that look like XML are read on (pictures and other binaries are not).
        buf.clear();
        (&mut entry)
            .take(256)
            .read_to_end(&mut buf)
            .map_err(|e| e.to_string())?;
        let start = buf
            .iter()
            .position(|b| {
                !b.is_ascii_whitespace() && !matches!(b, 0 | 0xEF | 0xBB | 0xBF | 0xFE | 0xFF)
            })
            .and_then(|at| buf.get(at));
        if start != Some(&b'<') {
            continue;
        }
        if declared > limit {
            return Ok(Some(BadPart::TooLarge(name, declared)));
        }
        entry.read_to_end(&mut buf).map_err(|e| e.to_string())?;
        if buf.len() as u64 > limit {
            return Ok(Some(BadPart::TooLarge(name, buf.len() as u64)));
        }
        if declares_dtd(&buf) {
            return Ok(Some(BadPart::Dtd(name)));
        }
    }
    Ok(None)
}

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
    fn document_type_declarations_are_found_in_any_encoding() {
        assert!(declares_dtd(
            b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x/>"
        ));
        assert!(declares_dtd(b"<x/><!ENTITY a \"b\">"));
        let utf16: Vec<u8> = "<!DOCTYPE x><x/>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(declares_dtd(&utf16));
        let utf16be: Vec<u8> = "<!ENTITY a \"b\"><x/>"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(declares_dtd(&utf16be));
        assert!(!declares_dtd(b"<x>!DOCTYPE <y/>!</x>"));
        assert!(!declares_dtd(b"<![CDATA[x]]><x/>"));
        assert!(!declares_dtd(b"<x>&lt;!DOCTYPE&gt;</x>"));
        assert!(!declares_dtd(b"<?xml version=\"1.0\"?><!-- c --><x/>"));
    }

    #[test]
    fn ooxml_escapes_decode_and_lookalikes_stay() {
        assert_eq!(unescape_ooxml("进展_x000D_\n良好"), "进展\r\n良好");
        assert_eq!(unescape_ooxml("a_x005F_x000D_b"), "a_x000D_b");
        assert_eq!(unescape_ooxml("max_x"), "max_x");
        assert_eq!(unescape_ooxml("_xZZZZ_"), "_xZZZZ_");
        assert!(matches!(unescape_ooxml("普通文字"), Cow::Borrowed(_)));
    }
}

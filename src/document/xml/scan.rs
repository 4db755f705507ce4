//! A small pull tokenizer for the parts of an `.xlsx` a ledger is read from (worksheets,
//! shared strings, workbook, relationships, styles).
//!
//! A month's 30–200 returned ledgers are many small parts of a few kilobytes, where a general
//! XML reader spends most of its time per token (quick-xml validates UTF-8 and searches with
//! SIMD for every tag). This one validates the part once, then walks it byte by byte: tags,
//! end tags, text and CDATA come out as slices of the part; comments, processing instructions
//! and a document type declaration are skipped (an `.xlsx` has none, and entities a DOCTYPE
//! declares are never expanded). Text and attribute values are decoded on demand
//! ([`push_text`], [`attr_value`]) as XML 1.0 says: predefined entities, character
//! references and line ends. Like the readers it replaces it is lenient about end tags: values,
//! not well-formedness, are what a ledger is read for.

use std::borrow::Cow;

/// One token of a part, borrowing from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// `<name …>` or, when `empty`, `<name …/>`; `name` is the local name (no prefix) and
    /// `attrs` the raw text after the name.
    Start {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    /// `</name>`, by local name.
    End { name: &'a str },
    /// Character data between tags, undecoded (see [`push_text`]).
    Text(&'a str),
    /// The content of a CDATA section, literal.
    CData(&'a str),
}

/// Where and why a part is not XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScanError {
    /// Byte offset in the part.
    pub at: usize,
    pub what: &'static str,
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "XML 第 {} 字节处有误：{}", self.at, self.what)
    }
}

/// Tokens of one part, in document order.
pub(crate) struct Scanner<'a> {
    xml: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    /// A scanner over `bytes`, which must be UTF-8 (a byte-order mark is skipped).
    pub fn new(bytes: &'a [u8]) -> Result<Scanner<'a>, ScanError> {
        let xml = simdutf8::compat::from_utf8(bytes).map_err(|e| ScanError {
            at: e.valid_up_to(),
            what: "不是 UTF-8 编码",
        })?;
        let pos = if xml.starts_with('\u{feff}') { 3 } else { 0 };
        Ok(Scanner { xml, pos })
    }

    /// The next token; `None` at the end of the part.
    #[allow(clippy::should_implement_trait)] // fallible: not an Iterator
    pub fn next(&mut self) -> Result<Option<Token<'a>>, ScanError> {
        loop {
            let b = self.xml.as_bytes();
            let start = self.pos;
            if start >= b.len() {
                return Ok(None);
            }
            if b[start] != b'<' {
                let end = memchr::memchr(b'<', &b[start..]).map_or(b.len(), |i| start + i);
                self.pos = end;
                return Ok(Some(Token::Text(&self.xml[start..end])));
            }
            match b.get(start + 1) {
                Some(b'/') => {
                    let end = self.find(start + 2, b">", "结束标签没有闭合")?;
                    self.pos = end + 1;
                    let name = self.xml[start + 2..end].trim_end_matches(is_space);
                    return Ok(Some(Token::End { name: local(name) }));
                }
                Some(b'?') => {
                    let end = self.find(start + 2, b"?>", "处理指令没有闭合")?;
                    self.pos = end + 2;
                }
                Some(b'!') => {
                    let rest = &b[start..];
                    if rest.starts_with(b"<!--") {
                        let end = self.find(start + 4, b"-->", "注释没有闭合")?;
                        self.pos = end + 3;
                    } else if rest.starts_with(b"<![CDATA[") {
                        let end = self.find(start + 9, b"]]>", "CDATA 没有闭合")?;
                        self.pos = end + 3;
                        return Ok(Some(Token::CData(&self.xml[start + 9..end])));
                    } else {
                        self.pos = self.declaration_end(start + 2)?;
                    }
                }
                Some(_) => return self.start_tag(start).map(Some),
                None => return Err(self.error(start, "标签没有闭合")),
            }
        }
    }

    /// The undecoded text of a plain `<name>text</name>` (no prefix, attributes or nested
    /// markup) right at the scanner, which then stands after it; `None`, and nothing read,
    /// when what follows is anything else. A shortcut for the commonest cell value and
    /// string item: one call instead of three tokens.
    pub fn simple_element(&mut self, name: &str) -> Option<&'a str> {
        let b = self.xml.as_bytes();
        let rest = b.get(self.pos..)?;
        let n = name.len();
        if rest.len() < 2 * n + 5
            || rest[0] != b'<'
            || &rest[1..=n] != name.as_bytes()
            || rest[n + 1] != b'>'
        {
            return None;
        }
        let text_start = self.pos + n + 2;
        let text_end = text_start + memchr::memchr(b'<', &b[text_start..])?;
        let close = &b[text_end..];
        if close.len() < n + 3
            || close[1] != b'/'
            || &close[2..n + 2] != name.as_bytes()
            || close[n + 2] != b'>'
        {
            return None;
        }
        self.pos = text_end + n + 3;
        Some(&self.xml[text_start..text_end])
    }

    /// Skips to after the end tag that closes the element `name` just started (nested
    /// elements of the same name included).
    pub fn skip(&mut self, name: &str) -> Result<(), ScanError> {
        let mut depth = 1usize;
        while let Some(t) = self.next()? {
            match t {
                Token::Start {
                    name: n,
                    empty: false,
                    ..
                } if n == name => depth += 1,
                Token::End { name: n } if n == name => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn start_tag(&mut self, start: usize) -> Result<Token<'a>, ScanError> {
        let b = self.xml.as_bytes();
        let close = self.tag_close(start)?;
        self.pos = close + 1;
        let empty = b[close - 1] == b'/' && close - 1 > start;
        let inner = &self.xml[start + 1..if empty { close - 1 } else { close }];
        let name_len = inner.bytes().position(is_space_byte).unwrap_or(inner.len());
        if name_len == 0 {
            return Err(self.error(start, "标签没有名称"));
        }
        Ok(Token::Start {
            name: local(&inner[..name_len]),
            attrs: &inner[name_len..],
            empty,
        })
    }

    /// The `>` that closes the tag at `start`, quoted values (which may hold `>`) passed over:
    /// one pass over the tag, the bytes of a value skipped without looking for `>`.
    fn tag_close(&self, start: usize) -> Result<usize, ScanError> {
        let b = self.xml.as_bytes();
        let unclosed = || self.error(start, "标签没有闭合");
        let mut i = start + 1;
        loop {
            match *b.get(i).ok_or_else(unclosed)? {
                b'>' => return Ok(i),
                q @ (b'"' | b'\'') => {
                    i += 1;
                    while *b.get(i).ok_or_else(unclosed)? != q {
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// The end of `<!…>` (a DOCTYPE, with its internal subset in brackets).
    fn declaration_end(&self, from: usize) -> Result<usize, ScanError> {
        let b = self.xml.as_bytes();
        let (mut depth, mut quote) = (0u32, 0u8);
        for (i, &c) in b.iter().enumerate().skip(from) {
            match c {
                b'"' | b'\'' if quote == 0 => quote = c,
                c if c == quote => quote = 0,
                b'[' if quote == 0 => depth += 1,
                b']' if quote == 0 => depth = depth.saturating_sub(1),
                b'>' if quote == 0 && depth == 0 => return Ok(i + 1),
                _ => {}
            }
        }
        Err(self.error(from, "声明没有闭合"))
    }

    fn find(&self, from: usize, needle: &[u8], what: &'static str) -> Result<usize, ScanError> {
        let b = self.xml.as_bytes();
        let hit = match needle {
            [one] => memchr::memchr(*one, &b[from.min(b.len())..]),
            _ => memchr::memmem::find(&b[from.min(b.len())..], needle),
        };
        hit.map(|i| from + i).ok_or_else(|| self.error(from, what))
    }

    fn error(&self, at: usize, what: &'static str) -> ScanError {
        ScanError { at, what }
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_space_byte(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// The name without its namespace prefix.
fn local(name: &str) -> &str {
    match name.bytes().rposition(|c| c == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The attributes of a tag (`attrs` of [`Token::Start`]) as (name, raw value) pairs; the name
/// keeps its prefix (`xml:space`, `r:id`). Stops at the first malformed attribute.
pub(crate) fn attributes(attrs: &str) -> Attributes<'_> {
    Attributes { rest: attrs }
}

/// See [`attributes`].
pub(crate) struct Attributes<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        let s = self.rest;
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() && is_space_byte(b[i]) {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && b[i] != b'=' && !is_space_byte(b[i]) {
            i += 1;
        }
        let name_end = i;
        while i < b.len() && is_space_byte(b[i]) {
            i += 1;
        }
        let quote = match (b.get(i), b.get(i + 1)) {
            (Some(b'='), _) => {
                i += 1;
                while i < b.len() && is_space_byte(b[i]) {
                    i += 1;
                }
                *b.get(i).filter(|&&q| q == b'"' || q == b'\'')?
            }
            _ => {
                self.rest = "";
                return None;
            }
        };
        let value_start = i + 1;
        let Some(len) = b[value_start..].iter().position(|&c| c == quote) else {
            self.rest = "";
            return None;
        };
        self.rest = &s[value_start + len + 1..];
        if name_end == name_start {
            self.rest = "";
            return None;
        }
        Some((&s[name_start..name_end], &s[value_start..value_start + len]))
    }
}

/// The raw value of attribute `key` of a tag: matched on the whole name, or on the local
/// name with any prefix when `key` starts with `:`.
pub(crate) fn attr_raw<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    attributes(attrs).find_map(|(k, v)| {
        let hit = match key.strip_prefix(':') {
            Some(l) => k.split_once(':').is_some_and(|(_, name)| name == l),
            None => k == key,
        };
        hit.then_some(v)
    })
}

/// An attribute value decoded: references expanded, each white-space character a space.
pub(crate) fn attr_value(raw: &str) -> Cow<'_, str> {
    if !raw
        .bytes()
        .any(|c| matches!(c, b'&' | b'\t' | b'\r' | b'\n'))
    {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    push_decoded(raw, &mut out, true);
    Cow::Owned(out)
}

/// Appends character data (a [`Token::Text`]) decoded onto `out`: references expanded
/// (an entity XML does not predefine is dropped) and line ends made `\n`.
pub(crate) fn push_text(raw: &str, out: &mut String) {
    if memchr::memchr2(b'&', b'\r', raw.as_bytes()).is_none() {
        out.push_str(raw);
        return;
    }
    push_decoded(raw, out, false);
}

/// Appends the content of a CDATA section onto `out`, its line ends made `\n`.
pub(crate) fn push_cdata(raw: &str, out: &mut String) {
    let mut rest = raw;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = rest[i..].strip_prefix("\r\n").unwrap_or(&rest[i + 1..]);
    }
    out.push_str(rest);
}

fn push_decoded(raw: &str, out: &mut String, attribute: bool) {
    let mut rest = raw;
    while let Some(i) = rest.find(['&', '\r', '\t', '\n']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        match tail.as_bytes()[0] {
            b'&' => match tail[1..]
                .find(|c: char| c == ';' || c == '&' || is_space(c))
                .filter(|&n| n <= 32 && tail.as_bytes()[n + 1] == b';')
            {
                Some(n) => {
                    if let Some(c) = reference(&tail[1..1 + n]) {
                        out.push(c);
                    }
                    rest = &tail[n + 2..];
                }
                None => {
                    // A lone ampersand: kept as written.
                    out.push('&');
                    rest = &tail[1..];
                }
            },
            b'\r' => {
                out.push(if attribute { ' ' } else { '\n' });
                rest = tail.strip_prefix("\r\n").unwrap_or(&tail[1..]);
            }
            c => {
                out.push(if attribute { ' ' } else { c as char });
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The character of a reference's name (`amp`, `#20013`, `#x4E2D`).
fn reference(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(xml: &str) -> Result<Vec<Token<'_>>, ScanError> {
        let mut s = Scanner::new(xml.as_bytes())?;
        let mut out = Vec::new();
        while let Some(t) = s.next()? {
            out.push(t);
        }
        Ok(out)
    }

    #[test]
    fn tags_text_and_cdata_in_order() {
        let xml = "\u{feff}<?xml version=\"1.0\"?><!-- 注释 --><x:c r=\"A1\" t='s'><v>1</v></x:c>\
                   <br/><t a=\"x>y\">甲&amp;乙</t><![CDATA[<b>]]></ x:c >";
        let start = |name, attrs, empty| Token::Start { name, attrs, empty };
        let tokens = all(xml).unwrap_or_default();
        assert_eq!(
            tokens,
            [
                start("c", " r=\"A1\" t='s'", false),
                start("v", "", false),
                Token::Text("1"),
                Token::End { name: "v" },
                Token::End { name: "c" },
                start("br", "", true),
                start("t", " a=\"x>y\"", false),
                Token::Text("甲&amp;乙"),
                Token::End { name: "t" },
                Token::CData("<b>"),
                Token::End { name: "c" },
            ]
        );
    }

    #[test]
    fn every_cut_and_stray_byte_is_an_error_or_tokens_never_a_panic() {
        let xml = "<?xml version=\"1.0\"?><x:row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c>\
                   <c t='inlineStr'><is><t xml:space=\"preserve\"> 进展&amp;&#x4E2D; </t></is></c>\
                   <!-- 注 --><![CDATA[a]]></x:row><br/>";
        let bytes = xml.as_bytes();
        let mut texts = String::new();
        let mut walk = |b: &[u8]| {
            let Ok(mut s) = Scanner::new(b) else { return };
            for _ in 0..1000 {
                match s.next() {
                    Ok(Some(Token::Start { attrs, .. })) => {
                        for (_, v) in attributes(attrs) {
                            texts.push_str(&attr_value(v));
                        }
                        let _ = s.simple_element("v");
                    }
                    Ok(Some(Token::Text(t))) => push_text(t, &mut texts),
                    Ok(Some(Token::CData(t))) => push_cdata(t, &mut texts),
                    Ok(Some(Token::End { .. })) => {}
                    Ok(None) | Err(_) => return,
                }
            }
            panic!("no progress");
        };
        for cut in 0..=bytes.len() {
            walk(&bytes[..cut]);
            for stray in [b'<', b'>', b'"', b'&', b'/', b'!', b'?', b';', 0xe8] {
                let mut mutated = bytes.to_vec();
                mutated.insert(cut, stray);
                walk(&mutated);
            }
        }
        assert!(texts.contains("进展&中"));
    }

    #[test]
    fn a_doctype_is_skipped_and_its_entities_never_expand() {
        let xml = "<!DOCTYPE x [<!ENTITY a \"AAAA\"> <!ENTITY b \"&a;&a;\">]><t>&b;</t>";
        let tokens = all(xml).unwrap_or_default();
        assert_eq!(tokens.len(), 3);
        let mut text = String::new();
        push_text("&b;", &mut text);
        assert_eq!(text, "");
    }

    #[test]
    fn broken_parts_are_errors_not_panics() {
        for xml in [
            "<c r=\"A1\"",
            "<c r=\"A1>",
            "<!-- open",
            "<![CDATA[ open",
            "</c",
            "<",
            "<>",
            "<!DOCTYPE [",
        ] {
            assert!(all(xml).is_err(), "{xml}");
        }
        assert!(Scanner::new(b"<t>\xff</t>").is_err());
        // A quote of the other kind inside a value neither opens nor closes anything.
        assert_eq!(
            all("<t a=\"it's > ok\" b='\"q\">'/>"),
            Ok(vec![Token::Start {
                name: "t",
                attrs: " a=\"it's > ok\" b='\"q\">'",
                empty: true
            }])
        );
        assert_eq!(all("").map(|t| t.len()), Ok(0));
        assert_eq!(all("文字").map(|t| t.len()), Ok(1));
    }

    #[test]
    fn plain_elements_are_taken_whole_and_anything_else_is_left() {
        let xml = "<v>12</v><v></v><v a=\"1\">3</v><x:v>4</x:v><v>5<b/></v><v>6</w>";
        let mut s = match Scanner::new(xml.as_bytes()) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(s.simple_element("v"), Some("12"));
        assert_eq!(s.simple_element("v"), Some(""));
        // Each lookalike is left for the tokens: a start tag, its text, what follows.
        for (text, then) in [("3", "v"), ("4", "v"), ("5", "b"), ("6", "w")] {
            assert_eq!(s.simple_element("v"), None);
            assert!(matches!(s.next(), Ok(Some(Token::Start { name: "v", .. }))));
            assert_eq!(s.next(), Ok(Some(Token::Text(text))));
            let name = match s.next() {
                Ok(Some(Token::Start { name, .. } | Token::End { name })) => name,
                other => panic!("{other:?}"),
            };
            assert_eq!(name, then);
            if then == "b" {
                assert_eq!(s.next(), Ok(Some(Token::End { name: "v" })));
            }
        }
        assert_eq!(s.simple_element("v"), None);
        assert_eq!(s.next(), Ok(None));
    }

    #[test]
    fn skipping_an_element_passes_its_nested_namesakes() {
        let mut s = match Scanner::new(b"<a><a><b/></a></a><c/>") {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert!(matches!(s.next(), Ok(Some(Token::Start { name: "a", .. }))));
        assert_eq!(s.skip("a"), Ok(()));
        assert!(matches!(s.next(), Ok(Some(Token::Start { name: "c", .. }))));
    }

    #[test]
    fn text_and_values_decode_as_xml_says() {
        let mut out = String::new();
        push_text(
            "a&lt;b&gt;&amp;&quot;&apos;&#20013;&#x6587;\r\nx\ry & z&bogus;",
            &mut out,
        );
        assert_eq!(out, "a<b>&\"'中文\nx\ny & z");
        let mut cdata = String::new();
        push_cdata("a\r\nb\rc&amp;", &mut cdata);
        assert_eq!(cdata, "a\nb\nc&amp;");
        assert_eq!(attr_value("A1:B2"), "A1:B2");
        assert_eq!(attr_value("a\tb\r\nc&amp;"), "a b c&");
        let attrs = " r=\"A1\"  xml:space='preserve' r:id = \"rId1\" bad";
        let pairs: Vec<_> = attributes(attrs).collect();
        assert_eq!(
            pairs,
            [("r", "A1"), ("xml:space", "preserve"), ("r:id", "rId1")]
        );
        assert_eq!(attr_raw(attrs, ":id"), Some("rId1"));
        assert_eq!(attr_raw(attrs, "id"), None);
        assert_eq!(attr_raw(attrs, "xml:space"), Some("preserve"));
    }
}

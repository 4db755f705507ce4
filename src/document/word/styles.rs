//! `word/styles.xml`: the list a paragraph style numbers its paragraphs with, so that a plan
//! whose 一、 / 1. come only from 标题 1 / 列表编号 (no numbering on the paragraph itself) keeps
//! its codes.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{attr, local};

/// Numbering properties of one paragraph style, as written (not yet inherited).
#[derive(Debug, Clone, Default)]
struct StyleNumbering {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u32>,
}

/// Paragraph styles by id.
#[derive(Debug, Clone, Default)]
pub(super) struct Styles {
    styles: HashMap<String, StyleNumbering>,
}

impl Styles {
    pub(super) fn parse(xml: &str) -> Styles {
        let mut styles = HashMap::new();
        let mut reader = Reader::from_str(xml);
        let mut current: Option<(String, StyleNumbering)> = None;
        let mut in_num_pr = false;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let opens = matches!(event, Event::Start(_));
                    let name = local(e);
                    if name == "style" {
                        current = (attr(e, "w:type").as_deref() == Some("paragraph"))
                            .then(|| attr(e, "w:styleId"))
                            .flatten()
                            .map(|id| (id, StyleNumbering::default()));
                        continue;
                    }
                    let Some((_, style)) = current.as_mut() else {
                        continue;
                    };
                    match name.as_str() {
                        "basedOn" => style.based_on = attr(e, "w:val"),
                        "numPr" => in_num_pr = opens,
                        "numId" if in_num_pr => style.num_id = attr(e, "w:val"),
                        "ilvl" if in_num_pr => {
                            style.ilvl = attr(e, "w:val").and_then(|v| v.parse().ok())
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "numPr" => in_num_pr = false,
                    "style" => {
                        if let Some((id, style)) = current.take() {
                            styles.insert(id, style);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        Styles { styles }
    }

    /// The list (numId) and level a style numbers with, inherited along `basedOn`; `None` when
    /// the style draws no number (or switches it off with numId 0).
    pub(super) fn numbering(&self, style_id: &str) -> Option<(String, Option<u32>)> {
        let mut num_id = None;
        let mut ilvl = None;
        let mut id = style_id;
        // A chain of styles is short; the bound only stops a loop in a broken file.
        for _ in 0..16 {
            let Some(style) = self.styles.get(id) else {
                break;
            };
            num_id = num_id.or_else(|| style.num_id.clone());
            ilvl = ilvl.or(style.ilvl);
            match &style.based_on {
                Some(parent) if num_id.is_none() || ilvl.is_none() => id = parent,
                _ => break,
            }
        }
        num_id.filter(|n| n != "0").map(|n| (n, ilvl))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:styles xmlns:w="w">
      <w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Mine"><w:basedOn w:val="Heading1"/></w:style>
      <w:style w:type="paragraph" w:styleId="Off"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
      <w:style w:type="character" w:styleId="Run"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
    </w:styles>"#;

    #[test]
    fn a_style_numbers_with_its_own_or_its_parents_list() {
        let s = Styles::parse(XML);
        assert_eq!(s.numbering("Heading1"), Some(("7".into(), None)));
        assert_eq!(s.numbering("Mine"), Some(("7".into(), None)));
        assert_eq!(s.numbering("Off"), None);
        assert_eq!(s.numbering("Loop"), None);
        assert_eq!(s.numbering("Run"), None);
        assert_eq!(s.numbering("Missing"), None);
    }
}

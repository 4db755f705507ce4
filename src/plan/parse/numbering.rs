//! Numbering as copied documents leave it: a first item that lost its number ("积极推进…" before
//! "2.加强…"), and items written inline in one paragraph ("一要…二要…三要…").

const ORDINALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// The code of the item before one numbered as the second of its kind: "2" → "1",
/// "(二)" → "(一)", "②" → "①"; `None` for any other code.
pub(super) fn code_before_second(code: &str) -> Option<String> {
    let folded = crate::text::fold_width(code);
    let inner = folded.trim_start_matches('(').trim_end_matches(')');
    let first = match inner {
        "2" => "1",
        "二" => "一",
        "②" => "①",
        _ => return None,
    };
    Some(code.replacen(inner, first, 1))
}

/// Items written inline: "会议要求，一要抓好示范创建。…二要规范出庭应诉。…" → [("一", "抓好示范
/// 创建。…"), ("二", "规范出庭应诉。…")]. Needs at least two items in order from 一; each marker
/// (一要 / 一是) starts the paragraph or follows punctuation.
pub(super) fn inline_items(line: &str) -> Vec<(String, String)> {
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut word: Option<char> = None;
    let mut from = 0;
    for ordinal in ORDINALS {
        let found = line[from..].match_indices(ordinal).find_map(|(i, _)| {
            let at = from + i;
            let after = &line[at + ordinal.len()..];
            let w = after.chars().next().filter(|c| matches!(c, '要' | '是'))?;
            if word.is_some_and(|x| x != w) {
                return None;
            }
            let boundary = line[..at]
                .chars()
                .last()
                .is_none_or(|c| "。；;，,：:！? \u{3000}".contains(c));
            boundary.then_some((at, w))
        });
        let Some((at, w)) = found else { break };
        word = Some(w);
        starts.push((at, at + ordinal.len() + w.len_utf8()));
        from = at + ordinal.len();
    }
    if starts.len() < 2 {
        return Vec::new();
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &(_, text_at))| {
            let end = starts.get(k + 1).map_or(line.len(), |s| s.0);
            (
                ORDINALS[k].to_string(),
                line[text_at..end].trim().to_string(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_before_a_second_item() {
        assert_eq!(code_before_second("2").as_deref(), Some("1"));
        assert_eq!(code_before_second("（二）").as_deref(), Some("（一）"));
        assert_eq!(code_before_second("(二)").as_deref(), Some("(一)"));
        assert_eq!(code_before_second("3"), None);
        assert_eq!(code_before_second("十二"), None);
    }

    #[test]
    fn inline_items_in_order() {
        let items = inline_items(
            "会议要求，一要抓好示范创建。认真做好。二要规范应诉。三要加强联动，推动工作。",
        );
        let codes: Vec<&str> = items.iter().map(|i| i.0.as_str()).collect();
        assert_eq!(codes, ["一", "二", "三"]);
        assert_eq!(items[0].1, "抓好示范创建。认真做好。");
        assert_eq!(items[2].1, "加强联动，推动工作。");
        // One item, items out of order, or 一 inside a word: no list.
        assert!(inline_items("一要抓好示范创建。").is_empty());
        assert!(inline_items("统一要求，二要规范。").is_empty());
        assert!(inline_items("一是抓学习，二要抓落实。").is_empty());
    }
}

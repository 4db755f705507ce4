//! Text rules of Chinese government documents, shared by every reader: folding, heading markers
//! (一、 (一) 1. （1） ①), sentences, brackets, dates written inline.

/// The text without any whitespace: 王  伟 → 王伟, and a report re-typed with other line breaks
/// compares equal to the original.
pub(crate) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Full-width ASCII to half-width, ideographic space to space.
pub fn fold_width(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// A key for comparing texts: width folded, whitespace and punctuation dropped.
pub fn compare_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.extend(
        text.chars()
            .map(fold_char)
            .filter(|c| !c.is_whitespace() && !is_punct(*c)),
    );
    out
}

/// Whether `compare_key(text) == key`, without building the key (stops at the first
/// difference).
pub fn has_compare_key(text: &str, key: &str) -> bool {
    let mut want = key.chars();
    text.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace() && !is_punct(*c))
        .all(|c| want.next() == Some(c))
        && want.next().is_none()
}

/// Chinese and ASCII punctuation (not letters, digits or ideographs).
pub fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '（'
                | '）'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '「'
                | '」'
                | '『'
                | '』'
                | '—'
                | '…'
                | '·'
                | '－'
                | '～'
        )
}

/// The kind of numbering a heading uses; the rank orders them as Chinese documents nest them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Marker {
    /// 一、
    Chinese = 1,
    /// (一) （一）
    ParenChinese = 2,
    /// 1. 1、 1．
    Arabic = 3,
    /// (1) （1）
    ParenArabic = 4,
    /// ① ②
    Circled = 5,
}

/// A numbered line: its marker kind, its code as written (一, (一), 1) and the text after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub marker: Marker,
    pub code: String,
    pub rest: String,
}

const CN_NUMERALS: &str = "一二三四五六七八九十百〇零两";

fn is_open(c: char) -> bool {
    c == '(' || c == '（'
}

fn is_close(c: char) -> bool {
    c == ')' || c == '）'
}

/// Recognises a numbered line. A number followed by a digit (10.31, 3.5%) is not a marker.
pub fn heading(line: &str) -> Option<Heading> {
    let line = line.trim_start_matches(|c: char| c.is_whitespace());
    let first = line.chars().next()?;
    // Most lines start with a word: settle them before collecting the characters.
    let can_start = CN_NUMERALS.contains(first)
        || is_open(first)
        || ('\u{2460}'..='\u{2473}').contains(&first)
        || fold_char(first).is_ascii_digit();
    if !can_start {
        return None;
    }
    // Markers are a few characters long: characters are looked up by position from the start.
    let char_at = |k: usize| line.chars().nth(k);
    let offset = |k: usize| line.char_indices().nth(k).map_or(line.len(), |(i, _)| i);
    let build = |marker: Marker, code: String, consumed: usize| -> Option<Heading> {
        let rest = line[offset(consumed)..]
            .trim_start_matches(|c: char| c.is_whitespace() || c == '、')
            .trim_end();
        Some(Heading {
            marker,
            code,
            rest: rest.to_string(),
        })
    };
    if CN_NUMERALS.contains(first) {
        let n = line
            .chars()
            .take(5)
            .take_while(|c| CN_NUMERALS.contains(*c))
            .count();
        if n <= 4 && matches!(char_at(n), Some('、' | '．')) {
            return build(Marker::Chinese, line[..offset(n)].to_string(), n + 1);
        }
        return None;
    }
    if is_open(first) {
        let n = line
            .chars()
            .skip(1)
            .take(5)
            .take_while(|c| !is_close(*c))
            .count();
        if n == 0 || n > 4 || !char_at(1 + n).is_some_and(is_close) {
            return None;
        }
        let inner = &line[offset(1)..offset(1 + n)];
        let code = line[..offset(n + 2)].to_string();
        if inner.chars().all(|c| CN_NUMERALS.contains(c)) {
            return build(Marker::ParenChinese, code, n + 2);
        }
        if n <= 3 && fold_width(inner).chars().all(|c| c.is_ascii_digit()) {
            return build(Marker::ParenArabic, code, n + 2);
        }
        return None;
    }
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        return build(Marker::Circled, first.to_string(), 1);
    }
    let digits = line
        .chars()
        .take(4)
        .take_while(|c| fold_char(*c).is_ascii_digit())
        .count();
    if (1..=3).contains(&digits) {
        let spaces = line.chars().skip(digits).take_while(|c| *c == ' ').count();
        let k = digits + spaces;
        let mut after = line.chars().skip(k);
        if matches!(after.next(), Some('.' | '、' | '．')) {
            if after.next().is_some_and(|c| fold_char(c).is_ascii_digit()) {
                return None;
            }
            return build(Marker::Arabic, fold_width(&line[..offset(digits)]), k + 1);
        }
    }
    None
}

const OPENERS: &str = "(（[【〔《“‘「『";
const CLOSERS: &str = ")）]】〕》”’」』";

/// Splits off the first sentence (up to 。！？ outside brackets and quotes). Returns the sentence
/// without its final punctuation and the rest, trimmed.
pub fn first_sentence(text: &str) -> (String, String) {
    let mut depth: usize = 0;
    for (i, c) in text.char_indices() {
        if OPENERS.contains(c) {
            depth += 1;
        } else if CLOSERS.contains(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && "。！？!?".contains(c) {
            let head = text[..i].trim().to_string();
            let rest = text[i + c.len_utf8()..].trim().to_string();
            if !head.is_empty() {
                return (head, rest);
            }
        }
    }
    (trim_end_punct(text).to_string(), String::new())
}

/// Trims whitespace and trailing 。；;，,、 from the end.
pub fn trim_end_punct(text: &str) -> &str {
    text.trim()
        .trim_end_matches(|c: char| c.is_whitespace() || "。.；;，,、".contains(c))
}

/// The bracketed group at the very end of `text` (after trailing 。；), with nested brackets
/// kept: returns (text before it, inner text).
pub fn trailing_bracket(text: &str) -> Option<(&str, &str)> {
    let body = trim_end_punct(text);
    let last = body.chars().last()?;
    if !")）]】〕".contains(last) {
        return None;
    }
    let mut depth: usize = 0;
    for (i, c) in body.char_indices().rev() {
        if ")）]】〕".contains(c) {
            depth += 1;
        } else if "(（[【〔".contains(c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                let inner = &body[i + c.len_utf8()..body.len() - last.len_utf8()];
                return Some((body[..i].trim_end(), inner.trim()));
            }
        }
    }
    None
}

/// Removes spaces between digits and 年/月/日 ("2024 年 7 月 24 日" → "2024年7月24日").
pub fn squeeze_date_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' || c == '\u{3000}' {
            let prev = out.chars().last();
            let next = chars[i + 1..]
                .iter()
                .find(|c| **c != ' ' && **c != '\u{3000}');
            let datey =
                |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit() || "年月日".contains(*c));
            if datey(prev.as_ref()) && datey(next) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn digits_at(chars: &[char], i: usize, max: usize) -> usize {
    chars[i..]
        .iter()
        .take(max + 1)
        .take_while(|c| c.is_ascii_digit())
        .count()
}

/// Deadlines written inside a task's text: "2024年6月底前", "于2024年10月前", "6月30日前".
/// A date needs a month and a 前 / 以前 / 之前 after it; recurring ones (每年6月底前) and
/// year-only horizons (到2025年底) are left out.
pub fn inline_deadlines(text: &str) -> Vec<String> {
    let text = fold_width(&squeeze_date_spaces(text));
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut k = i;
        let y = digits_at(&chars, k, 4);
        if y == 4 && chars.get(k + 4) == Some(&'年') {
            k += 5;
        }
        let m = digits_at(&chars, k, 2);
        if m == 0 || m > 2 || chars.get(k + m) != Some(&'月') {
            i += 1.max(k - i);
            continue;
        }
        let month_start = k;
        k += m + 1;
        let d = digits_at(&chars, k, 2);
        if (1..=2).contains(&d) && matches!(chars.get(k + d), Some('日' | '号')) {
            k += d + 1;
        } else {
            for w in ["上旬", "中旬", "下旬", "底", "末", "份", "中"] {
                let wc: Vec<char> = w.chars().collect();
                if chars[k..].starts_with(&wc) {
                    k += wc.len();
                    break;
                }
            }
        }
        let mut end = None;
        for w in ["以前", "之前", "前"] {
            let wc: Vec<char> = w.chars().collect();
            if chars[k..].starts_with(&wc) {
                end = Some(k + wc.len());
                break;
            }
        }
        let before: String = chars[start.saturating_sub(2)..start].iter().collect();
        let range_tail = month_start == start
            && start > 0
            && matches!(chars[start - 1], '-' | '—' | '–' | '至' | '到' | '~' | '、');
        let recurring = before.ends_with('每') || before.ends_with("每年");
        if let Some(end) = end.filter(|_| !recurring && !range_tail) {
            let s: String = chars[start..end].iter().collect();
            if !found.contains(&s) {
                found.push(s);
            }
            i = end;
        } else {
            i = k.max(i + 1);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_keys_match_without_being_built() {
        for (text, key) in [
            ("工作 进展", "工作进展"),
            ("（完成时限）", "完成时限"),
            ("ＡＢ１", "AB1"),
            ("序号", "序"),
            ("序", "序号"),
            ("", ""),
            ("、。", ""),
        ] {
            assert_eq!(
                has_compare_key(text, key),
                compare_key(text) == key,
                "{text} / {key}"
            );
        }
    }

    #[test]
    fn headings_of_every_level() {
        let h = heading("一、总体要求").unwrap();
        assert_eq!(
            (h.marker, h.code.as_str(), h.rest.as_str()),
            (Marker::Chinese, "一", "总体要求")
        );
        let h = heading("（十二）加强行政复议工作。").unwrap();
        assert_eq!(
            (h.marker, h.code.as_str()),
            (Marker::ParenChinese, "（十二）")
        );
        let h = heading("12.全面推行清单制度").unwrap();
        assert_eq!((h.marker, h.code.as_str()), (Marker::Arabic, "12"));
        let h = heading("３、年度考核").unwrap();
        assert_eq!((h.marker, h.code.as_str()), (Marker::Arabic, "3"));
        let h = heading("(3)专项督察").unwrap();
        assert_eq!(h.marker, Marker::ParenArabic);
        assert_eq!(heading("②抽查").unwrap().marker, Marker::Circled);
        assert!(heading("10.31前完成").is_none());
        assert!(heading("一是加强领导").is_none());
        assert!(heading("(2023年4月1日至7月31日)").is_none());
        assert!(heading("2024年3月2日").is_none());
        // The rest after the marker, spaces and 、 trimmed; a marker that ends the line.
        let h = heading("  ３ ．　全面推行 ").unwrap();
        assert_eq!((h.code.as_str(), h.rest.as_str()), ("3", "全面推行"));
        let h = heading("（一）、 加强领导").unwrap();
        assert_eq!((h.code.as_str(), h.rest.as_str()), ("（一）", "加强领导"));
        assert_eq!(heading("③").unwrap().rest, "");
        assert_eq!(heading("十一、").unwrap().code, "十一");
        assert!(heading("（一二三四五）过长").is_none());
        assert!(heading("1234.太多位").is_none());
        assert!(heading("（").is_none());
    }

    #[test]
    fn first_sentence_skips_brackets_and_quotes() {
        let (t, r) = first_sentence("开展“清单。管理”行动(含附件。)。其余要求。");
        assert_eq!(t, "开展“清单。管理”行动(含附件。)");
        assert_eq!(r, "其余要求。");
        assert_eq!(first_sentence("没有句号的标题").0, "没有句号的标题");
    }

    #[test]
    fn trailing_bracket_with_nested_brackets() {
        let (before, inner) =
            trailing_bracket("清偿给付义务。[牵头单位:各县(市、区)人民政府]").unwrap();
        assert_eq!(before, "清偿给付义务。");
        assert_eq!(inner, "牵头单位:各县(市、区)人民政府");
        assert!(trailing_bracket("没有括号。").is_none());
    }

    #[test]
    fn inline_deadlines_need_a_month_and_qian() {
        assert_eq!(
            inline_deadlines("于2024年4月底前报送；2024年5月底前，开展检查。"),
            vec!["2024年4月底前", "2024年5月底前"]
        );
        assert_eq!(inline_deadlines("2024 年 6 月前完成"), vec!["2024年6月前"]);
        assert!(inline_deadlines("到2025年底前基本建成").is_empty());
        assert!(inline_deadlines("每年6月底前报送").is_empty());
        assert!(inline_deadlines("报送1-7月有关情况").is_empty());
        assert_eq!(inline_deadlines("6月30日前完成"), vec!["6月30日前"]);
    }
}

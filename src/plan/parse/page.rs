//! Leftovers of the page a plan was copied from: HTML tags and escapes ("</p><p align=\"left\">",
//! "&nbsp;") and page markers ("- 3 -", "第3页 共10页").

use std::borrow::Cow;

/// The line without HTML fragments; `None` for a line that is only a page marker.
pub(super) fn clean_line(line: &str) -> Option<Cow<'_, str>> {
    if is_page_marker(line) {
        return None;
    }
    if !line.contains(['<', '&', '\\']) {
        return Some(Cow::Borrowed(line));
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let tag_end = after.find('>').filter(|&close| {
            let inner = &after[..close];
            inner.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
                && inner.is_ascii()
        });
        match tag_end {
            Some(close) => rest = &after[close + 1..],
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out
        .replace("\\\"", "\"")
        .replace("\\'", "'")
        .replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    Some(Cow::Owned(out.trim().to_string()))
}

/// "- 3 -", "— 12 —", "第3页", "第 3 页 共 10 页".
fn is_page_marker(line: &str) -> bool {
    let s: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return false;
    }
    let dashes = |c: char| matches!(c, '-' | '—' | '－' | '–');
    if let Some(inner) = s.strip_prefix(dashes).and_then(|x| x.strip_suffix(dashes)) {
        let inner = inner.trim_matches(dashes);
        return !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit());
    }
    let Some(rest) = s.strip_prefix('第') else {
        return false;
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let Some(rest) = rest[digits..].strip_prefix('页') else {
        return false;
    };
    if digits == 0 {
        return false;
    }
    let rest = rest.trim_start_matches([',', '，', '/']);
    rest.is_empty()
        || rest
            .strip_prefix('共')
            .and_then(|r| r.strip_suffix('页'))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_fragments_are_removed() {
        assert_eq!(
            clean_line("四、发展基层民主</p><p align=\\\"left\\\">").as_deref(),
            Some("四、发展基层民主")
        );
        assert_eq!(
            clean_line("1.开展“三项行动”。（县司法局牵头）</p>&nbsp;").as_deref(),
            Some("1.开展“三项行动”。（县司法局牵头）")
        );
        // Brackets that are text stay.
        assert_eq!(
            clean_line("比较 a<b 与 c>d").as_deref(),
            Some("比较 a<b 与 c>d")
        );
        assert_eq!(
            clean_line("《条例》<附表>").as_deref(),
            Some("《条例》<附表>")
        );
    }

    #[test]
    fn page_markers_are_dropped() {
        for m in [
            "- 3 -",
            "— 12 —",
            "第3页",
            "第 3 页 共 10 页",
            "第3页，共10页",
        ] {
            assert!(clean_line(m).is_none(), "{m}");
        }
        for t in ["3", "第一页", "第3条", "-", "2024-2025"] {
            assert!(clean_line(t).is_some(), "{t}");
        }
    }
}

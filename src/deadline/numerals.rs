//! Normalising a 完成时限 text before it is scanned: full-width forms, times of day, spaces
//! and Chinese numerals of dates (二〇二四年, 十二月, 三十一日, 一季度).

/// Full-width to half-width, time-of-day tokens dropped, whitespace removed, Chinese
/// numerals before 年/月/日/季 turned into digits.
pub(super) fn normalize(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '—' | '–' | '―' => '-',
            _ => c,
        })
        .collect();
    let joined: String = mapped
        .split_whitespace()
        .filter(|token| !is_time_token(token))
        .collect();
    convert_chinese_numerals(&joined)
}

/// `08:00`, `0:00:00`: the time part of a date-time written by a spreadsheet.
fn is_time_token(token: &str) -> bool {
    token.contains(':')
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
}

fn cn_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '零' | 'О' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

fn is_cn_numeral(c: char) -> bool {
    c == '十' || cn_digit(c).is_some()
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// Value of a Chinese numeral such as 十二 / 三十一 / 六 (1 to 99).
fn cn_small_value(run: &[char]) -> Option<u32> {
    match run.iter().position(|&c| c == '十') {
        Some(pos) => {
            let tens = match &run[..pos] {
                [] => 1,
                [c] => cn_digit(*c)?,
                _ => return None,
            };
            let ones = match &run[pos + 1..] {
                [] => 0,
                [c] => cn_digit(*c)?,
                _ => return None,
            };
            Some(tens * 10 + ones)
        }
        None => match run {
            [c] => cn_digit(*c),
            _ => None,
        },
    }
}

/// Replaces Chinese numerals that are part of a date (二〇二四年, 十二月, 三十一日, 一季度) by
/// ASCII digits. Numerals inside words (统一月度) are left alone.
fn convert_chinese_numerals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_cn_numeral(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_cn_numeral(chars[i]) {
            i += 1;
        }
        let run = &chars[start..i];
        let prev_ok = match start.checked_sub(1).map(|p| chars[p]) {
            None => true,
            Some(p) => !is_cjk(p) || "年第至到于在前底末起月度及和或".contains(p),
        };
        let converted = match chars.get(i).copied() {
            Some('年') if prev_ok && run.len() == 4 && !run.contains(&'十') => run
                .iter()
                .map(|&c| cn_digit(c).map(|d| d.to_string()))
                .collect::<Option<String>>(),
            Some('月' | '日' | '号' | '季') if prev_ok => {
                cn_small_value(run).map(|v| v.to_string())
            }
            _ => None,
        };
        match converted {
            Some(digits) => out.push_str(&digits),
            None => out.extend(run.iter()),
        }
    }
    out
}

//! Spreadsheet cell values as the clerk sees them, for every workbook the app reads (returned
//! ledgers, task tables, rosters): numbers as displayed, Excel dates as 2024年6月30日, and the
//! dates people type (10.31, 2020年10月31日, 2024/6/30) read back into dates.

use calamine::DataRef;
use chrono::{NaiveDate, Timelike};

/// What a cell holds once read: its text, or a formula error (#N/A, #REF! …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CellText {
    Text(String),
    /// The cell's formula failed; Excel shows this code.
    Error(String),
}

/// The text of a cell. `number_format` is the cell's format code when known, so that 10.30
/// formatted `0.00` reads "10.30" as displayed, not the stored 10.3. Every variant of
/// calamine's value is handled: a catch-all is how dates get lost.
pub(crate) fn cell_text(value: &DataRef<'_>, number_format: Option<&str>) -> CellText {
    let text = match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => clean(s),
        DataRef::SharedString(s) => clean(s),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f, number_format),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        DataRef::DateTime(dt) => {
            if dt.is_datetime() {
                match dt.as_datetime() {
                    Some(at) => datetime_text(at),
                    None => number_text(dt.as_f64(), None),
                }
            } else {
                // A duration (elapsed time such as [h]:mm).
                duration_text(dt.as_f64())
            }
        }
        DataRef::DateTimeIso(s) => iso_text(s),
        DataRef::DurationIso(s) => s.trim().to_string(),
        DataRef::Error(e) => return CellText::Error(e.to_string()),
    };
    CellText::Text(text)
}

/// The text of a legacy `.xls` cell (calamine gives owned values there).
pub(crate) fn data_text(value: &calamine::Data) -> CellText {
    use calamine::Data;
    let as_ref = match value {
        Data::Empty => DataRef::Empty,
        Data::String(s) => DataRef::SharedString(s),
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
    };
    cell_text(&as_ref, None)
}

/// A date (and time when it has one) the Chinese way: 2024年6月30日, 2024年6月30日 14:30.
fn datetime_text(at: chrono::NaiveDateTime) -> String {
    let day = crate::deadline::format_cn(at.date());
    if at.time().num_seconds_from_midnight() == 0 {
        day
    } else if at.date() == NaiveDate::from_ymd_opt(1899, 12, 31).unwrap_or_default()
        || at.date() == NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default()
    {
        // A time of day alone (serial below 1).
        at.format("%H:%M").to_string()
    } else {
        format!("{day} {}", at.format("%H:%M"))
    }
}

fn duration_text(days: f64) -> String {
    if !days.is_finite() {
        return String::new();
    }
    let secs = (days * 86_400.0).round() as i64;
    format!(
        "{}:{:02}:{:02}",
        secs / 3600,
        (secs % 3600).abs() / 60,
        secs.abs() % 60
    )
}

/// `2024-06-30` or `2024-06-30T14:30:00` as a date the clerk reads; anything else as written.
fn iso_text(s: &str) -> String {
    let s = s.trim();
    if let Ok(at) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        return datetime_text(at);
    }
    match s
        .get(..10)
        .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d"))
    {
        Some(Ok(d)) => crate::deadline::format_cn(d),
        _ => s.to_string(),
    }
}

/// A number as Excel displays it: with the decimals its format asks for (`0.00` → 10.30),
/// otherwise as typed (3 not 3.0, 10.31, 13800000000).
pub(crate) fn number_text(f: f64, number_format: Option<&str>) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if let Some(decimals) = number_format.and_then(format_decimals) {
        let percent = number_format.is_some_and(|fmt| fmt.contains('%'));
        let shown = if percent { f * 100.0 } else { f };
        let text = format!("{shown:.decimals$}");
        return if percent { format!("{text}%") } else { text };
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Decimals of a fixed number format (`0.00`, `#,##0.0`, `0.00_);(0.00)`, `0.00%`); `None` for
/// General, text and formats this reader does not imitate.
fn format_decimals(format: &str) -> Option<usize> {
    let first = format.split(';').next()?.trim();
    if first.is_empty() || first.eq_ignore_ascii_case("general") || first == "@" {
        return None;
    }
    // Only plain numeric formats: digits placeholders, separators, percent and padding.
    let plain = first.chars().all(|c| {
        matches!(
            c,
            '0' | '#' | '?' | '.' | ',' | '%' | '_' | ')' | '(' | ' ' | '-'
        )
    });
    if !plain || !first.contains('0') {
        return None;
    }
    let decimals = match first.split_once('.') {
        Some((_, frac)) => frac.chars().take_while(|c| *c == '0').count(),
        None => 0,
    };
    Some(decimals)
}

/// Line breaks unified, non-breaking and ideographic spaces at the ends trimmed.
pub(crate) fn clean(s: &str) -> String {
    let ends = |c: char| c.is_whitespace();
    // \u{a0} is the only one outside ASCII, and its UTF-8 starts with 0xC2: bytes first.
    let needs = memchr::memchr3(b'\r', 0x0b, 0xc2, s.as_bytes()).is_some()
        && s.contains(['\r', '\u{0b}', '\u{a0}']);
    if !needs {
        // The commonest case: one copy of the trimmed text.
        return s.trim_matches(ends).to_string();
    }
    let s = s
        .replace("\r\n", "\n")
        .replace(['\r', '\u{0b}'], "\n")
        .replace('\u{a0}', " ");
    let trimmed = s.trim_matches(ends);
    if trimmed.len() == s.len() {
        s
    } else {
        trimmed.to_string()
    }
}

/// Reads a date as people write it in a ledger: 2020年10月31日, 2024/6/30, 2024-6-30, 2024.6.30,
/// 10月31日 or 10.31 (month.day, in `year`), or an Excel serial (45473). Text such as 长期坚持
/// or 2024年6月底前 is not a single day and gives `None`.
pub fn parse_date(text: &str, year: Option<i32>) -> Option<NaiveDate> {
    let t: String = crate::text::fold_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = t.trim_end_matches(['前', '止']).trim_end_matches('日');
    if t.is_empty() {
        return None;
    }
    // An Excel serial typed or stored as text.
    if t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = t.parse().ok()?;
        if (20_000..80_000).contains(&n) {
            return NaiveDate::from_ymd_opt(1899, 12, 30)?
                .checked_add_signed(chrono::Duration::days(n));
        }
        return None;
    }
    let parts: Vec<&str> = t.split(['年', '月', '/', '-', '.']).collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    let nums = nums?;
    match nums.as_slice() {
        [y, m, d] if *y >= 1900 => NaiveDate::from_ymd_opt(i32::try_from(*y).ok()?, *m, *d),
        [m, d] if t.contains('月') || t.contains('.') || t.contains('/') => {
            NaiveDate::from_ymd_opt(year?, *m, *d)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    fn text(v: &DataRef<'_>, fmt: Option<&str>) -> String {
        match cell_text(v, fmt) {
            CellText::Text(t) => t,
            CellText::Error(e) => format!("ERR {e}"),
        }
    }

    #[test]
    fn numbers_read_as_displayed() {
        assert_eq!(text(&DataRef::Float(3.0), None), "3");
        assert_eq!(text(&DataRef::Float(10.31), None), "10.31");
        // Excel stores 10.30 as 10.3; the 0.00 format shows it as typed.
        assert_eq!(text(&DataRef::Float(10.3), Some("0.00")), "10.30");
        assert_eq!(text(&DataRef::Float(10.3), Some("General")), "10.3");
        assert_eq!(text(&DataRef::Float(0.256), Some("0.0%")), "25.6%");
        assert_eq!(text(&DataRef::Float(13_800_000_000.0), None), "13800000000");
        assert_eq!(text(&DataRef::Int(7), None), "7");
        assert_eq!(text(&DataRef::Bool(true), None), "是");
    }

    #[test]
    fn excel_dates_and_times_read_as_dates() {
        let serial =
            |v| DataRef::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false));
        assert_eq!(text(&serial(45473.0), None), "2024年6月30日");
        assert_eq!(text(&serial(45473.5), None), "2024年6月30日 12:00");
        assert_eq!(text(&serial(0.75), None), "18:00");
        let dur = DataRef::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(text(&dur, None), "36:00:00");
        assert_eq!(
            text(&DataRef::DateTimeIso("2020-10-31T00:00:00".into()), None),
            "2020年10月31日"
        );
        assert_eq!(text(&DataRef::DurationIso("PT1H".into()), None), "PT1H");
        assert_eq!(
            cell_text(&DataRef::Error(CellErrorType::NA), None),
            CellText::Error("#N/A".into())
        );
        assert_eq!(
            text(&DataRef::SharedString("  进展\r\n良好 "), None),
            "进展\n良好"
        );
    }

    #[test]
    fn typed_dates_in_every_usual_form() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_date("2020年10月31日", None), d(2020, 10, 31));
        assert_eq!(parse_date("2024/6/30", None), d(2024, 6, 30));
        assert_eq!(parse_date("2024-06-30", None), d(2024, 6, 30));
        assert_eq!(parse_date("２０２４．６．３０", None), d(2024, 6, 30));
        assert_eq!(parse_date("10.31", Some(2020)), d(2020, 10, 31));
        assert_eq!(parse_date("10月31日前", Some(2025)), d(2025, 10, 31));
        assert_eq!(parse_date("45473", None), d(2024, 6, 30));
        assert_eq!(parse_date("10.31", None), None);
        assert_eq!(parse_date("长期坚持", Some(2025)), None);
        assert_eq!(parse_date("2024年6月底前", None), None);
        assert_eq!(parse_date("13.45", Some(2025)), None);
    }
}

//! The number formats of a workbook's cell styles (`xl/styles.xml`): whether a number is a
//! date, a time or a plain number, and the format code its decimals follow.

use std::io::Cursor;

use zip::ZipArchive;

use super::{attr, broken, part, E};
use crate::document::xml::scan::{attr_raw, ScanError, Scanner, Token};

/// The number format of each cell style (`s` attribute), read from the styles part when the
/// first number needs one: a ledger of texts only (our own exports) never inflates it.
#[derive(Debug, Default)]
pub(super) struct Formats {
    /// The styles part, until it is read.
    pub(super) part: Option<String>,
    pub(super) read: Vec<NumFormat>,
}

impl Formats {
    pub(super) fn get(
        &mut self,
        zip: &mut ZipArchive<Cursor<&[u8]>>,
        file: &str,
    ) -> Result<&[NumFormat], E> {
        if let Some(path) = self.part.take() {
            let mut xml = Vec::new();
            if part(zip, file, &path, &mut xml)? {
                self.read = number_formats(&xml).map_err(|e| broken(file, None, e))?;
            }
        }
        Ok(&self.read)
    }
}

/// What a cell style's number format means for a number.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct NumFormat {
    pub(super) kind: FormatKind,
    /// The format code, for the decimals it shows (`0.00`, `0.0%`).
    pub(super) code: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum FormatKind {
    #[default]
    Number,
    DateTime,
    Duration,
}

/// The number format of each cell style (`<cellXfs>` in order).
fn number_formats(xml: &[u8]) -> Result<Vec<NumFormat>, ScanError> {
    let mut scan = Scanner::new(xml)?;
    let mut custom: Vec<(u32, String)> = Vec::new();
    let mut xf_ids: Vec<u32> = Vec::new();
    let mut in_cell_xfs = false;
    while let Some(t) = scan.next()? {
        let (name, attrs, empty) = match t {
            Token::Start { name, attrs, empty } => (name, attrs, empty),
            Token::End { name: "cellXfs" } => {
                in_cell_xfs = false;
                continue;
            }
            _ => continue,
        };
        match name {
            "cellXfs" => in_cell_xfs = !empty,
            "numFmt" => {
                let id = attr(attrs, "numFmtId").and_then(|v| v.trim().parse().ok());
                if let (Some(id), Some(code)) = (id, attr(attrs, "formatCode")) {
                    custom.push((id, code));
                }
            }
            "xf" if in_cell_xfs => {
                xf_ids.push(
                    attr_raw(attrs, "numFmtId")
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0),
                );
            }
            // Fonts, fills, borders and the rest say nothing about numbers: skipped.
            "fonts" | "fills" | "borders" | "cellStyleXfs" | "cellStyles" | "dxfs"
            | "tableStyles" | "colors" | "extLst"
                if !empty =>
            {
                scan.skip(name)?;
            }
            _ => {}
        }
    }
    Ok(xf_ids
        .into_iter()
        .map(|id| match custom.iter().find(|(c, _)| *c == id) {
            Some((_, code)) => NumFormat {
                kind: custom_kind(code),
                code: Some(code.clone()),
            },
            None => NumFormat {
                kind: builtin_kind(id),
                code: builtin_code(id).map(str::to_string),
            },
        })
        .collect())
}

/// The kind of a built-in number format (ECMA-376 18.8.30; 27–36 and 50–58 are the East
/// Asian dates and times).
pub(super) fn builtin_kind(id: u32) -> FormatKind {
    match id {
        14..=22 | 27..=36 | 45 | 47 | 50..=58 => FormatKind::DateTime,
        46 => FormatKind::Duration,
        _ => FormatKind::Number,
    }
}

/// The code of a built-in numeric format whose decimals show.
fn builtin_code(id: u32) -> Option<&'static str> {
    Some(match id {
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        _ => return None,
    })
}

/// Whether a custom format code shows a date or time (`yyyy"年"m"月"d"日"`, `h:mm`) or an
/// elapsed time (`[h]:mm`): date letters outside quotes, escapes and brackets, first section
/// only.
pub(super) fn custom_kind(code: &str) -> FormatKind {
    let mut chars = code.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            quoted = c != '"';
            continue;
        }
        match c {
            '"' => quoted = true,
            // The next character is a literal (\), a padding width (_) or a fill (*).
            '\\' | '_' | '*' => {
                chars.next();
            }
            ';' => break,
            '[' => {
                let inner: String = chars.by_ref().take_while(|&c| c != ']').collect();
                let lower = inner.to_ascii_lowercase();
                if !lower.is_empty() && lower.chars().all(|c| matches!(c, 'h' | 'm' | 's')) {
                    return FormatKind::Duration;
                }
            }
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' => {
                return FormatKind::DateTime
            }
            _ => {}
        }
    }
    FormatKind::Number
}

//! The print of a progress text: its characters once numbers, dates, punctuation and whitespace
//! are set aside (what 照抄 detection compares, see `crate::copied`), counted and hashed. Each
//! submission keeps the prints of its entries (table `submission_print`, one row per
//! submission), written with the submission, so that a unit's earlier reports are compared
//! without reading their texts; only a text that may match is read.

use rusqlite::{params, Connection, OptionalExtension};

use super::{Period, ProgressError};

/// Characters that form a date with the number before them.
const DATE_UNITS: [char; 4] = ['年', '月', '日', '号'];
/// Chinese numerals, for months written 七月 or 十二月.
const CN_DIGITS: [char; 11] = [
    '〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十',
];

/// The common CJK ideographs: letters (general category Lo), never numbers.
fn ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// `char::is_numeric`, without the table lookup for ASCII and common ideographs.
fn numeric(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_digit(),
        _ if ideograph(c) => false,
        _ => c.is_numeric(),
    }
}

/// `char::is_alphabetic`, without the table lookup for ASCII and common ideographs.
fn alphabetic(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphabetic(),
        _ if ideograph(c) => true,
        _ => c.is_alphabetic(),
    }
}

/// Calls `keep` with each character of `text` that is compared: numbers and the date unit after
/// them (2025年7月15日), months in words (七月), punctuation and whitespace are set aside.
pub fn kept_chars(text: &str, mut keep: impl FnMut(char)) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if numeric(c) {
            let end = rest
                .find(|c: char| !(numeric(c) || matches!(c, '.' | '．')))
                .unwrap_or(rest.len());
            rest = &rest[end..];
            if let Some(unit) = rest.chars().next().filter(|u| DATE_UNITS.contains(u)) {
                rest = &rest[unit.len_utf8()..];
            }
            continue;
        }
        if CN_DIGITS.contains(&c) {
            // 七月, 十二月: a month in words; other numerals (统一, 一是) are words.
            let end = rest
                .find(|c: char| !CN_DIGITS.contains(&c))
                .unwrap_or(rest.len());
            if let Some(after) = rest[end..].strip_prefix('月') {
                rest = after;
                continue;
            }
        }
        if alphabetic(c) {
            keep(c);
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// A text's kept characters, as a count and a 64-bit hash (FNV-1a): two texts with the same
/// print have the same words, numbers, dates and punctuation aside (up to a hash collision,
/// about one chance in 10¹⁹ for a pair).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Print {
    pub digest: u64,
    pub chars: u32,
}

impl Print {
    pub fn of(text: &str) -> Print {
        let mut digest: u64 = 0xcbf2_9ce4_8422_2325;
        let mut chars: u32 = 0;
        kept_chars(text, |c| {
            for b in u32::from(c).to_le_bytes() {
                digest ^= u64::from(b);
                digest = digest.wrapping_mul(0x0100_0000_01b3);
            }
            chars = chars.saturating_add(1);
        });
        Print { digest, chars }
    }
}

/// The print of one entry of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryPrint {
    pub task_id: i64,
    pub progress_id: i64,
    pub print: Print,
}

/// Bytes of one entry in the table's blob: task id, entry id, digest (8 bytes each, little
/// endian) and the character count (4).
const ENTRY_BYTES: usize = 28;

fn encode(prints: &[EntryPrint]) -> Vec<u8> {
    let mut out = Vec::with_capacity(prints.len() * ENTRY_BYTES);
    for p in prints {
        out.extend_from_slice(&p.task_id.to_le_bytes());
        out.extend_from_slice(&p.progress_id.to_le_bytes());
        out.extend_from_slice(&p.print.digest.to_le_bytes());
        out.extend_from_slice(&p.print.chars.to_le_bytes());
    }
    out
}

/// `None` when the blob is not one this module wrote (the texts are read instead).
fn decode(blob: &[u8]) -> Option<Vec<EntryPrint>> {
    if blob.len() % ENTRY_BYTES != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(blob.len() / ENTRY_BYTES);
    for e in blob.chunks_exact(ENTRY_BYTES) {
        let i64_at = |at: usize| e.get(at..at + 8)?.try_into().ok().map(i64::from_le_bytes);
        let u64_at = |at: usize| e.get(at..at + 8)?.try_into().ok().map(u64::from_le_bytes);
        let chars = e.get(24..28)?.try_into().ok().map(u32::from_le_bytes)?;
        out.push(EntryPrint {
            task_id: i64_at(0)?,
            progress_id: i64_at(8)?,
            print: Print {
                digest: u64_at(16)?,
                chars,
            },
        });
    }
    Some(out)
}

/// Keeps the prints of submission `submission_id`'s entries with text (in the caller's
/// transaction).
pub(crate) fn write(
    conn: &Connection,
    submission_id: i64,
    prints: &[EntryPrint],
) -> Result<(), ProgressError> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO submission_print (submission_id, prints) VALUES (?1, ?2)",
    )?
    .execute(params![submission_id, encode(prints)])?;
    Ok(())
}

/// A current (not replaced) submission and the prints of its entries with text, most recent
/// entry first; `texts` holds the texts when the submission had no prints kept (recorded before
/// prints were, migration 0023) and they were read instead.
#[derive(Debug, Clone)]
pub struct Printed {
    pub submission_id: i64,
    pub unit_id: i64,
    pub period: Period,
    pub entries: Vec<EntryPrint>,
    pub texts: Option<Vec<String>>,
}

/// The values are written `+?N`: a plain `?N` compared with an indexed column lets the query
/// planner look the bound value up in the index statistics (`sqlite_stat4`, written by
/// `ANALYZE`), after which SQLite prepares the statement again each time that parameter is
/// bound to another value — for every ledger of an import. The plan is the same index seek
/// whatever the values.
const UNIT_WINDOW: &str = "SELECT s.id, s.period, p.prints FROM submission s
     LEFT JOIN submission_print p ON p.submission_id = s.id
     WHERE s.plan_id = +?1 AND s.unit_id = +?2 AND s.period >= +?3 AND s.period < +?4
       AND s.replaced_by IS NULL
     ORDER BY s.period DESC, s.id DESC";
/// The span of a submission's entry ids (values written `+?N`, see [`UNIT_WINDOW`]).
const ENTRY_SPAN: &str = "SELECT min(id), max(id) FROM progress WHERE submission_id = +?1";

/// Unit `unit_id`'s current submissions for the plan in `from..to`, newest period first (and of
/// one period, the newest submission first), with their entries' prints.
pub fn unit_window(
    conn: &Connection,
    plan_id: i64,
    unit_id: i64,
    from: Period,
    to: Period,
) -> Result<Vec<Printed>, ProgressError> {
    let mut stmt = conn.prepare_cached(UNIT_WINDOW)?;
    let found: Vec<(i64, String, Option<Vec<u8>>)> = stmt
        .query_map(
            params![plan_id, unit_id, from.to_string(), to.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(found.len());
    for (id, period, blob) in found {
        out.push(printed(conn, id, unit_id, Period::parse(&period)?, blob)?);
    }
    Ok(out)
}

/// Every unit's current submissions for the plan's `period`, first received first, with their
/// entries' prints.
pub fn period_submissions(
    conn: &Connection,
    plan_id: i64,
    period: Period,
) -> Result<Vec<Printed>, ProgressError> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.unit_id, p.prints FROM submission s
         LEFT JOIN submission_print p ON p.submission_id = s.id
         WHERE s.plan_id = ?1 AND s.period = ?2 AND s.replaced_by IS NULL
         ORDER BY s.id",
    )?;
    let found: Vec<(i64, i64, Option<Vec<u8>>)> = stmt
        .query_map(params![plan_id, period.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(found.len());
    for (id, unit_id, blob) in found {
        out.push(printed(conn, id, unit_id, period, blob)?);
    }
    Ok(out)
}

fn printed(
    conn: &Connection,
    submission_id: i64,
    unit_id: i64,
    period: Period,
    blob: Option<Vec<u8>>,
) -> Result<Printed, ProgressError> {
    let mut entries = match blob.as_deref().and_then(decode) {
        Some(entries) => {
            return Ok(Printed {
                submission_id,
                unit_id,
                period,
                entries: newest_first(entries),
                texts: None,
            })
        }
        None => Vec::new(),
    };
    // No prints kept: the texts are read (as a run of rows) and printed here.
    let mut texts = Vec::new();
    for (progress_id, task_id, text) in entry_texts(conn, submission_id)? {
        entries.push(EntryPrint {
            task_id,
            progress_id,
            print: Print::of(&text),
        });
        texts.push(text);
    }
    Ok(Printed {
        submission_id,
        unit_id,
        period,
        entries,
        texts: Some(texts),
    })
}

fn newest_first(mut entries: Vec<EntryPrint>) -> Vec<EntryPrint> {
    // Written in the order the entries were (ids ascending): reversed, unless read otherwise.
    if entries.is_sorted_by_key(|e| e.progress_id) {
        entries.reverse();
    } else {
        entries.sort_by_key(|e| std::cmp::Reverse(e.progress_id));
    }
    entries
}

/// The entries with text of a submission, most recent first: (entry id, task id, text). A
/// submission's entries are written one after another, so their ids span a short range read in
/// order, without an index lookup per row (the submission_id test keeps it exact regardless).
pub fn entry_texts(
    conn: &Connection,
    submission_id: i64,
) -> Result<Vec<(i64, i64, String)>, ProgressError> {
    let span: Option<(Option<i64>, Option<i64>)> = conn
        .prepare_cached(ENTRY_SPAN)?
        .query_row([submission_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((Some(first), Some(last))) = span else {
        return Ok(Vec::new());
    };
    entry_texts_between(conn, submission_id, first, last)
}

/// [`entry_texts`] of the entries with ids in `first..=last` (the span of those wanted, when
/// the caller knows it from the prints).
pub fn entry_texts_between(
    conn: &Connection,
    submission_id: i64,
    first: i64,
    last: i64,
) -> Result<Vec<(i64, i64, String)>, ProgressError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, task_id, text FROM progress NOT INDEXED
         WHERE id BETWEEN ?1 AND ?2 AND submission_id = ?3 AND text <> ''
         ORDER BY id DESC",
    )?;
    let rows = stmt.query_map(params![first, last, submission_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The text of entry `progress_id`.
pub fn entry_text(conn: &Connection, progress_id: i64) -> Result<String, ProgressError> {
    Ok(conn
        .prepare_cached("SELECT text FROM progress WHERE id = ?1")?
        .query_row([progress_id], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// Set by migration 0023 in a database that held reports before prints were kept.
const MISSING_KEY: &str = "progress.prints_missing";

/// Once per database upgraded from before prints were kept (or restored from such a backup):
/// writes the prints of every submission that has none, in the caller's transaction, so that
/// comparisons need not read those texts. Returns how many submissions got prints.
pub fn fill_missing(conn: &Connection) -> Result<usize, ProgressError> {
    let missing: Option<String> = conn
        .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
        .query_row([MISSING_KEY], |r| r.get(0))
        .optional()?;
    if missing.is_none() {
        return Ok(0);
    }
    let missing: Vec<i64> = conn
        .prepare(
            "SELECT s.id FROM submission s
             WHERE NOT EXISTS (SELECT 1 FROM submission_print p WHERE p.submission_id = s.id)",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for &id in &missing {
        let prints: Vec<EntryPrint> = entry_texts(conn, id)?
            .into_iter()
            .map(|(progress_id, task_id, text)| EntryPrint {
                task_id,
                progress_id,
                print: Print::of(&text),
            })
            .collect();
        write(conn, id, &prints)?;
    }
    conn.execute("DELETE FROM setting WHERE key = ?1", [MISSING_KEY])?;
    Ok(missing.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_set_aside_numbers_dates_and_punctuation() {
        let a = Print::of("截至2025年9月底，已完成3件行政复议案件审理。");
        let b = Print::of("截至2025年10月底已完成5件行政复议案件审理");
        assert_eq!(a, b);
        assert_eq!(
            a.chars,
            "截至底已完成件行政复议案件审理".chars().count() as u32
        );
        assert_ne!(a, Print::of("截至底已完成件行政复议案件审查"));
    }

    /// The rule as first written, character by character over a copy of the text.
    fn kept_by_index(text: &str) -> Vec<char> {
        let src: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < src.len() {
            let c = src[i];
            if c.is_numeric() {
                while i < src.len() && (src[i].is_numeric() || matches!(src[i], '.' | '．')) {
                    i += 1;
                }
                if i < src.len() && DATE_UNITS.contains(&src[i]) {
                    i += 1;
                }
                continue;
            }
            if CN_DIGITS.contains(&c) {
                let end = src[i..]
                    .iter()
                    .position(|c| !CN_DIGITS.contains(c))
                    .map_or(src.len(), |n| i + n);
                if end < src.len() && src[end] == '月' {
                    i = end + 1;
                    continue;
                }
            }
            if c.is_alphabetic() {
                out.push(c);
            }
            i += 1;
        }
        out
    }

    #[test]
    fn kept_characters_are_those_of_the_rule_read_character_by_character() {
        let alphabet: Vec<char> =
            "截至2025年10月底已完成3.5件，十二月七月一是统一〇号日 .．Ab９²Ⅻ〇月月"
                .chars()
                .collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for n in 0..20_000usize {
            let text: String = (0..n % 24)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            let mut kept = Vec::new();
            kept_chars(&text, |c| kept.push(c));
            assert_eq!(kept, kept_by_index(&text), "{text:?}");
        }
    }

    #[test]
    fn the_quick_character_classes_are_the_standard_ones() {
        for c in (0..=0x3_0000).filter_map(char::from_u32) {
            assert_eq!(numeric(c), c.is_numeric(), "{c:?}");
            assert_eq!(alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    /// A database with index statistics (`ANALYZE`) must not make the import prepare its
    /// queries again for every ledger: reading each unit's window and a submission's texts
    /// reuses the prepared statements.
    #[test]
    fn a_units_window_is_read_without_preparing_its_query_again(
    ) -> Result<(), Box<dyn std::error::Error>> {
        use rusqlite::StatementStatus;
        let mut db = crate::store::Db::open_in_memory()?;
        db.conn().execute_batch(
            "INSERT INTO plan (id, title, created_at) VALUES (1, '示例县方案', 'now');
             INSERT INTO task (id, plan_id, seq, title, created_at, updated_at)
                 VALUES (1, 1, 1, '推进依法行政', 'now', 'now');",
        )?;
        let tx = db.transaction()?;
        for u in 1..=40i64 {
            tx.execute(
                "INSERT INTO unit (id, name) VALUES (?1, ?2)",
                params![u, format!("示例县第{u}局")],
            )?;
            for m in 1..=12u32 {
                let sub = crate::progress::Submission {
                    plan_id: 1,
                    unit_id: u,
                    period: Period {
                        year: 2025,
                        month: m,
                    },
                    file_name: "台账.xlsx",
                    file_hash: "",
                    received_at: "2026-01-05 09:00:00",
                };
                let entry = crate::progress::Entry {
                    task_id: 1,
                    text: format!("{m}月召开专题会议研究部署"),
                    status: None,
                };
                crate::progress::record_submission(&tx, &sub, &[entry])?;
            }
        }
        tx.commit()?;
        db.conn().execute_batch("ANALYZE")?;
        let conn = db.conn();
        let (from, to) = (Period::parse("2025-01")?, Period::parse("2026-01")?);
        for u in 1..=40 {
            let window = unit_window(conn, 1, u, from, to)?;
            assert_eq!(window.len(), 12);
            let newest = window.first().ok_or("no submission")?;
            assert_eq!(entry_texts(conn, newest.submission_id)?.len(), 1);
        }
        for sql in [UNIT_WINDOW, ENTRY_SPAN] {
            let again = conn
                .prepare_cached(sql)?
                .get_status(StatementStatus::RePrepare);
            assert_eq!(again, 0, "prepared again: {sql}");
        }
        Ok(())
    }

    #[test]
    fn a_blob_reads_back_and_a_damaged_one_is_refused() {
        let prints = vec![
            EntryPrint {
                task_id: 7,
                progress_id: 1_000_001,
                print: Print::of("组织开展行政执法案卷评查"),
            },
            EntryPrint {
                task_id: -1,
                progress_id: i64::MAX,
                print: Print {
                    digest: u64::MAX,
                    chars: u32::MAX,
                },
            },
        ];
        let blob = encode(&prints);
        assert_eq!(decode(&blob), Some(prints));
        assert_eq!(decode(&blob[..blob.len() - 1]), None);
        assert_eq!(decode(&[]), Some(Vec::new()));
    }
}

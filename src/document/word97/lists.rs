//! Word's automatic numbering in a .doc: the text of a numbered paragraph does not hold its
//! number ("一、", "1.", "（1）"); the paragraph names a list (sprmPIlfo, an index into the LFOs
//! of the table stream) and a level (sprmPIlvl), and the list's LST says how each level's
//! number is drawn (LVL: start, number format, and a template such as "%1、" with the levels'
//! numbers as characters 0–8). [`Lists::label`] draws the number as Word does, counting as it
//! goes through the paragraphs in order. Anything unreadable gives no lists: the text is read
//! without numbers, never refused.

use super::{u16_at, u32_at};

/// One level of a list.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    /// MSONFC number format.
    nfc: u8,
    /// The number template: UTF-16 units, a unit below 9 standing for that level's number.
    template: Vec<u16>,
    /// fNoRestart: the level does not restart after a shallower level.
    no_restart: bool,
}

/// A list definition (LSTF and its LVLs).
#[derive(Debug, Clone, Default)]
struct List {
    levels: Vec<Level>,
}

/// A list instance (LFO): the list it draws and the levels whose start it overrides.
#[derive(Debug, Clone, Default)]
struct Instance {
    list: usize,
    start_at: [Option<u32>; 9],
}

/// The lists of a document and the numbers drawn so far.
#[derive(Debug, Default)]
pub(super) struct Lists {
    lists: Vec<List>,
    instances: Vec<Instance>,
    /// Per list: the current number of each level (None: not drawn since its restart).
    counters: Vec<[Option<u32>; 9]>,
}

/// Size of an LSTF, an LVLF and an LFO record.
const LSTF_BYTES: usize = 28;
const LVLF_BYTES: usize = 28;
const LFO_BYTES: usize = 16;

/// Reads one LVL at `at`; returns it and the offset after it.
fn level(table: &[u8], at: usize) -> Option<(Level, usize)> {
    let lvlf = table.get(at..at + LVLF_BYTES)?;
    let start = u32_at(lvlf, 0)?;
    let nfc = lvlf[4];
    let flags = lvlf[5];
    let cb_chpx = lvlf[24] as usize;
    let cb_papx = lvlf[25] as usize;
    let xst = at + LVLF_BYTES + cb_papx + cb_chpx;
    let cch = u16_at(table, xst)? as usize;
    if cch > 64 {
        return None;
    }
    let template = (0..cch)
        .map(|i| u16_at(table, xst + 2 + 2 * i))
        .collect::<Option<Vec<u16>>>()?;
    let level = Level {
        start,
        nfc,
        template,
        no_restart: flags & 0x08 != 0,
    };
    Some((level, xst + 2 + 2 * cch))
}

impl Lists {
    /// Reads the PlfLst and PlfLfo of the table stream (their (fc, lcb) from the FIB).
    pub(super) fn read(table: &[u8], lst: (u32, u32), lfo: (u32, u32)) -> Lists {
        Self::try_read(table, lst, lfo).unwrap_or_default()
    }

    fn try_read(
        table: &[u8],
        (lst_fc, lst_lcb): (u32, u32),
        (lfo_fc, _): (u32, u32),
    ) -> Option<Lists> {
        if lst_lcb == 0 {
            return None;
        }
        let at = lst_fc as usize;
        let count = u16_at(table, at)? as usize;
        if count > 4096 {
            return None;
        }
        let mut lsids = Vec::with_capacity(count);
        let mut simple = Vec::with_capacity(count);
        for i in 0..count {
            let lstf = table.get(at + 2 + i * LSTF_BYTES..at + 2 + (i + 1) * LSTF_BYTES)?;
            lsids.push(u32_at(lstf, 0)?);
            simple.push(lstf[26] & 0x01 != 0);
        }
        // The LVLs follow the PlfLst (its lcb does not count them).
        let mut next = at + 2 + count * LSTF_BYTES;
        let mut lists = Vec::with_capacity(count);
        for &one in &simple {
            let mut levels = Vec::new();
            for _ in 0..if one { 1 } else { 9 } {
                let (l, after) = level(table, next)?;
                levels.push(l);
                next = after;
            }
            lists.push(List { levels });
        }
        let at = lfo_fc as usize;
        let n = u32_at(table, at)? as usize;
        if n > 4096 {
            return None;
        }
        let mut instances = Vec::with_capacity(n);
        let mut overrides = Vec::with_capacity(n);
        for i in 0..n {
            let lfo = table.get(at + 4 + i * LFO_BYTES..at + 4 + (i + 1) * LFO_BYTES)?;
            let lsid = u32_at(lfo, 0)?;
            let list = lsids.iter().position(|&l| l == lsid)?;
            instances.push(Instance {
                list,
                start_at: [None; 9],
            });
            overrides.push(lfo[12] as usize);
        }
        // LFOData per LFO: a cp, then its LFOLVLs (an LVL follows one that sets formatting).
        let mut next = at + 4 + n * LFO_BYTES;
        for (instance, &count) in instances.iter_mut().zip(&overrides) {
            next += 4;
            for _ in 0..count.min(9) {
                let start = u32_at(table, next)?;
                let flags = u32_at(table, next + 4)?;
                next += 8;
                let ilvl = (flags & 0x0F) as usize;
                if flags & 0x20 != 0 {
                    let (l, after) = level(table, next)?;
                    next = after;
                    if let Some(slot) = instance.start_at.get_mut(ilvl) {
                        *slot = Some(l.start);
                    }
                } else if flags & 0x10 != 0 {
                    if let Some(slot) = instance.start_at.get_mut(ilvl) {
                        *slot = Some(start);
                    }
                }
            }
        }
        let counters = vec![[None; 9]; lists.len()];
        Some(Lists {
            lists,
            instances,
            counters,
        })
    }

    /// The number Word draws before a paragraph of list instance `ilfo` (1-based; 0 is none)
    /// at level `ilvl`, counting it. `None` for bullets, unknown formats and paragraphs outside
    /// any list.
    pub(super) fn label(&mut self, ilfo: u16, ilvl: u8) -> Option<String> {
        let instance = self.instances.get((ilfo as usize).checked_sub(1)?)?.clone();
        let list = self.lists.get(instance.list)?;
        let ilvl = ilvl as usize;
        let level = list.levels.get(ilvl)?;
        let counters = self.counters.get_mut(instance.list)?;
        let value = match counters[ilvl] {
            Some(v) => v + 1,
            None => instance.start_at[ilvl].unwrap_or(level.start),
        };
        counters[ilvl] = Some(value);
        for (deeper, slot) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            if !list.levels.get(deeper).is_some_and(|l| l.no_restart) {
                *slot = None;
            }
        }
        let mut text = String::new();
        for unit in char::decode_utf16(level.template.iter().copied()) {
            let unit = unit.ok()?;
            match unit as u32 {
                n @ 0..=8 => {
                    let n = n as usize;
                    let lvl = list.levels.get(n)?;
                    let v = counters[n].unwrap_or(lvl.start);
                    text.push_str(&number(lvl.nfc, v)?);
                }
                _ => text.push(unit),
            }
        }
        (!text.trim().is_empty()).then_some(text)
    }
}

/// A number in an MSONFC format, by the name the .docx reader knows it under.
fn number(nfc: u8, n: u32) -> Option<String> {
    let format = match nfc {
        0 => "decimal",
        3 => "upperLetter",
        4 => "lowerLetter",
        11 => "japaneseCounting",
        14 | 19 => "decimalFullWidth",
        18 => "decimalEnclosedCircle",
        22 => "decimalZero",
        28 => "decimalEnclosedCircleChinese",
        30 => "ideographTraditional",
        33 => "taiwaneseCounting",
        35 => "taiwaneseCountingThousand",
        37 => "chineseCounting",
        39 => "chineseCountingThousand",
        _ => return None,
    };
    crate::document::word::format_number(format, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PlfLst with one simple list ("%1、" in chineseCounting from 1) and a PlfLfo naming it.
    fn table() -> Vec<u8> {
        let mut t = vec![1, 0];
        let mut lstf = vec![0u8; LSTF_BYTES];
        lstf[..4].copy_from_slice(&7u32.to_le_bytes());
        lstf[26] = 1;
        t.extend(lstf);
        let mut lvlf = vec![0u8; LVLF_BYTES];
        lvlf[..4].copy_from_slice(&1u32.to_le_bytes());
        lvlf[4] = 37;
        t.extend(lvlf);
        t.extend(2u16.to_le_bytes());
        t.extend(0u16.to_le_bytes());
        t.extend(('、' as u16).to_le_bytes());
        let lfo_at = t.len();
        t.extend(1u32.to_le_bytes());
        let mut lfo = vec![0u8; LFO_BYTES];
        lfo[..4].copy_from_slice(&7u32.to_le_bytes());
        t.extend(lfo);
        t.extend(0u32.to_le_bytes());
        assert_eq!(lfo_at, 2 + LSTF_BYTES + LVLF_BYTES + 6);
        t
    }

    #[test]
    fn a_simple_list_counts_in_chinese() {
        let t = table();
        let lfo_at = (2 + LSTF_BYTES + LVLF_BYTES + 6) as u32;
        let mut lists = Lists::read(&t, (0, 2 + LSTF_BYTES as u32), (lfo_at, 20));
        let labels: Vec<Option<String>> = (0..3).map(|_| lists.label(1, 0)).collect();
        assert_eq!(
            labels,
            [
                Some("一、".into()),
                Some("二、".into()),
                Some("三、".into())
            ]
        );
        // A paragraph outside the lists, or at a level the list has not, has no number.
        assert_eq!(lists.label(0, 0), None);
        assert_eq!(lists.label(2, 0), None);
        assert_eq!(lists.label(1, 3), None);
    }

    #[test]
    fn cut_or_wrong_list_tables_give_no_numbers_and_never_panic() {
        let t = table();
        // Up to the end of the LFO (its LFOData, with no overrides, is not needed).
        for cut in 0..t.len() - 4 {
            let mut lists = Lists::read(&t[..cut], (0, 30), (64, 20));
            assert_eq!(lists.label(1, 0), None, "cut at {cut}");
        }
        let mut lists = Lists::read(&t, (u32::MAX, u32::MAX), (u32::MAX, 0));
        assert_eq!(lists.label(1, 0), None);
    }
}

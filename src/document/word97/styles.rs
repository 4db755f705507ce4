//! The style sheet of a .doc (STSH in the table stream): the list a paragraph style numbers
//! with (sprmPIlfo / sprmPIlvl in its paragraph UPX), so that paragraphs numbered only by their
//! style (标题 1 numbered 一、, no list on the paragraph) keep their codes. Anything unreadable
//! gives no styles: the text is read without those numbers, never refused.

use super::u16_at;

/// sprmPIlfo and sprmPIlvl.
const SPRM_ILFO: u16 = 0x460B;
const SPRM_ILVL: u16 = 0x260A;
/// istdBase of a style based on no other.
const NO_BASE: u16 = 0x0FFF;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Style {
    base: Option<u16>,
    ilfo: Option<u16>,
    ilvl: Option<u8>,
}

/// Paragraph styles by istd.
#[derive(Debug, Clone, Default)]
pub(super) struct Styles {
    styles: Vec<Option<Style>>,
}

impl Styles {
    pub(super) fn read(table: &[u8], (fc, lcb): (u32, u32)) -> Styles {
        let end = (fc as usize).saturating_add(lcb as usize);
        table
            .get(fc as usize..end)
            .filter(|s| lcb > 0 && !s.is_empty())
            .and_then(Styles::parse)
            .unwrap_or_default()
    }

    fn parse(stsh: &[u8]) -> Option<Styles> {
        let cb_stshi = u16_at(stsh, 0)? as usize;
        let cstd = u16_at(stsh, 2)? as usize;
        let cb_base = u16_at(stsh, 4)? as usize;
        let mut at = 2 + cb_stshi;
        let mut styles = Vec::with_capacity(cstd.min(4096));
        for _ in 0..cstd.min(4096) {
            let cb_std = u16_at(stsh, at)? as usize;
            let std = stsh.get(at + 2..at + 2 + cb_std)?;
            at += 2 + cb_std;
            styles.push(if cb_std == 0 {
                None
            } else {
                style(std, cb_base)
            });
        }
        Some(Styles { styles })
    }

    /// The list instance and level a style numbers with, inherited along istdBase; `None` when
    /// the style draws no number (or switches it off with ilfo 0).
    pub(super) fn list_of(&self, istd: u16) -> Option<(u16, u8)> {
        let (mut ilfo, mut ilvl) = (None, None);
        let mut id = istd;
        // A chain of styles is short; the bound only stops a loop in a broken file.
        for _ in 0..16 {
            let Some(Some(s)) = self.styles.get(id as usize) else {
                break;
            };
            ilfo = ilfo.or(s.ilfo);
            ilvl = ilvl.or(s.ilvl);
            match s.base {
                Some(base) if ilfo.is_none() || ilvl.is_none() => id = base,
                _ => break,
            }
        }
        ilfo.filter(|&i| i != 0).map(|i| (i, ilvl.unwrap_or(0)))
    }
}

/// One STD: a paragraph style's base and the list sprms of its paragraph UPX.
fn style(std: &[u8], cb_base: usize) -> Option<Style> {
    let kind_base = u16_at(std, 2)?;
    // stk 1: a paragraph style (its first UPX is for paragraphs).
    if kind_base & 0x000F != 1 {
        return None;
    }
    let base = kind_base >> 4;
    // The name: a length, that many UTF-16 units and a terminating zero.
    let cch = u16_at(std, cb_base)? as usize;
    let mut at = cb_base + 2 + cch * 2 + 2;
    at += at % 2;
    let cb_upx = u16_at(std, at)? as usize;
    // The UPX starts with the style's istd; the sprms follow.
    let grpprl = std.get(at + 4..at + 2 + cb_upx)?;
    let mut s = Style {
        base: (base != NO_BASE).then_some(base),
        ..Style::default()
    };
    let mut i = 0usize;
    while let Some(sprm) = u16_at(grpprl, i) {
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            // A sprm with its own size byte: no list sprm is one.
            _ => 1 + *grpprl.get(i + 2)? as usize,
        };
        let operand = grpprl.get(i + 2..i + 2 + size)?;
        match sprm {
            SPRM_ILFO => s.ilfo = u16_at(operand, 0),
            SPRM_ILVL => s.ilvl = operand.first().copied(),
            _ => {}
        }
        i += 2 + size;
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An STSH of `styles`: (istdBase, sprms) per paragraph style; `None` for an empty slot.
    fn stsh(styles: &[Option<(u16, Vec<u8>)>]) -> Vec<u8> {
        let mut out = vec![];
        let stshi: Vec<u8> = [styles.len() as u16, 10, 0, 0, 0, 0, 0, 0, 0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        out.extend((stshi.len() as u16).to_le_bytes());
        out.extend(stshi);
        for (istd, s) in styles.iter().enumerate() {
            let Some((base, sprms)) = s else {
                out.extend(0u16.to_le_bytes());
                continue;
            };
            let mut std: Vec<u8> = vec![0, 0];
            std.extend((1 | (base << 4)).to_le_bytes());
            std.extend([0; 6]);
            // The name "S" with its terminating zero.
            std.extend([1, 0, b'S', 0, 0, 0]);
            let mut upx = (istd as u16).to_le_bytes().to_vec();
            upx.extend(sprms);
            std.extend((upx.len() as u16).to_le_bytes());
            std.extend(&upx);
            if upx.len() % 2 == 1 {
                std.push(0);
            }
            out.extend((std.len() as u16).to_le_bytes());
            out.extend(std);
        }
        out
    }

    #[test]
    fn a_style_numbers_with_its_own_or_its_bases_list() {
        let ilfo = |n: u16| [SPRM_ILFO.to_le_bytes().to_vec(), n.to_le_bytes().to_vec()].concat();
        let lvl = |n: u8| [SPRM_ILVL.to_le_bytes().to_vec(), vec![n]].concat();
        let bytes = stsh(&[
            Some((NO_BASE, vec![])),
            Some((NO_BASE, [ilfo(2), lvl(1)].concat())),
            Some((1, vec![])),
            None,
            Some((1, ilfo(0))),
            Some((5, vec![])),
        ]);
        let s = Styles::parse(&bytes).expect("parsed");
        assert_eq!(s.list_of(0), None);
        assert_eq!(s.list_of(1), Some((2, 1)));
        assert_eq!(s.list_of(2), Some((2, 1)));
        assert_eq!(s.list_of(3), None);
        assert_eq!(s.list_of(4), None);
        assert_eq!(s.list_of(5), None, "a style based on itself");
        assert_eq!(s.list_of(99), None);
    }

    #[test]
    fn cut_style_sheets_give_no_styles_and_never_panic() {
        let bytes = stsh(&[Some((NO_BASE, vec![0x0B, 0x46, 2, 0]))]);
        for n in 0..bytes.len() {
            let s = Styles::read(&bytes[..n], (0, n as u32));
            assert_eq!(s.list_of(0), None);
        }
        assert_eq!(
            Styles::read(&bytes, (0, bytes.len() as u32)).list_of(0),
            Some((2, 0))
        );
    }
}

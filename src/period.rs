//! 报送期次: the month a report covers, written `YYYY-MM` or 2025年9月.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A period the clerk wrote that is no month.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("报送期次“{0}”无法识别，请写成 2025-09 或 2025年9月。")]
pub struct BadPeriod(pub String);

/// A reporting period, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(test, derive(ts_rs::TS), ts(type = "string", rename = "PeriodKey"))]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

impl Period {
    /// Parses `2025-09`, `2025-9` or `2025年9月`.
    pub fn parse(s: &str) -> Result<Period, BadPeriod> {
        let t = s.trim();
        let bad = || BadPeriod(crate::limits::preview(t));
        let cleaned = t.replace('年', "-").replace('月', "");
        let (y, m) = cleaned.split_once('-').ok_or_else(bad)?;
        let year: i32 = y.trim().parse().map_err(|_| bad())?;
        let month: u32 = m.trim().parse().map_err(|_| bad())?;
        if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Period { year, month })
    }

    /// The month before.
    pub fn prev(self) -> Period {
        if self.month == 1 {
            Period {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Period {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The month after.
    pub fn next(self) -> Period {
        if self.month == 12 {
            Period {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Period {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// As people read it: 2025年9月.
    pub fn label(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }

    /// The month `date` falls in.
    pub fn of(date: NaiveDate) -> Period {
        Period {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The first day of the month (`None` only for a month outside the calendar's range).
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    /// The last day of the month.
    pub fn last_day(self) -> Option<NaiveDate> {
        self.next().first_day().and_then(|d| d.pred_opt())
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_parses_both_spellings_and_rolls_over_years() -> Result<(), BadPeriod> {
        let p = Period::parse("2025年1月")?;
        assert_eq!(p.to_string(), "2025-01");
        assert_eq!(p.prev().to_string(), "2024-12");
        assert_eq!(Period::parse("2024-12")?.next().to_string(), "2025-01");
        assert_eq!(p.label(), "2025年1月");
        assert!(Period::parse("2025-13").is_err());
        assert!(Period::parse("九月").is_err());
        Ok(())
    }
}

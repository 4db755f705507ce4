//! "Now", as the caller gives it. The core never reads the computer's clock: the programs (the
//! CLI in `src/main.rs`, the desktop) open the database with theirs ([`Clock::new`]) and every
//! time stamp, backup name and fallback "today" comes from it; tests and tools get
//! [`Clock::ticking`], the same on every run.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeDelta, TimeZone};

/// Where the core's "now" comes from.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Local> + Send + Sync>);

impl Clock {
    /// A clock that asks `now` at every reading; the programs pass `chrono::Local::now`.
    pub fn new(now: impl Fn() -> DateTime<Local> + Send + Sync + 'static) -> Clock {
        Clock(Arc::new(now))
    }

    /// A clock that starts at `start` (local time) and moves one millisecond on at every
    /// reading, so that stamps keep their order and names made from it never collide.
    pub fn ticking_from(start: NaiveDateTime) -> Clock {
        let start = local(start);
        let readings = AtomicI64::new(0);
        Clock::new(move || {
            let n = readings.fetch_add(1, Ordering::Relaxed);
            start + TimeDelta::milliseconds(n)
        })
    }

    /// [`Clock::ticking_from`] 2025-01-01 08:00:00: the clock of a database opened without
    /// one (tests, examples, benches).
    pub fn ticking() -> Clock {
        let start = NaiveDate::from_ymd_opt(2025, 1, 1)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap_or_default();
        Clock::ticking_from(start)
    }

    /// Now, in local time.
    pub fn now(&self) -> DateTime<Local> {
        (self.0)()
    }

    /// Now as a local date and time without a zone, as the database stores it.
    pub fn naive(&self) -> NaiveDateTime {
        self.now().naive_local()
    }

    /// Today's date on this clock.
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Clock")
    }
}

/// A local date and time as an instant (the earlier one when clocks go back; as UTC when it
/// does not exist in this zone).
fn local(at: NaiveDateTime) -> DateTime<Local> {
    Local
        .from_local_datetime(&at)
        .earliest()
        .unwrap_or_else(|| Local.from_utc_datetime(&at))
}

#[cfg(test)]
mod tests;

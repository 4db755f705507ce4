//! "Today" for reminders: the PC's date, unless `TAIZHANG_TODAY=YYYY-MM-DD` fixes it (the
//! end-to-end tests do, so that due dates and countdowns are known). The core never reads the
//! clock: every command passes this date in.

use chrono::{Local, NaiveDate, NaiveDateTime};
use taizhang::clock::Clock;

/// `TAIZHANG_TODAY` when set to a valid date, else today's date on this PC's clock.
pub fn today() -> NaiveDate {
    fixed().unwrap_or_else(|| Local::now().date_naive())
}

/// Now, on [`today`]'s date (the time of day is the clock's), e.g. for 已催报 times.
pub fn now() -> NaiveDateTime {
    let clock = Local::now().naive_local();
    match fixed() {
        Some(day) => day.and_time(clock.time()),
        None => clock,
    }
}

/// This PC's clock, for the core's time stamps and backup names (not moved by
/// `TAIZHANG_TODAY`, as before the core took its time from the caller).
pub fn clock() -> Clock {
    Clock::new(Local::now)
}

fn fixed() -> Option<NaiveDate> {
    let text = std::env::var("TAIZHANG_TODAY").ok()?;
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

//! Contact scheduling: the first moment, on or after the as-of date, that falls inside the
//! policy's contact hours in the debtor's time zone, skipping Sundays and holidays unless
//! the policy allows them; and the check of an instant against the same rules.
//!
//! Pure: the as-of date, zone, windows and calendar are passed in; never reads the clock.
//! Guardrails other than contact hours (caps, opt-outs) live elsewhere in `plan`.

use chrono::{
    DateTime, Datelike, Days, FixedOffset, LocalResult, NaiveDate, NaiveTime, SecondsFormat,
    TimeZone, Timelike, Weekday as ChronoWeekday,
};
use chrono_tz::Tz;

use crate::plan::holidays::HolidayCalendar;
use crate::schema::ContactWindow;

/// How many days after the as-of date the search goes before giving up (two weeks covers
/// any run of holidays plus weekends; beyond it the windows are effectively empty).
pub const SEARCH_DAYS: u64 = 14;

const MINUTES_PER_DAY: u32 = 24 * 60;

/// The start of the first allowed contact window on or after `as_of`, in `tz`, as a
/// fixed-offset instant (`2025-03-11T08:00:00-03:00`). Days are tried from `as_of` through
/// `as_of + 14`; a Sunday is skipped unless `allow_sundays`, a holiday unless
/// `allow_holidays`. Within a day the earliest-starting window wins.
///
/// Time-zone transitions: a window start that falls in a DST gap (the clock jumps over it)
/// moves to the first minute that exists, if still inside the window; a start that occurs
/// twice (clocks go back) takes the earlier of the two instants.
pub fn first_contact_slot(
    as_of: NaiveDate,
    tz: Tz,
    windows: &[ContactWindow],
    calendar: &HolidayCalendar,
    allow_sundays: bool,
    allow_holidays: bool,
) -> Option<DateTime<FixedOffset>> {
    (0..=SEARCH_DAYS)
        .filter_map(|offset| as_of.checked_add_days(Days::new(offset)))
        .filter(|date| day_allowed(*date, calendar, allow_sundays, allow_holidays))
        .find_map(|date| earliest_start_on(date, tz, windows))
}

/// Whether `at` lies inside an allowed contact window, read on the wall clock of `tz`
/// (the executor's re-check before dispatch).
pub fn is_contact_allowed<Z: TimeZone>(
    at: &DateTime<Z>,
    tz: Tz,
    windows: &[ContactWindow],
    calendar: &HolidayCalendar,
    allow_sundays: bool,
    allow_holidays: bool,
) -> bool {
    let local = at.with_timezone(&tz);
    let date = local.date_naive();
    let minute = local.hour() * 60 + local.minute();
    day_allowed(date, calendar, allow_sundays, allow_holidays)
        && windows
            .iter()
            .filter(|w| window_covers_day(w, date.weekday()))
            .any(|w| w.from_minute <= minute && minute < w.to_minute)
}

/// RFC 3339 with the offset and whole seconds: `2025-03-11T08:00:00-03:00`.
pub fn rfc3339(at: &DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn day_allowed(
    date: NaiveDate,
    calendar: &HolidayCalendar,
    allow_sundays: bool,
    allow_holidays: bool,
) -> bool {
    (allow_sundays || date.weekday() != ChronoWeekday::Sun)
        && (allow_holidays || !calendar.is_holiday(date))
}

/// `mon-fri` covers Monday..Friday; a reversed range such as `fri-mon` wraps the week.
fn window_covers_day(window: &ContactWindow, day: ChronoWeekday) -> bool {
    let (first, last) = (window.first_day.index(), window.last_day.index());
    let day = day.num_days_from_monday();
    if first <= last {
        first <= day && day <= last
    } else {
        day >= first || day <= last
    }
}

fn earliest_start_on(
    date: NaiveDate,
    tz: Tz,
    windows: &[ContactWindow],
) -> Option<DateTime<FixedOffset>> {
    let mut todays: Vec<&ContactWindow> = windows
        .iter()
        .filter(|w| window_covers_day(w, date.weekday()))
        .collect();
    todays.sort_by_key(|w| w.from_minute);
    todays.into_iter().find_map(|w| window_start(date, tz, w))
}

/// The first existing local minute of `window` on `date`, as an instant.
fn window_start(date: NaiveDate, tz: Tz, window: &ContactWindow) -> Option<DateTime<FixedOffset>> {
    let end = window.to_minute.min(MINUTES_PER_DAY);
    (window.from_minute..end).find_map(|minute| {
        let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0)?;
        match tz.from_local_datetime(&date.and_time(time)) {
            LocalResult::Single(at) => Some(at.fixed_offset()),
            LocalResult::Ambiguous(earlier, _) => Some(earlier.fixed_offset()),
            LocalResult::None => None,
        }
    })
}

//! Contact scheduling and the holiday calendar: Sundays, holidays (built-in and user file),
//! Saturday's short window, custom windows, time zones with and without DST.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Datelike, Days, NaiveDate, Weekday as ChronoWeekday};
use chrono_tz::Tz;
use strat::check::default_contact_hours;
use strat::plan::holidays::{easter, HolidayCalendar};
use strat::plan::schedule::{first_contact_slot, is_contact_allowed, rfc3339};
use strat::schema::{ContactWindow, Weekday};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn window(first_day: Weekday, last_day: Weekday, from: &str, to: &str) -> ContactWindow {
    let minutes = |hhmm: &str| {
        let (h, m) = hhmm.split_once(':').unwrap();
        h.parse::<u32>().unwrap() * 60 + m.parse::<u32>().unwrap()
    };
    ContactWindow {
        first_day,
        last_day,
        from_minute: minutes(from),
        to_minute: minutes(to),
    }
}

/// The product's example policy: mon-fri 08:00-20:00, sat 09:00-13:00.
fn product_hours() -> Vec<ContactWindow> {
    vec![
        window(Weekday::Mon, Weekday::Fri, "08:00", "20:00"),
        window(Weekday::Sat, Weekday::Sat, "09:00", "13:00"),
    ]
}

fn slot(
    as_of: NaiveDate,
    tz: Tz,
    windows: &[ContactWindow],
    sundays: bool,
    holidays: bool,
) -> Option<String> {
    first_contact_slot(
        as_of,
        tz,
        windows,
        &HolidayCalendar::builtin_br(),
        sundays,
        holidays,
    )
    .map(|at| rfc3339(&at))
}

fn sp() -> Tz {
    chrono_tz::America::Sao_Paulo
}

#[test]
fn weekday_starts_at_the_window_opening_in_sao_paulo() {
    assert_eq!(
        slot(date(2025, 3, 11), sp(), &product_hours(), false, false).as_deref(),
        Some("2025-03-11T08:00:00-03:00")
    );
}

#[test]
fn sunday_moves_to_monday_unless_allowed() {
    let mut hours = product_hours();
    hours.push(window(Weekday::Sun, Weekday::Sun, "10:00", "12:00"));
    assert_eq!(
        slot(date(2025, 3, 9), sp(), &hours, false, false).as_deref(),
        Some("2025-03-10T08:00:00-03:00")
    );
    assert_eq!(
        slot(date(2025, 3, 9), sp(), &hours, true, false).as_deref(),
        Some("2025-03-09T10:00:00-03:00")
    );
    // Allowed, but no Sunday window declared: still Monday.
    assert_eq!(
        slot(date(2025, 3, 9), sp(), &product_hours(), true, false).as_deref(),
        Some("2025-03-10T08:00:00-03:00")
    );
}

#[test]
fn saturday_uses_its_short_window() {
    assert_eq!(
        slot(date(2025, 3, 15), sp(), &product_hours(), false, false).as_deref(),
        Some("2025-03-15T09:00:00-03:00")
    );
    assert_eq!(
        slot(
            date(2025, 3, 15),
            sp(),
            &default_contact_hours(),
            false,
            false
        )
        .as_deref(),
        Some("2025-03-15T08:00:00-03:00")
    );
}

#[test]
fn holidays_are_skipped_unless_allowed() {
    // Tiradentes, Monday 2025-04-21 → Tuesday.
    assert_eq!(
        slot(date(2025, 4, 21), sp(), &product_hours(), false, false).as_deref(),
        Some("2025-04-22T08:00:00-03:00")
    );
    // Good Friday 2025-04-18 → Saturday's short window.
    assert_eq!(
        slot(date(2025, 4, 18), sp(), &product_hours(), false, false).as_deref(),
        Some("2025-04-19T09:00:00-03:00")
    );
    assert_eq!(
        slot(date(2025, 4, 18), sp(), &product_hours(), false, true).as_deref(),
        Some("2025-04-18T08:00:00-03:00")
    );
    // Christmas 2027 is a Saturday: Sat (holiday) and Sun skipped → Monday 27th.
    assert_eq!(
        slot(date(2027, 12, 25), sp(), &product_hours(), false, false).as_deref(),
        Some("2027-12-27T08:00:00-03:00")
    );
    // Consciência Negra (Lei 14.759/2023), Thursday 2025-11-20.
    assert_eq!(
        slot(date(2025, 11, 20), sp(), &product_hours(), false, false).as_deref(),
        Some("2025-11-21T08:00:00-03:00")
    );
}

#[test]
fn user_holiday_file_adds_municipal_holidays() {
    let mut calendar = HolidayCalendar::builtin_br();
    calendar
        .extend_from_text(
            "# São Paulo (capital)\n2025-01-25 Aniversário de São Paulo\n2025-07-09 Revolução Constitucionalista # estadual\n",
            "sp.txt",
        )
        .unwrap();
    assert!(calendar.is_holiday(date(2025, 7, 9)));
    let at = first_contact_slot(
        date(2025, 7, 9),
        sp(),
        &product_hours(),
        &calendar,
        false,
        false,
    )
    .unwrap();
    assert_eq!(rfc3339(&at), "2025-07-10T08:00:00-03:00");
    assert_eq!(
        calendar.name_of(date(2025, 7, 9)),
        Some("Revolução Constitucionalista")
    );
}

#[test]
fn holiday_file_errors_name_the_line_and_add_nothing() {
    let mut calendar = HolidayCalendar::empty();
    let err = calendar
        .extend_from_text(
            "2025-01-25 ok\n\n# comment\n2025-02-30 bad day\n",
            "extra.txt",
        )
        .unwrap_err();
    assert_eq!(err.line, 4);
    assert_eq!(err.file_name, "extra.txt");
    assert!(
        err.to_string()
            .starts_with("extra.txt:4: `2025-02-30` is not a date"),
        "{err}"
    );
    assert!(calendar.is_empty(), "all or nothing");
    let err = calendar
        .extend_from_text("25/01/2025 Aniversário", "x.txt")
        .unwrap_err();
    assert_eq!(err.line, 1);
}

#[test]
fn time_zones_give_local_window_starts() {
    let hours = product_hours();
    assert_eq!(
        slot(
            date(2025, 3, 11),
            chrono_tz::America::Manaus,
            &hours,
            false,
            false
        )
        .as_deref(),
        Some("2025-03-11T08:00:00-04:00")
    );
    assert_eq!(
        slot(
            date(2025, 3, 11),
            chrono_tz::America::Noronha,
            &hours,
            false,
            false
        )
        .as_deref(),
        Some("2025-03-11T08:00:00-02:00")
    );
    // Same local hour, different instants.
    let none = HolidayCalendar::empty();
    let manaus = first_contact_slot(
        date(2025, 3, 11),
        chrono_tz::America::Manaus,
        &hours,
        &none,
        false,
        false,
    )
    .unwrap();
    let noronha = first_contact_slot(
        date(2025, 3, 11),
        chrono_tz::America::Noronha,
        &hours,
        &none,
        false,
        false,
    )
    .unwrap();
    assert_eq!((manaus - noronha).num_hours(), 2);
}

#[test]
fn custom_windows_pick_the_earliest_of_the_day() {
    let hours = vec![
        window(Weekday::Mon, Weekday::Fri, "14:00", "18:00"),
        window(Weekday::Mon, Weekday::Fri, "10:00", "12:00"),
        window(Weekday::Tue, Weekday::Tue, "09:30", "10:00"),
    ];
    assert_eq!(
        slot(date(2025, 3, 10), sp(), &hours, false, false).as_deref(),
        Some("2025-03-10T10:00:00-03:00")
    );
    assert_eq!(
        slot(date(2025, 3, 11), sp(), &hours, false, false).as_deref(),
        Some("2025-03-11T09:30:00-03:00")
    );
}

#[test]
fn a_window_range_may_wrap_the_week() {
    let hours = vec![window(Weekday::Fri, Weekday::Mon, "12:00", "13:00")];
    // Wednesday → Friday; Sunday skipped → Monday.
    assert_eq!(
        slot(date(2025, 3, 12), sp(), &hours, false, false).as_deref(),
        Some("2025-03-14T12:00:00-03:00")
    );
    assert_eq!(
        slot(date(2025, 3, 16), sp(), &hours, false, false).as_deref(),
        Some("2025-03-17T12:00:00-03:00")
    );
}

#[test]
fn no_usable_window_gives_none() {
    assert_eq!(slot(date(2025, 3, 11), sp(), &[], false, false), None);
    let sunday_only = vec![window(Weekday::Sun, Weekday::Sun, "08:00", "20:00")];
    assert_eq!(
        slot(date(2025, 3, 11), sp(), &sunday_only, false, false),
        None
    );
    let empty_window = vec![window(Weekday::Mon, Weekday::Sun, "10:00", "10:00")];
    assert_eq!(
        slot(date(2025, 3, 11), sp(), &empty_window, true, true),
        None
    );
}

#[test]
fn search_covers_the_as_of_date_plus_fourteen_days() {
    // Fourteen blocked days in a row: the fifteenth (as_of + 14) is still found.
    let mut calendar = HolidayCalendar::empty();
    let text: String = (0..14)
        .map(|d| {
            format!(
                "{} blocked\n",
                date(2025, 3, 3).checked_add_days(Days::new(d)).unwrap()
            )
        })
        .collect();
    calendar.extend_from_text(&text, "blocked.txt").unwrap();
    let all_week = vec![window(Weekday::Mon, Weekday::Sun, "08:00", "09:00")];
    let at = first_contact_slot(date(2025, 3, 3), sp(), &all_week, &calendar, true, false).unwrap();
    assert_eq!(rfc3339(&at), "2025-03-17T08:00:00-03:00");
    calendar
        .extend_from_text("2025-03-17 also blocked", "more.txt")
        .unwrap();
    assert_eq!(
        first_contact_slot(date(2025, 3, 3), sp(), &all_week, &calendar, true, false),
        None
    );
}

#[test]
fn dst_gap_moves_to_the_first_existing_minute() {
    let ny = chrono_tz::America::New_York;
    // 2025-03-09 02:00-02:59 does not exist in New York.
    let hours = vec![window(Weekday::Sun, Weekday::Sun, "02:00", "04:00")];
    assert_eq!(
        slot(date(2025, 3, 9), ny, &hours, true, false).as_deref(),
        Some("2025-03-09T03:00:00-04:00")
    );
    // A window entirely inside the gap is unusable that day: next Sunday.
    let gap_only = vec![window(Weekday::Sun, Weekday::Sun, "02:00", "02:30")];
    assert_eq!(
        slot(date(2025, 3, 9), ny, &gap_only, true, false).as_deref(),
        Some("2025-03-16T02:00:00-04:00")
    );
    // Brazil's last DST began at midnight, 2018-11-04: 00:00 did not exist in São Paulo.
    let midnight = vec![window(Weekday::Sun, Weekday::Sun, "00:00", "06:00")];
    assert_eq!(
        first_contact_slot(
            date(2018, 11, 4),
            sp(),
            &midnight,
            &HolidayCalendar::empty(),
            true,
            false
        )
        .map(|at| rfc3339(&at))
        .as_deref(),
        Some("2018-11-04T01:00:00-02:00")
    );
}

#[test]
fn dst_overlap_takes_the_earlier_instant() {
    let ny = chrono_tz::America::New_York;
    // 2025-11-02 01:30 happens twice in New York (EDT, then EST). No holiday calendar:
    // that date is Finados in Brazil.
    let hours = vec![window(Weekday::Sun, Weekday::Sun, "01:30", "03:00")];
    let at = first_contact_slot(
        date(2025, 11, 2),
        ny,
        &hours,
        &HolidayCalendar::empty(),
        true,
        false,
    )
    .unwrap();
    assert_eq!(rfc3339(&at), "2025-11-02T01:30:00-04:00");
    // With the Brazilian calendar the same Sunday is skipped.
    assert_eq!(
        slot(date(2025, 11, 2), ny, &hours, true, false).as_deref(),
        Some("2025-11-09T01:30:00-05:00")
    );
}

#[test]
fn is_contact_allowed_reads_the_debtors_wall_clock() {
    let hours = product_hours();
    let calendar = HolidayCalendar::builtin_br();
    let check = |rfc: &str, tz: Tz| {
        let at = DateTime::parse_from_rfc3339(rfc).unwrap();
        is_contact_allowed(&at, tz, &hours, &calendar, false, false)
    };
    // 11:00 UTC is 08:00 in São Paulo but 07:00 in Manaus.
    assert!(check("2025-03-11T11:00:00Z", sp()));
    assert!(!check("2025-03-11T11:00:00Z", chrono_tz::America::Manaus));
    assert!(
        !check("2025-03-11T20:00:00-03:00", sp()),
        "end is exclusive"
    );
    assert!(check("2025-03-11T19:59:00-03:00", sp()));
    assert!(
        !check("2025-03-15T13:00:00-03:00", sp()),
        "saturday closes at 13:00"
    );
    assert!(!check("2025-03-16T10:00:00-03:00", sp()), "sunday");
    assert!(!check("2025-04-21T10:00:00-03:00", sp()), "tiradentes");
}

#[test]
fn builtin_calendar_has_every_national_holiday_of_every_year() {
    let calendar = HolidayCalendar::builtin_br();
    for year in 2003..=2100 {
        let good_friday = easter(year)
            .unwrap()
            .checked_sub_days(Days::new(2))
            .unwrap();
        assert_eq!(good_friday.weekday(), ChronoWeekday::Fri);
        let mut expected = vec![
            date(year, 1, 1),
            good_friday,
            date(year, 4, 21),
            date(year, 5, 1),
            date(year, 9, 7),
            date(year, 10, 12),
            date(year, 11, 2),
            date(year, 11, 15),
            date(year, 12, 25),
        ];
        // Consciência Negra is national from 2024 (Lei 14.759/2023).
        if year >= 2024 {
            expected.push(date(year, 11, 20));
        }
        expected.sort();
        expected.dedup();
        for day in &expected {
            assert!(calendar.is_holiday(*day), "{day} missing");
        }
        let in_year = (0..366)
            .filter_map(|d| date(year, 1, 1).checked_add_days(Days::new(d)))
            .filter(|d| d.year() == year && calendar.is_holiday(*d))
            .count();
        assert_eq!(in_year, expected.len(), "no extra holidays in {year}");
        assert!(calendar.covers_year(year));
    }
    assert!(!calendar.covers_year(2002));
    assert!(!calendar.is_holiday(date(2023, 11, 20)));
    assert!(calendar.is_holiday(date(2031, 4, 11)), "Good Friday 2031");
    assert!(
        !calendar.is_holiday(date(2025, 3, 4)),
        "carnaval is not a national holiday"
    );
    assert_eq!(
        calendar.name_of(date(2026, 4, 3)),
        Some("Sexta-feira da Paixão")
    );
}

#[test]
fn holiday_files_from_windows_tools_are_read() {
    let mut calendar = HolidayCalendar::empty();
    calendar
        .extend_from_text(
            "\u{feff}2025-01-25 Aniversário\r\n# nota\r\n2025-07-09\r\n",
            "excel.txt",
        )
        .unwrap();
    assert!(calendar.is_holiday(date(2025, 1, 25)));
    assert_eq!(calendar.name_of(date(2025, 1, 25)), Some("Aniversário"));
    assert_eq!(
        calendar.name_of(date(2025, 7, 9)),
        Some(""),
        "a name is optional"
    );
    assert_eq!(calendar.len(), 2);
}

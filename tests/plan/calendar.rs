//! The real calendar and the debtor's time zone.

use super::support::*;

// ---------------------------------------------------------------- the real calendar

#[test]
fn real_calendar_skips_a_national_holiday_and_uses_the_debtors_zone() {
    let s = strategy(
        Policy::default(),
        vec![("a", vec![contact(Channel::Email, None, None)])],
    );
    let engines = Engines::new(HolidayCalendar::builtin_br());
    // 2025-04-18 is Sexta-feira da Paixão: the next window is Saturday at 08:00 (default hours).
    let as_of = d("2025-04-18");
    let mut h = history("D1");
    h.timezone = Some("America/Rio_Branco".into());
    let mut der = derived(as_of);
    der.timezone = Some("America/Rio_Branco".into());
    let (actions, _) = plan_with(&s, &h, &der, &[], as_of, &engines);
    assert_eq!(actions[0].scheduled_for, at("2025-04-19T08:00:00-05:00"));
    // Saturday's window closes at 14:00 but the slot is its start; on Sunday the next is
    // Tuesday (Monday 21 is Tiradentes).
    let as_of = d("2025-04-20");
    let (actions, _) = plan_with(&s, &h, &derived(as_of), &[], as_of, &engines);
    assert_eq!(actions[0].scheduled_for, at("2025-04-22T08:00:00-05:00"));
}

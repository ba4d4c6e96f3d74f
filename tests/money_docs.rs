//! Every worked example in docs/money.md, one test each, named after its section. Each test
//! computes the example with the library and checks both the expected values and that the
//! doc's section shows exactly those values as rendered text, so doc and code cannot drift.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use strat::money::format::{brl, date_br, percent_br};
use strat::money::offers::{discount_offer, installment_offer, InstallmentOffer};
use strat::money::placeholders::offer_value;
use strat::money::round::{to_cents, truncate_cents};
use strat::money::update::{update_debt, DebtUpdate};

const DOC: &str = include_str!("../docs/money.md");

/// The text of the section whose heading starts with `heading` (up to the next heading of
/// the same or a higher level).
fn section(heading: &str) -> &'static str {
    let start = DOC
        .find(heading)
        .unwrap_or_else(|| panic!("docs/money.md has no section `{heading}`"));
    let level = heading.chars().take_while(|c| *c == '#').count();
    let body = &DOC[start + heading.len()..];
    let end = body
        .match_indices("\n#")
        .find(|(i, _)| body[i + 1..].chars().take_while(|c| *c == '#').count() <= level)
        .map_or(body.len(), |(i, _)| i);
    &body[..end]
}

fn assert_shows(section_text: &str, rendered: &str) {
    assert!(
        section_text.contains(rendered),
        "the doc section should show `{rendered}`:\n{section_text}"
    );
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn example_1_1_debt() -> DebtUpdate {
    update_debt(
        dec!(1000.00),
        date(2025, 1, 10),
        date(2025, 3, 11),
        dec!(2),
        dec!(1),
    )
}

#[test]
fn example_1_1_sixty_days_late() {
    let text = section("### Example 1.1");
    let u = example_1_1_debt();
    assert_eq!((date(2025, 3, 11) - date(2025, 1, 10)).num_days(), 60);
    assert_eq!(u.late_fee, dec!(20.00));
    assert_eq!(u.interest, dec!(20.00));
    assert_eq!(u.total, dec!(1040.00));
    assert_shows(text, &format!("**{}**", brl(u.total)));
    assert_shows(text, "= 60");
}

#[test]
fn example_1_2_on_the_due_date() {
    let text = section("### Example 1.2");
    let on_due = update_debt(
        dec!(1000.00),
        date(2025, 1, 10),
        date(2025, 1, 10),
        dec!(2),
        dec!(1),
    );
    assert_eq!(on_due.total, dec!(1000.00));
    assert_shows(text, &format!("**{}**", brl(on_due.total)));
    let next_day = update_debt(
        dec!(1000.00),
        date(2025, 1, 10),
        date(2025, 1, 11),
        dec!(2),
        dec!(1),
    );
    assert_eq!(next_day.late_fee, dec!(20.00));
    assert_eq!(next_day.interest, dec!(0.33));
    assert_eq!(next_day.total, dec!(1020.33));
    assert_shows(text, &format!("**{}**", brl(next_day.total)));
}

#[test]
fn example_1_3_rounding_per_debt_then_summing() {
    let text = section("### Example 1.3");
    let one = update_debt(
        dec!(4.50),
        date(2025, 3, 1),
        date(2025, 3, 11),
        dec!(0),
        dec!(1),
    );
    assert_eq!(one.interest, dec!(0.02));
    let both = DebtUpdate::sum([&one, &one]);
    assert_eq!(both.total, dec!(9.04));
    assert_shows(text, &format!("**{}**", brl(both.total)));
    // The wrong way, shown in the doc for contrast.
    let summed_first = update_debt(
        dec!(9.00),
        date(2025, 3, 1),
        date(2025, 3, 11),
        dec!(0),
        dec!(1),
    );
    assert_eq!(summed_first.total, dec!(9.03));
    assert_shows(text, &brl(summed_first.total));
}

fn amounts_text(offer: &InstallmentOffer) -> Vec<String> {
    offer.amounts.iter().map(|a| brl(*a)).collect()
}

#[test]
fn example_2_1_six_installments() {
    let text = section("### Example 2.1");
    let offer = installment_offer(
        dec!(1040.00),
        6,
        Some(12),
        dec!(50.00),
        date(2025, 3, 11),
        7,
    );
    assert_eq!(offer.count, 6);
    assert_eq!(
        offer.amounts,
        [vec![dec!(173.33); 5], vec![dec!(173.35)]].concat()
    );
    assert_shows(text, &format!("five of **{}**", amounts_text(&offer)[0]));
    assert_shows(text, &format!("the last **{}**", amounts_text(&offer)[5]));
    let dates: Vec<String> = offer.due_dates.iter().map(|d| date_br(*d)).collect();
    assert_eq!(dates[0], "18/03/2025");
    assert_shows(text, &format!("**{}**", dates.join(", ")));
    assert_eq!(
        offer_value("installments", Some(&offer), None).as_deref(),
        Some("6")
    );
    assert_eq!(
        offer_value("installment_value", Some(&offer), None).as_deref(),
        Some("R$ 173,33")
    );
    assert_eq!(
        offer_value("offer_deadline", Some(&offer), None).as_deref(),
        Some("18/03/2025")
    );
}

#[test]
fn example_2_2_the_minimum_installment_limits_the_count() {
    let text = section("### Example 2.2");
    let offer = installment_offer(dec!(1040.00), 24, None, dec!(50.00), date(2025, 3, 11), 7);
    assert_eq!(offer.count, 20);
    assert!(offer.amounts.iter().all(|a| *a == dec!(52.00)));
    assert_eq!(truncate_cents(dec!(1040.00) / dec!(21)), dec!(49.52));
    assert_shows(text, "= 49.52");
    assert_shows(
        text,
        &format!(
            "**{} installments of {}**",
            offer.count,
            brl(offer.amounts[0])
        ),
    );
}

#[test]
fn example_2_3_the_policy_caps_the_count() {
    let text = section("### Example 2.3");
    let offer = installment_offer(dec!(1040.00), 12, Some(3), dec!(0), date(2025, 3, 11), 7);
    assert_eq!(
        offer.amounts,
        vec![dec!(346.66), dec!(346.66), dec!(346.68)]
    );
    assert_shows(text, &format!("**{} installments**", offer.count));
    let shown = amounts_text(&offer);
    assert_shows(
        text,
        &format!("{}, {} and **{}**", shown[0], shown[1], shown[2]),
    );
}

#[test]
fn example_2_4_month_ends() {
    let text = section("### Example 2.4");
    let offer = installment_offer(dec!(400.00), 4, None, dec!(0), date(2025, 1, 24), 7);
    assert_eq!(offer.amounts, vec![dec!(100.00); 4]);
    assert_shows(text, &brl(offer.amounts[0]));
    let dates: Vec<String> = offer.due_dates.iter().map(|d| date_br(*d)).collect();
    assert_eq!(
        dates,
        ["31/01/2025", "28/02/2025", "31/03/2025", "30/04/2025"]
    );
    assert_shows(text, &format!("**{}**", dates.join(", ")));
}

#[test]
fn example_2_5_total_below_the_minimum() {
    let text = section("### Example 2.5");
    let offer = installment_offer(dec!(40.00), 6, None, dec!(50.00), date(2025, 3, 11), 7);
    assert_eq!(offer.count, 1);
    assert_eq!(offer.amounts, vec![dec!(40.00)]);
    assert_shows(
        text,
        &format!("single installment of\n{}**", brl(offer.amounts[0])),
    );
}

#[test]
fn example_3_1_the_policy_caps_the_percent() {
    let text = section("### Example 3.1");
    let offer = discount_offer(
        &example_1_1_debt(),
        dec!(30),
        Some(dec!(20)),
        date(2025, 3, 11),
        7,
    );
    assert_eq!(offer.pct_applied, dec!(20));
    assert_eq!(offer.discount_amount, dec!(208.00));
    assert_eq!(offer.discounted_total, dec!(832.00));
    assert_eq!(
        offer.remaining.principal,
        dec!(832.00),
        "168.00 came from principal"
    );
    assert_shows(
        text,
        &format!("**{}** applied", percent_br(offer.pct_applied)),
    );
    assert_shows(text, &format!("**{}**", brl(offer.discount_amount)));
    assert_shows(text, &format!("**{}** to pay", brl(offer.discounted_total)));
    assert_shows(text, &format!("**{}**", date_br(offer.deadline)));
    assert_eq!(
        offer_value("discount", None, Some(&offer)).as_deref(),
        Some("20%")
    );
    assert_eq!(
        offer_value("discounted_total", None, Some(&offer)).as_deref(),
        Some("R$ 832,00")
    );
    assert_eq!(
        offer_value("offer_deadline", None, Some(&offer)).as_deref(),
        Some("18/03/2025")
    );
}

#[test]
fn example_3_2_a_small_discount_only_touches_the_charges() {
    let text = section("### Example 3.2");
    let offer = discount_offer(&example_1_1_debt(), dec!(2.5), None, date(2025, 3, 11), 7);
    assert_eq!(offer.discount_amount, dec!(26.00));
    assert_eq!(offer.remaining.late_fee, Decimal::ZERO);
    assert_eq!(offer.remaining.interest, dec!(14.00));
    assert_eq!(offer.remaining.principal, dec!(1000.00));
    assert_shows(
        text,
        &format!("discount **{}**", brl(offer.discount_amount)),
    );
    assert_shows(text, &format!("to pay **{}**", brl(offer.discounted_total)));
}

#[test]
fn example_3_3_cents_are_cut_not_rounded() {
    let text = section("### Example 3.3");
    let balance = DebtUpdate {
        principal: dec!(0.05),
        total: dec!(0.05),
        ..DebtUpdate::default()
    };
    let offer = discount_offer(&balance, dec!(30), None, date(2025, 3, 11), 7);
    assert_eq!(offer.discount_amount, dec!(0.01));
    assert_shows(text, &format!("**{}**", brl(offer.discount_amount)));
    assert_eq!(
        to_cents(dec!(0.015)),
        dec!(0.02),
        "what half-up would have given"
    );
}

#[test]
fn section_4_rounding() {
    let text = section("## 4. Rounding");
    for (input, expected) in [
        (dec!(10.005), dec!(10.01)),
        (dec!(10.0049), dec!(10.00)),
        (dec!(2.675), dec!(2.68)),
    ] {
        assert_eq!(to_cents(input), expected);
        assert_shows(text, &format!("{input} → **{expected}**"));
    }
    assert_eq!(to_cents(dec!(-10.005)), dec!(-10.01));
    assert_shows(text, "−10.005 → **−10.01**");
    assert_eq!(truncate_cents(dec!(1040) / dec!(6)), dec!(173.33));
    assert_eq!(truncate_cents(dec!(0.015)), dec!(0.01));
}

#[test]
fn section_5_formatting() {
    let text = section("## 5. Formatting");
    for (amount, shown) in [
        (dec!(1234.56), "R$ 1.234,56"),
        (dec!(-1234.56), "-R$ 1.234,56"),
        (dec!(0.5), "R$ 0,50"),
        (dec!(1234567.8), "R$ 1.234.567,80"),
        (dec!(999.999), "R$ 1.000,00"),
    ] {
        assert_eq!(brl(amount), shown);
        assert_shows(text, &format!("| `{shown}`"));
    }
    assert_eq!(date_br(date(2025, 1, 31)), "31/01/2025");
    assert_shows(text, "| `31/01/2025` |");
    assert_eq!(percent_br(dec!(30)), "30%");
    assert_eq!(percent_br(dec!(2.50)), "2,5%");
    assert_shows(text, "| `2,5%` |");
}

#[test]
fn placeholder_table_matches_the_examples() {
    let table = &DOC[..DOC.find("\n## ").unwrap()];
    let offer = installment_offer(
        dec!(1040.00),
        6,
        Some(12),
        dec!(50.00),
        date(2025, 3, 11),
        7,
    );
    let discount = discount_offer(
        &example_1_1_debt(),
        dec!(30),
        Some(dec!(20)),
        date(2025, 3, 11),
        7,
    );
    for name in strat::money::placeholders::OFFER_PLACEHOLDERS {
        let value = offer_value(name, Some(&offer), Some(&discount)).unwrap();
        assert_shows(table, &format!("| `{{{name}}}` |"));
        assert_shows(table, &format!("| `{value}` |"));
    }
    assert_shows(table, &format!("| `{}` |", brl(example_1_1_debt().total)));
    assert_eq!(offer_value("balance", Some(&offer), None), None);
    assert_eq!(offer_value("discount", Some(&offer), None), None);
}

#[test]
fn section_2_the_offer_record() {
    let text = section("### The `offer` record");
    let offer = installment_offer(dec!(1040.00), 12, Some(3), dec!(0), date(2025, 3, 11), 7);
    let json = serde_json::to_string(&offer).unwrap();
    assert_shows(text, &format!("```json\n{json}\n```"));
    let back: InstallmentOffer = serde_json::from_str(&json).unwrap();
    assert_eq!(back, offer);
}

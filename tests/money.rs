//! Properties of the money module: installments, debt update, discounts, rounding,
//! formatting. Each property states a promise PRODUCT.md §3 makes to debtors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use strat::money::format::brl;
use strat::money::offers::{discount_offer, installment_offer};
use strat::money::round::{to_cents, truncate_cents};
use strat::money::update::{update_debt, DebtUpdate};

fn cents(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max).prop_map(|c| Decimal::new(c, 2))
}

/// Totals from a few cents (where rounding bites) to a hundred million reais.
fn any_total() -> impl Strategy<Value = Decimal> {
    prop_oneof![cents(2_000), cents(10_000_000_000)]
}

/// Policy minimums: often none, sometimes sub-cent, usually whole cents; some with a third
/// decimal to exercise truncation.
fn any_minimum() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::ZERO),
        (0i64..=10).prop_map(|m| Decimal::new(m, 3)),
        cents(500_000),
        (0i64..=5_000_000).prop_map(|m| Decimal::new(m, 3)),
    ]
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..4000).prop_map(|d| {
        NaiveDate::from_ymd_opt(2020, 1, 1)
            .unwrap()
            .checked_add_days(Days::new(d))
            .unwrap()
    })
}

/// Percent with two decimals, 0.00–100.00.
fn percent() -> impl Strategy<Value = Decimal> {
    (0i64..=10_000).prop_map(|p| Decimal::new(p, 2))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn installments_sum_exactly_to_the_total(
        total in any_total(),
        requested in 0u32..60,
        policy in proptest::option::of(0u32..60),
        min in any_minimum(),
        as_of in any_date(),
        days in 0u32..60,
    ) {
        let offer = installment_offer(total, requested, policy, min, as_of, days);
        let sum: Decimal = offer.amounts.iter().sum();
        prop_assert_eq!(sum, total);
        prop_assert_eq!(offer.total, total);
        prop_assert_eq!(offer.amounts.len(), offer.count as usize);
        prop_assert_eq!(offer.due_dates.len(), offer.count as usize);
        for amount in &offer.amounts {
            prop_assert_eq!(*amount, to_cents(*amount), "whole cents");
        }
    }

    #[test]
    fn installment_count_respects_request_policy_and_minimum(
        total in any_total(),
        requested in 0u32..60,
        policy in proptest::option::of(0u32..60),
        min in any_minimum(),
        as_of in any_date(),
    ) {
        let offer = installment_offer(total, requested, policy, min, as_of, 7);
        let cap = requested.min(policy.unwrap_or(u32::MAX)).max(1);
        prop_assert!(offer.count >= 1);
        prop_assert!(offer.count <= cap);
        if offer.count > 1 {
            for amount in &offer.amounts {
                prop_assert!(*amount >= min, "{} below minimum {}", amount, min);
            }
        }
        // The largest count that fits: one more would fall below the minimum (or one cent).
        if offer.count < cap {
            let next = truncate_cents(total / Decimal::from(offer.count + 1));
            prop_assert!(next < min.max(dec!(0.01)), "{} installments of {} would also fit", offer.count + 1, next);
        }
        if total > Decimal::ZERO {
            prop_assert!(offer.amounts.iter().all(|a| *a >= dec!(0.01)), "no zero installment");
        }
        // Equal installments; only the last absorbs the remainder, by less than one cent per installment.
        let first = offer.amounts[0];
        prop_assert!(offer.amounts[..offer.amounts.len() - 1].iter().all(|a| *a == first));
        let last = *offer.amounts.last().unwrap();
        prop_assert!(last >= first);
        prop_assert!(last - first < Decimal::new(i64::from(offer.count), 2));
    }

    #[test]
    fn installment_due_dates_are_monthly_from_the_first(
        as_of in any_date(),
        days in 0u32..60,
        count in 1u32..24,
    ) {
        let offer = installment_offer(dec!(10000), count, None, dec!(0), as_of, days);
        let first = as_of.checked_add_days(Days::new(u64::from(days))).unwrap();
        prop_assert_eq!(offer.due_dates[0], first);
        for (i, pair) in offer.due_dates.windows(2).enumerate() {
            prop_assert!(pair[0] < pair[1]);
            let months = (pair[1].year() - pair[0].year()) * 12 + pair[1].month() as i32 - pair[0].month() as i32;
            prop_assert_eq!(months, 1, "installment {} to {}", i + 1, i + 2);
            // Same day of month as the first, unless the month is too short.
            prop_assert!(pair[1].day() == first.day() || pair[1].checked_add_days(Days::new(1)).unwrap().day() == 1);
        }
    }

    #[test]
    fn updated_balance_never_decreases_as_days_pass(
        principal in cents(1_000_000_000),
        due_on in any_date(),
        offset in -40i64..4000,
        step in 1u64..400,
        fee in (0i64..=200).prop_map(|p| Decimal::new(p, 2)),
        interest in (0i64..=1000).prop_map(|p| Decimal::new(p, 2)),
    ) {
        let as_of = if offset >= 0 {
            due_on.checked_add_days(Days::new(offset as u64)).unwrap()
        } else {
            due_on.checked_sub_days(Days::new(offset.unsigned_abs())).unwrap()
        };
        let later = as_of.checked_add_days(Days::new(step)).unwrap();
        let before = update_debt(principal, due_on, as_of, fee, interest);
        let after = update_debt(principal, due_on, later, fee, interest);
        prop_assert!(after.total >= before.total);
        prop_assert!(after.interest >= before.interest);
        prop_assert_eq!(before.total, before.principal + before.late_fee + before.interest);
        prop_assert_eq!(after.principal, principal);
        if as_of <= due_on {
            prop_assert_eq!(before.total, principal);
        }
    }

    #[test]
    fn discount_never_exceeds_percent_nor_policy_and_never_goes_negative(
        principal in cents(1_000_000_000),
        overdue in 0u64..2000,
        fee in (0i64..=200).prop_map(|p| Decimal::new(p, 2)),
        interest in (0i64..=1000).prop_map(|p| Decimal::new(p, 2)),
        requested in percent(),
        policy in proptest::option::of(percent()),
        as_of in any_date(),
    ) {
        let due_on = as_of.checked_sub_days(Days::new(overdue)).unwrap();
        let breakdown = update_debt(principal, due_on, as_of, fee, interest);
        let offer = discount_offer(&breakdown, requested, policy, as_of, 7);
        let limit = policy.map_or(requested, |p| p.min(requested));
        prop_assert!(offer.pct_applied <= requested);
        prop_assert!(offer.pct_applied <= limit);
        let exact = breakdown.total * offer.pct_applied / Decimal::ONE_HUNDRED;
        prop_assert!(offer.discount_amount <= exact);
        prop_assert!(exact - offer.discount_amount < dec!(0.01), "cut to cents, not more");
        prop_assert!(offer.discount_amount >= Decimal::ZERO);
        prop_assert!(offer.discounted_total >= Decimal::ZERO);
        prop_assert_eq!(offer.discounted_total, breakdown.total - offer.discount_amount);
        let r = offer.remaining;
        prop_assert_eq!(r.principal + r.late_fee + r.interest, offer.discounted_total);
        // Charges go first: principal is touched only once fee and interest are gone.
        if r.principal < breakdown.principal {
            prop_assert_eq!(r.late_fee, Decimal::ZERO);
            prop_assert_eq!(r.interest, Decimal::ZERO);
        }
        if r.interest < breakdown.interest {
            prop_assert_eq!(r.late_fee, Decimal::ZERO);
        }
    }

    #[test]
    fn per_debt_rounding_then_sum_is_exact(
        principals in proptest::collection::vec(cents(100_000_000), 1..6),
        overdue in 1u64..1000,
    ) {
        let as_of = NaiveDate::from_ymd_opt(2025, 3, 11).unwrap();
        let due_on = as_of.checked_sub_days(Days::new(overdue)).unwrap();
        let updates: Vec<DebtUpdate> = principals
            .iter()
            .map(|p| update_debt(*p, due_on, as_of, dec!(2), dec!(1)))
            .collect();
        let sum = DebtUpdate::sum(&updates);
        prop_assert_eq!(sum.total, updates.iter().map(|u| u.total).sum::<Decimal>());
        prop_assert_eq!(sum.total, to_cents(sum.total));
    }

    #[test]
    fn brl_round_trips_to_the_cent(amount in (-10_000_000_000i64..10_000_000_000).prop_map(|c| Decimal::new(c, 2))) {
        let text = brl(amount);
        let digits = text.trim_start_matches('-').trim_start_matches("R$ ").replace('.', "").replace(',', ".");
        let parsed: Decimal = digits.parse().unwrap();
        let signed = if text.starts_with('-') { -parsed } else { parsed };
        prop_assert_eq!(signed, amount);
    }
}

#[test]
fn discount_of_a_zero_or_negative_total_is_zero() {
    let as_of = NaiveDate::from_ymd_opt(2025, 3, 11).unwrap();
    let credit = DebtUpdate {
        principal: dec!(-10),
        total: dec!(-10),
        ..DebtUpdate::default()
    };
    let offer = discount_offer(&credit, dec!(30), None, as_of, 7);
    assert_eq!(offer.discount_amount, Decimal::ZERO);
    assert_eq!(offer.discounted_total, dec!(-10));
}

#[test]
fn requested_percent_above_one_hundred_is_capped() {
    let as_of = NaiveDate::from_ymd_opt(2025, 3, 11).unwrap();
    let b = update_debt(dec!(100), as_of, as_of, dec!(0), dec!(0));
    let offer = discount_offer(&b, dec!(150), None, as_of, 7);
    assert_eq!(offer.pct_applied, dec!(100));
    assert_eq!(offer.discounted_total, Decimal::ZERO);
}

#[test]
fn total_with_fractional_cents_is_rounded_before_splitting() {
    let as_of = NaiveDate::from_ymd_opt(2025, 3, 11).unwrap();
    let offer = installment_offer(dec!(100.005), 3, None, dec!(0), as_of, 7);
    assert_eq!(offer.total, dec!(100.01));
    assert_eq!(offer.amounts, vec![dec!(33.33), dec!(33.33), dec!(33.35)]);
}

#[test]
fn discount_offer_serializes_with_exact_decimals() {
    let as_of = NaiveDate::from_ymd_opt(2025, 3, 11).unwrap();
    let due_on = NaiveDate::from_ymd_opt(2025, 1, 10).unwrap();
    let b = update_debt(dec!(1000.00), due_on, as_of, dec!(2), dec!(1));
    let offer = discount_offer(&b, dec!(30), Some(dec!(20)), as_of, 7);
    let json = serde_json::to_string(&offer).unwrap();
    assert_eq!(
        json,
        r#"{"pct_applied":"20","discount_amount":"208.00","discounted_total":"832.00","remaining":{"principal":"832.00","late_fee":"0.00","interest":"0.00","total":"832.00"},"deadline":"2025-03-18"}"#
    );
    let back: strat::money::offers::DiscountOffer = serde_json::from_str(&json).unwrap();
    assert_eq!(back, offer);
}

#[test]
fn interest_counts_calendar_days_across_leap_february() {
    let due_on = NaiveDate::from_ymd_opt(2024, 2, 28).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    // 2 days (Feb 29 and Mar 1): 3,000.00 × 1% × 2/30 = 2.00.
    let u = update_debt(dec!(3000.00), due_on, as_of, dec!(0), dec!(1));
    assert_eq!(u.interest, dec!(2.00));
    let u = update_debt(dec!(3000.00), due_on, as_of, dec!(2), dec!(0));
    assert_eq!(u.late_fee, dec!(60.00));
    assert_eq!(u.interest, Decimal::ZERO);
}

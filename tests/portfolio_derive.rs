//! As-of derivation: worked examples with precise values, custom-field binding, and a
//! property test comparing `derive` with a naive day-by-day reference on random histories.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use strat::check::{CheckedStrategy, FieldInfo, Header, Policy};
use strat::money::update::update_debt;
use strat::portfolio::derive::{
    derive, derive_with, CustomField, DeriveError, DeriveSpec, Derived,
};
use strat::portfolio::history::{Agreement, Contact, Debt, DebtorHistory, OptOut, Payment};
use strat::schema::{Builtin, Type, Value, BUILTIN_SLOTS};
use strat::schema::{Channel, HitPolicy};
use strat::source::{SourceFile, Span};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn debt(id: &str, principal: Decimal, issued: &str, due: &str) -> Debt {
    Debt {
        id: id.into(),
        principal,
        issued_on: d(issued),
        due_on: d(due),
    }
}

fn pay(id: &str, debt: usize, paid: &str, amount: Decimal) -> Payment {
    Payment {
        id: id.into(),
        debt,
        paid_on: d(paid),
        amount,
    }
}

fn contact(channel: Channel, when: &str) -> Contact {
    Contact {
        channel,
        at: at(when),
        rule: "r".into(),
        outcome: "ok".into(),
    }
}

fn get(out: &Derived, field: Builtin) -> Value {
    out.row.get(field.slot())
}

fn run(history: &DebtorHistory, as_of: &str) -> Derived {
    let mut out = Derived::default();
    derive_with(history, d(as_of), &DeriveSpec::default(), &mut out).unwrap();
    out
}

/// Ana: two debts, one partly paid; contacts around the as-of date; an opt-out; an agreement.
fn ana() -> DebtorHistory {
    DebtorHistory {
        id: "D1".into(),
        name: "Ana  Maria Souza".into(),
        document: "123.456.789-00".into(),
        email: Some("ana@example.com".into()),
        phone: None,
        timezone: Some("America/Sao_Paulo".into()),
        custom: vec![],
        debts: vec![
            debt("T1", dec!(1000.00), "2024-12-01", "2025-01-10"),
            debt("T2", dec!(250.50), "2025-01-01", "2025-02-10"),
            debt("T3", dec!(80.00), "2024-11-01", "2024-12-05"),
        ],
        payments: vec![
            pay("P0", 2, "2024-12-20", dec!(80.00)),
            pay("P1", 0, "2025-01-20", dec!(400.00)),
            pay("P2", 0, "2025-02-01", dec!(600.00)),
        ],
        contacts: vec![
            contact(Channel::Sms, "2025-01-12T10:00:00-03:00"),
            contact(Channel::Email, "2025-01-13T09:30:00-03:00"),
            // 2025-01-26 local, already the 27th in UTC: counts on the 26th.
            contact(Channel::Call, "2025-01-26T22:30:00-03:00"),
            contact(Channel::Whatsapp, "2025-01-27T08:00:00-03:00"),
        ],
        opt_outs: vec![OptOut {
            channel: Channel::Whatsapp,
            since: d("2025-01-15"),
        }],
        agreements: vec![Agreement {
            id: "A1".into(),
            made_on: d("2025-01-25"),
            installments: 3,
            status: "active".into(),
        }],
    }
}

#[test]
fn worked_example_on_2025_01_26() {
    let out = run(&ana(), "2025-01-26");
    // T1 open 600 (400 paid on the 20th), T2 open 250.50 (not yet due), T3 paid late.
    assert_eq!(get(&out, Builtin::Balance), Value::Money(dec!(850.50)));
    assert_eq!(get(&out, Builtin::OpenDebts), Value::Int(2));
    assert_eq!(get(&out, Builtin::DaysOverdue), Value::Days(16));
    assert_eq!(get(&out, Builtin::DueDate), Value::Date(d("2025-01-10")));
    assert_eq!(get(&out, Builtin::DaysToDue), Value::Days(15));
    assert_eq!(get(&out, Builtin::PreviousDelays), Value::Int(1));
    assert_eq!(
        get(&out, Builtin::LastPayment),
        Value::Date(d("2025-01-20"))
    );
    assert_eq!(get(&out, Builtin::DaysSinceLastPayment), Value::Days(6));
    assert_eq!(get(&out, Builtin::HasAgreement), Value::Bool(true));
    assert!(out.agreement_in_force);
    // Last 7 days = 01-20..01-26: only the call (local date 01-26); the 27th does not exist.
    assert_eq!(get(&out, Builtin::Contacts7d), Value::Int(1));
    assert_eq!(get(&out, Builtin::CallContacts7d), Value::Int(1));
    assert_eq!(get(&out, Builtin::Contacts30d), Value::Int(3));
    assert_eq!(get(&out, Builtin::SmsContacts30d), Value::Int(1));
    assert_eq!(get(&out, Builtin::EmailContacts30d), Value::Int(1));
    assert_eq!(get(&out, Builtin::WhatsappContacts30d), Value::Int(0));
    assert_eq!(get(&out, Builtin::LetterContacts30d), Value::Int(0));
    assert_eq!(out.row.text(Builtin::Name.slot()), Some("Ana  Maria Souza"));
    assert_eq!(out.row.text(Builtin::FirstName.slot()), Some("Ana"));
    assert_eq!(
        out.row.text(Builtin::Document.slot()),
        Some("123.456.789-00")
    );
    assert_eq!(out.row.text(Builtin::Email.slot()), Some("ana@example.com"));
    assert_eq!(get(&out, Builtin::Phone), Value::Missing);
    assert_eq!(out.opted_out, [false, false, true, false, false]);
    assert_eq!(out.timezone.as_deref(), Some("America/Sao_Paulo"));
    // T1 went overdue on 01-11 and has been ever since; T3 was overdue 12-06..12-19 (paid
    // on the 20th), a separate episode.
    assert_eq!(out.episode_start, Some(d("2025-01-11")));
    assert_eq!(out.debts.len(), 2);
    assert_eq!(out.debts[0].debt, 0);
    assert_eq!(out.debts[0].open_principal, dec!(600.00));
    assert_eq!(out.debts[0].days_overdue, 16);
    assert_eq!(out.debts[1].debt, 1);
    assert_eq!(out.debts[1].days_overdue, 0);
}

#[test]
fn nothing_after_the_as_of_date_exists_yet() {
    // On 01-14 the payment of the 20th has not happened, the agreement is not made, the
    // opt-out not asked for, and T2 (issued 01-01) exists.
    let out = run(&ana(), "2025-01-14");
    assert_eq!(get(&out, Builtin::Balance), Value::Money(dec!(1250.50)));
    assert_eq!(
        get(&out, Builtin::LastPayment),
        Value::Date(d("2024-12-20"))
    );
    assert_eq!(get(&out, Builtin::HasAgreement), Value::Bool(false));
    assert_eq!(out.opted_out, [false; 5]);
    assert_eq!(get(&out, Builtin::Contacts7d), Value::Int(2));
    assert_eq!(get(&out, Builtin::DaysOverdue), Value::Days(4));
    // Before T2 was issued it does not exist: only T1 and T3 on 2024-12-10.
    let out = run(&ana(), "2024-12-10");
    assert_eq!(get(&out, Builtin::Balance), Value::Money(dec!(1080.00)));
    assert_eq!(get(&out, Builtin::DaysOverdue), Value::Days(5));
    assert_eq!(get(&out, Builtin::DaysToDue), Value::Days(31));
    assert_eq!(get(&out, Builtin::LastPayment), Value::Missing);
    assert_eq!(get(&out, Builtin::DaysSinceLastPayment), Value::Missing);
    assert_eq!(get(&out, Builtin::PreviousDelays), Value::Int(0));
    assert_eq!(out.episode_start, Some(d("2024-12-06")));
}

#[test]
fn fully_paid_debtor_has_nothing_overdue() {
    let out = run(&ana(), "2025-02-05");
    // T1 paid in full on 02-01 (after its due date: a delay), T2 due on 02-10.
    assert_eq!(get(&out, Builtin::DaysOverdue), Value::Days(0));
    assert_eq!(get(&out, Builtin::DaysToDue), Value::Days(5));
    assert_eq!(get(&out, Builtin::PreviousDelays), Value::Int(2));
    assert_eq!(get(&out, Builtin::OpenDebts), Value::Int(1));
    assert_eq!(out.episode_start, None);
    // Due today: days_to_due is 0 and nothing is overdue yet.
    let out = run(&ana(), "2025-02-10");
    assert_eq!(get(&out, Builtin::DaysToDue), Value::Days(0));
    assert_eq!(get(&out, Builtin::DaysOverdue), Value::Days(0));
    // The day after: overdue 1, no next due date, a new episode.
    let out = run(&ana(), "2025-02-11");
    assert_eq!(get(&out, Builtin::DaysOverdue), Value::Days(1));
    assert_eq!(get(&out, Builtin::DaysToDue), Value::Missing);
    assert_eq!(out.episode_start, Some(d("2025-02-11")));
}

#[test]
fn an_episode_spans_debts_that_overlap_or_touch() {
    // A overdue 01-02..01-10 (paid 01-11), B overdue from 01-11: one unbroken episode.
    let history = DebtorHistory {
        id: "E".into(),
        name: "E".into(),
        debts: vec![
            debt("A", dec!(10), "2024-12-01", "2025-01-01"),
            debt("B", dec!(10), "2024-12-01", "2025-01-10"),
        ],
        payments: vec![pay("P", 0, "2025-01-11", dec!(10))],
        ..Default::default()
    };
    assert_eq!(
        run(&history, "2025-01-20").episode_start,
        Some(d("2025-01-02"))
    );
    // With A paid on 01-10 instead (overdue 01-02..01-09) and B overdue from 01-11, the 10th
    // has nothing overdue, so the current episode starts on the 11th.
    let mut gap = history.clone();
    gap.payments[0].paid_on = d("2025-01-10");
    assert_eq!(run(&gap, "2025-01-20").episode_start, Some(d("2025-01-11")));
}

#[test]
fn updated_balance_sums_the_per_debt_update() {
    let spec = DeriveSpec {
        late_fee: dec!(2),
        interest_per_month: dec!(1),
        custom: vec![],
    };
    let mut out = Derived::default();
    derive_with(&ana(), d("2025-01-26"), &spec, &mut out).unwrap();
    let expected = update_debt(
        dec!(600.00),
        d("2025-01-10"),
        d("2025-01-26"),
        dec!(2),
        dec!(1),
    )
    .total
        + update_debt(
            dec!(250.50),
            d("2025-02-10"),
            d("2025-01-26"),
            dec!(2),
            dec!(1),
        )
        .total;
    assert_eq!(get(&out, Builtin::UpdatedBalance), Value::Money(expected));
    assert_eq!(
        out.debts[0].update.total + out.debts[1].update.total,
        expected
    );
}

fn custom_spec() -> DeriveSpec {
    let field = |name: &str, ty: Type, i: usize| CustomField {
        name: name.into(),
        ty,
        slot: BUILTIN_SLOTS + i,
    };
    DeriveSpec {
        late_fee: Decimal::ZERO,
        interest_per_month: Decimal::ZERO,
        custom: vec![
            field(
                "segment",
                Type::Enum {
                    name: "segment".into(),
                    variants: vec!["high_value".into(), "standard".into(), "low_value".into()],
                },
                0,
            ),
            field("score", Type::Int, 1),
            field("propensity", Type::Percent, 2),
            field("limit", Type::Money, 3),
            field("vip", Type::Bool, 4),
            field("preferred", Type::Channel, 5),
            field("born", Type::Date, 6),
            field("grace", Type::Days, 7),
            field("city", Type::Text, 8),
        ],
    }
}

#[test]
fn custom_columns_bind_to_declared_fields_by_type() {
    let mut history = ana();
    history.custom = [
        "standard",
        "700",
        "12.5%",
        "1500.00",
        "sim",
        "whatsapp",
        "1990-05-01",
        "10",
        "São Paulo",
    ]
    .iter()
    .map(|s| Some(s.to_string()))
    .collect();
    let mut out = Derived::default();
    derive_with(&history, d("2025-01-26"), &custom_spec(), &mut out).unwrap();
    let slot = |i: usize| out.row.get(BUILTIN_SLOTS + i);
    assert_eq!(slot(0), Value::Enum(1));
    assert_eq!(slot(1), Value::Int(700));
    assert_eq!(slot(2), Value::Percent(dec!(12.5)));
    assert_eq!(slot(3), Value::Money(dec!(1500.00)));
    assert_eq!(slot(4), Value::Bool(true));
    assert_eq!(slot(5), Value::Channel(Channel::Whatsapp));
    assert_eq!(slot(6), Value::Date(d("1990-05-01")));
    assert_eq!(slot(7), Value::Days(10));
    assert_eq!(out.row.text(BUILTIN_SLOTS + 8), Some("São Paulo"));

    // Reusing `out` for a debtor with empty cells leaves nothing behind.
    history.custom = vec![
        None,
        Some(String::new()),
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ];
    derive_with(&history, d("2025-01-26"), &custom_spec(), &mut out).unwrap();
    for i in 0..9 {
        assert_eq!(out.row.get(BUILTIN_SLOTS + i), Value::Missing, "slot {i}");
    }
}

#[test]
fn a_bad_custom_value_names_the_column_the_debtor_and_the_value() {
    let mut history = ana();
    history.custom = vec![Some("gold".into())];
    let mut out = Derived::default();
    let err = derive_with(&history, d("2025-01-26"), &custom_spec(), &mut out).unwrap_err();
    assert_eq!(
        err,
        DeriveError::BadCustomValue {
            debtor: "D1".into(),
            column: "segment".into(),
            value: "gold".into(),
            expected: "one of high_value, standard, low_value".into(),
        }
    );
    let message = err.to_string();
    assert!(
        message.contains("`D1`") && message.contains("`segment`") && message.contains("`gold`")
    );
    history.custom = vec![None, Some("7OO".into())];
    let err = derive_with(&history, d("2025-01-26"), &custom_spec(), &mut out).unwrap_err();
    assert!(
        err.to_string().contains("column `score` holds `7OO`"),
        "{err}"
    );
}

/// A checked strategy built by hand: built-in fields then `score: int`, late fee 2%.
fn strategy() -> CheckedStrategy {
    let mut fields = FieldInfo::builtins();
    fields.push(FieldInfo {
        name: "score".into(),
        ty: Type::Int,
        slot: BUILTIN_SLOTS,
        builtin: None,
        span: Span::default(),
    });
    CheckedStrategy {
        source: SourceFile::new("t.strat", ""),
        header: Header {
            name: "t".into(),
            version: 1,
            creditor_name: None,
            creditor_document: None,
            currency: "BRL".into(),
            timezone: chrono_tz::America::Sao_Paulo,
            hit: HitPolicy::First,
        },
        fields,
        policy: Policy {
            late_fee: dec!(2),
            interest_per_month: dec!(1),
            ..Policy::default()
        },
        segments: vec![],
        templates: vec![],
        rules: vec![],
        tests: vec![],
        diagnostics: vec![],
    }
}

#[test]
fn derive_from_a_checked_strategy_matches_its_spec() {
    let strategy = strategy();
    let spec = DeriveSpec::from_strategy(&strategy);
    assert_eq!(spec.custom_columns(), vec!["score".to_string()]);
    let mut history = ana();
    history.custom = vec![Some("640".into())];
    let (mut a, mut b) = (Derived::default(), Derived::default());
    derive(&history, d("2025-01-26"), &strategy, &mut a).unwrap();
    derive_with(&history, d("2025-01-26"), &spec, &mut b).unwrap();
    assert_eq!(a.row.values(), b.row.values());
    assert_eq!(a.row.get(BUILTIN_SLOTS), Value::Int(640));
}

// ---- property test against a naive reference ----

fn base() -> NaiveDate {
    d("2025-01-01")
}

/// Everything the reference computes, by the definitions and day by day.
#[derive(Debug, PartialEq)]
struct Expected {
    values: Vec<Value>,
    episode_start: Option<NaiveDate>,
    opted_out: [bool; 5],
    open: Vec<(usize, Decimal)>,
}

fn reference(h: &DebtorHistory, as_of: NaiveDate) -> Expected {
    let exists = |i: usize, day: NaiveDate| h.debts[i].issued_on <= day;
    let paid_by = |i: usize, day: NaiveDate| -> Decimal {
        h.payments
            .iter()
            .filter(|p| p.debt == i && p.paid_on <= day)
            .map(|p| p.amount)
            .sum()
    };
    let open_on = |i: usize, day: NaiveDate| {
        exists(i, day) && h.debts[i].principal - paid_by(i, day) > Decimal::ZERO
    };
    let overdue_on =
        |day: NaiveDate| (0..h.debts.len()).any(|i| open_on(i, day) && h.debts[i].due_on < day);
    let open: Vec<usize> = (0..h.debts.len()).filter(|&i| open_on(i, as_of)).collect();

    let mut v = vec![Value::Missing; BUILTIN_SLOTS];
    let mut set = |b: Builtin, value: Value| v[b.slot()] = value;
    let balance: Decimal = open
        .iter()
        .map(|&i| h.debts[i].principal - paid_by(i, as_of))
        .sum();
    set(Builtin::Balance, Value::Money(balance));
    let updated: Decimal = open
        .iter()
        .map(|&i| {
            update_debt(
                h.debts[i].principal - paid_by(i, as_of),
                h.debts[i].due_on,
                as_of,
                Decimal::ZERO,
                Decimal::ZERO,
            )
            .total
        })
        .sum();
    set(Builtin::UpdatedBalance, Value::Money(updated));
    let days_overdue = open
        .iter()
        .map(|&i| (as_of - h.debts[i].due_on).num_days().max(0))
        .max()
        .unwrap_or(0);
    set(Builtin::DaysOverdue, Value::Days(days_overdue));
    if let Some(n) = open
        .iter()
        .map(|&i| (h.debts[i].due_on - as_of).num_days())
        .filter(|n| *n >= 0)
        .min()
    {
        set(Builtin::DaysToDue, Value::Days(n));
    }
    set(Builtin::OpenDebts, Value::Int(open.len() as i64));
    // A delay: the first day the debt was paid in full came after its due date.
    let delays = (0..h.debts.len())
        .filter(|&i| exists(i, as_of) && h.debts[i].principal > Decimal::ZERO)
        .filter(|&i| {
            let mut day = h.debts[i].issued_on.min(h.debts[i].due_on);
            while day <= as_of {
                if paid_by(i, day) >= h.debts[i].principal {
                    return day > h.debts[i].due_on;
                }
                day += Duration::days(1);
            }
            false
        })
        .count();
    set(Builtin::PreviousDelays, Value::Int(delays as i64));
    let last = h
        .payments
        .iter()
        .filter(|p| p.paid_on <= as_of && exists(p.debt, as_of))
        .map(|p| p.paid_on)
        .max();
    if let Some(last) = last {
        set(Builtin::LastPayment, Value::Date(last));
        set(
            Builtin::DaysSinceLastPayment,
            Value::Days((as_of - last).num_days()),
        );
    }
    let agreement = h
        .agreements
        .iter()
        .any(|a| a.made_on <= as_of && a.status == "active");
    set(Builtin::HasAgreement, Value::Bool(agreement));
    if let Some(due) = open.iter().map(|&i| h.debts[i].due_on).min() {
        set(Builtin::DueDate, Value::Date(due));
    }
    let count = |channel: Option<Channel>, days: i64| {
        let n = h
            .contacts
            .iter()
            .filter(|c| channel.is_none_or(|ch| ch == c.channel))
            .filter(|c| {
                let local = c.at.date_naive();
                local <= as_of && local > as_of - Duration::days(days)
            })
            .count();
        Value::Int(n as i64)
    };
    for channel in [
        None,
        Some(Channel::Email),
        Some(Channel::Sms),
        Some(Channel::Whatsapp),
        Some(Channel::Letter),
        Some(Channel::Call),
    ] {
        set(Builtin::contacts_for(channel, false), count(channel, 7));
        set(Builtin::contacts_for(channel, true), count(channel, 30));
    }
    if !h.name.is_empty() {
        set(Builtin::Name, Value::Text);
        set(Builtin::FirstName, Value::Text);
    }
    if !h.document.is_empty() {
        set(Builtin::Document, Value::Text);
    }
    if h.email.is_some() {
        set(Builtin::Email, Value::Text);
    }
    if h.phone.is_some() {
        set(Builtin::Phone, Value::Text);
    }

    let episode_start = overdue_on(as_of).then(|| {
        let mut start = as_of;
        while overdue_on(start - Duration::days(1)) {
            start -= Duration::days(1);
        }
        start
    });
    let mut opted_out = [false; 5];
    for o in h.opt_outs.iter().filter(|o| o.since <= as_of) {
        opted_out[o.channel.index()] = true;
    }
    let mut open_sorted: Vec<(usize, Decimal)> = open
        .iter()
        .map(|&i| (i, h.debts[i].principal - paid_by(i, as_of)))
        .collect();
    open_sorted.sort_by_key(|(i, _)| (h.debts[*i].due_on, *i));
    Expected {
        values: v,
        episode_start,
        opted_out,
        open: open_sorted,
    }
}

fn arb_channel() -> impl Strategy<Value = Channel> {
    prop::sample::select(Channel::ALL.to_vec())
}

prop_compose! {
    fn arb_debt(i: usize)(issued in 0i64..90, term in 0i64..40, cents in 0i64..50_000) -> Debt {
        Debt {
            id: format!("T{i}"),
            principal: Decimal::new(cents, 2),
            issued_on: base() + Duration::days(issued),
            due_on: base() + Duration::days(issued + term),
        }
    }
}

fn arb_history() -> impl Strategy<Value = (DebtorHistory, NaiveDate)> {
    let debts = (0usize..5).prop_flat_map(|n| (0..n).map(arb_debt).collect::<Vec<_>>());
    (debts, 0i64..150).prop_flat_map(|(debts, as_of)| {
        let n = debts.len();
        // Payments land near due dates and often settle a debt exactly (or half of it), so
        // that "paid on the due date", "paid in full" and touching episodes happen often.
        let payments = prop::collection::vec(
            (
                0..n.max(1),
                prop::option::of((0..n.max(1), -2i64..=3)),
                0i64..150,
                0u8..4,
                0i64..40_000,
            ),
            0..8,
        );
        let contacts =
            prop::collection::vec((arb_channel(), 0i64..150, 0u32..24, -5i32..=3), 0..10);
        let opt_outs = prop::collection::vec((arb_channel(), 0i64..150), 0..3);
        let agreements = prop::collection::vec(
            (
                0i64..150,
                prop::sample::select(vec!["active", "broken", "paid"]),
            ),
            0..3,
        );
        (
            Just(debts),
            payments,
            contacts,
            opt_outs,
            agreements,
            Just(as_of),
            any::<bool>(),
        )
            .prop_map(
                |(debts, payments, contacts, opt_outs, agreements, as_of, named)| {
                    let n = debts.len();
                    let mut payments: Vec<Payment> = if n == 0 {
                        vec![]
                    } else {
                        payments
                            .into_iter()
                            .enumerate()
                            .map(|(k, (debt, near_due, day, kind, cents))| {
                                let target = &debts[debt % n];
                                Payment {
                                    id: format!("P{k}"),
                                    debt: debt % n,
                                    paid_on: match near_due {
                                        // Near some debt's due date: paying one debt
                                        // the day another falls due makes episodes touch.
                                        Some((near, offset)) => {
                                            debts[near % n].due_on + Duration::days(offset)
                                        }
                                        None => base() + Duration::days(day),
                                    },
                                    amount: match kind {
                                        0 => target.principal,
                                        1 => (target.principal / Decimal::TWO).round_dp(2),
                                        _ => Decimal::new(cents, 2),
                                    },
                                }
                            })
                            .collect()
                    };
                    payments.sort_by(|a, b| (a.paid_on, &a.id).cmp(&(b.paid_on, &b.id)));
                    let mut debts = debts;
                    // The history contract: debts sorted by due date then id. Payments hold
                    // debt indices, so they are re-pointed after the sort.
                    let mut order: Vec<usize> = (0..n).collect();
                    order.sort_by(|&a, &b| {
                        (debts[a].due_on, &debts[a].id).cmp(&(debts[b].due_on, &debts[b].id))
                    });
                    let new_index: Vec<usize> = {
                        let mut v = vec![0; n];
                        for (new, &old) in order.iter().enumerate() {
                            v[old] = new;
                        }
                        v
                    };
                    debts = order.iter().map(|&i| debts[i].clone()).collect();
                    for p in &mut payments {
                        p.debt = new_index[p.debt];
                    }
                    let mut contacts: Vec<Contact> = contacts
                        .into_iter()
                        .map(|(channel, day, hour, offset)| {
                            let tz = FixedOffset::east_opt(offset * 3600).unwrap();
                            let local = (base() + Duration::days(day))
                                .and_hms_opt(hour, 15, 0)
                                .unwrap();
                            Contact {
                                channel,
                                at: tz.from_local_datetime(&local).unwrap(),
                                rule: String::new(),
                                outcome: String::new(),
                            }
                        })
                        .collect();
                    contacts.sort_by_key(|c| c.at);
                    let history = DebtorHistory {
                        id: "X".into(),
                        name: if named {
                            "Zé da Silva".into()
                        } else {
                            String::new()
                        },
                        document: if named { "1".into() } else { String::new() },
                        email: named.then(|| "z@x".into()),
                        phone: None,
                        timezone: None,
                        custom: vec![],
                        debts,
                        payments,
                        contacts,
                        opt_outs: opt_outs
                            .into_iter()
                            .map(|(channel, day)| OptOut {
                                channel,
                                since: base() + Duration::days(day),
                            })
                            .collect(),
                        agreements: agreements
                            .into_iter()
                            .enumerate()
                            .map(|(k, (day, status))| Agreement {
                                id: format!("A{k}"),
                                made_on: base() + Duration::days(day),
                                installments: 2,
                                status: status.into(),
                            })
                            .collect(),
                    };
                    (history, base() + Duration::days(as_of))
                },
            )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn derive_matches_the_naive_reference((history, as_of) in arb_history()) {
        let expected = reference(&history, as_of);
        // One reused `Derived` across two debtors: the second result must not depend on the
        // first (buffers are reused, never stale).
        let mut out = Derived::default();
        derive_with(&ana(), as_of, &DeriveSpec::default(), &mut out).unwrap();
        derive_with(&history, as_of, &DeriveSpec::default(), &mut out).unwrap();
        for b in Builtin::ALL {
            prop_assert_eq!(out.row.get(b.slot()), expected.values[b.slot()], "field {}", b.name());
        }
        prop_assert_eq!(out.episode_start, expected.episode_start);
        prop_assert_eq!(out.opted_out, expected.opted_out);
        let open: Vec<(usize, Decimal)> = out.debts.iter().map(|s| (s.debt, s.open_principal)).collect();
        prop_assert_eq!(open, expected.open);
        prop_assert_eq!(out.agreement_in_force, expected.values[Builtin::HasAgreement.slot()] == Value::Bool(true));
    }
}

#[test]
fn a_debtor_with_many_debts_chains_one_long_episode() {
    // 70 monthly-ish bills (more than the inline buffer), each due two days after the last
    // and paid three days late: every stretch touches the next, so one episode spans them.
    let n = 70;
    let debts: Vec<Debt> = (0..n)
        .map(|i| Debt {
            id: format!("T{i:03}"),
            principal: dec!(10),
            issued_on: base(),
            due_on: base() + Duration::days(2 * i as i64),
        })
        .collect();
    let payments: Vec<Payment> = (0..n - 1)
        .map(|i| Payment {
            id: format!("P{i:03}"),
            debt: i,
            paid_on: debts[i].due_on + Duration::days(3),
            amount: dec!(10),
        })
        .collect();
    let history = DebtorHistory {
        id: "big".into(),
        name: "Empresa".into(),
        debts,
        payments,
        ..Default::default()
    };
    let as_of = base() + Duration::days(2 * n as i64 + 5);
    let out = run(&history, &as_of.to_string());
    assert_eq!(out.episode_start, Some(base() + Duration::days(1)));
    assert_eq!(out.episode_start, reference(&history, as_of).episode_start);
    assert_eq!(get(&out, Builtin::PreviousDelays), Value::Int(n as i64 - 1));
}

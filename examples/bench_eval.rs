//! Evaluator micro-benchmark (not a test): a realistic 20-rule strategy, 1M debtor rows in
//! memory with varied values, `Program::select` over every row on one core. Prints
//! debtor-evaluations per second. Run: `cargo run --release --example bench_eval [ROWS]`.
//!
//! The strategy is built as typed trees with the test helpers (`tests/eval/build.rs`), the
//! same shapes the checker produces for the rules listed in `RULES_AS_TEXT`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/eval/build.rs"]
#[allow(dead_code)]
mod build;

use build::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::Instant;
use strat::check::TExpr;
use strat::eval::program::Program;
use strat::schema::{Builtin::*, Row, Value};
use strat::syntax::ast::{BinOp::*, Channel, HitPolicy};

/// What the trees below say, in the strategy language.
const RULES_AS_TEXT: &str = r#"
segment priority = balance >= 5000 and score >= 600
when days_to_due = 3 then email
when days_to_due = 0 then sms
when has_agreement then tag "acordo"
when days_overdue = 1 then sms; email
when days_overdue = 3 and email is present then email
when days_overdue between 5 and 9 and preferred = whatsapp then whatsapp
when days_overdue between 5 and 9 then sms
when days_overdue >= 10 and days_overdue < 20 and segment = high_value then call
when days_overdue >= 10 and days_overdue < 20 and balance >= 1000 then whatsapp
when days_overdue >= 10 and days_overdue < 20 then sms
when days_overdue >= 20 and priority then call; offer up to 6 installments
when days_overdue >= 20 and days_overdue < 45 and call_contacts_7d < 3 then call
when days_overdue >= 30 and days_since(last_payment) > 60 then letter
when days_overdue >= 45 and balance >= 100 and letter_contacts_30d >= 1 then report to bureau
when days_overdue >= 60 and segment in [standard, low_value] and updated_balance - balance > 50 then escalate to agency "X"
when days_overdue > 90 and balance * 30% >= 500 then offer discount up to 30%
when days_overdue > 90 and previous_delays >= 3 then tag "reincidente"
when days_overdue > 180 then escalate to agency "Y"
when days_overdue >= 20 and phone is missing then letter
when days_overdue >= 1 then email
"#;

fn rules() -> (Vec<TExpr>, Vec<TExpr>) {
    let od = || b(DaysOverdue);
    let priority = and(
        cmp(Ge, b(Balance), money("5000")),
        cmp(Ge, field(SCORE), int(600)),
    );
    let and3 = |a, b2, c| and(and(a, b2), c);
    let rules = vec![
        cmp(Eq, b(DaysToDue), days(3)),
        cmp(Eq, b(DaysToDue), days(0)),
        b(HasAgreement),
        cmp(Eq, od(), days(1)),
        and(cmp(Eq, od(), days(3)), present(b(Email), true)),
        and(
            between(od(), days(5), days(9)),
            cmp(Eq, field(PREFERRED), channel(Channel::Whatsapp)),
        ),
        between(od(), days(5), days(9)),
        and3(
            cmp(Ge, od(), days(10)),
            cmp(Lt, od(), days(20)),
            cmp(Eq, field(SEGMENT), variant(0)),
        ),
        and3(
            cmp(Ge, od(), days(10)),
            cmp(Lt, od(), days(20)),
            cmp(Ge, b(Balance), money("1000")),
        ),
        and(cmp(Ge, od(), days(10)), cmp(Lt, od(), days(20))),
        and(cmp(Ge, od(), days(20)), segment(0)),
        and3(
            cmp(Ge, od(), days(20)),
            cmp(Lt, od(), days(45)),
            cmp(Lt, b(CallContacts7d), int(3)),
        ),
        and(
            cmp(Ge, od(), days(30)),
            cmp(Gt, days_since(b(LastPayment)), days(60)),
        ),
        and3(
            cmp(Ge, od(), days(45)),
            cmp(Ge, b(Balance), money("100")),
            cmp(Ge, b(LetterContacts30d), int(1)),
        ),
        and3(
            cmp(Ge, od(), days(60)),
            is_in(field(SEGMENT), vec![variant(1), variant(2)]),
            cmp(Gt, arith(Sub, b(UpdatedBalance), b(Balance)), money("50")),
        ),
        and(
            cmp(Gt, od(), days(90)),
            cmp(Ge, arith(Mul, b(Balance), pct("30")), money("500")),
        ),
        and(cmp(Gt, od(), days(90)), cmp(Ge, b(PreviousDelays), int(3))),
        cmp(Gt, od(), days(180)),
        and(cmp(Ge, od(), days(20)), present(b(Phone), false)),
        cmp(Ge, od(), days(1)),
    ];
    (rules, vec![priority])
}

/// xorshift64*: deterministic, dependency-free variety.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n) as i64
    }
}

fn fill(rng: &mut Rng, base: NaiveDate) -> Row {
    // No text buffers: only presence of email/phone is read, and that is in `values`.
    let mut r = Row {
        values: vec![Value::Missing; SLOTS],
        texts: Vec::new(),
    };
    let current = rng.below(10) < 4;
    let overdue = if current { 0 } else { 1 + rng.below(400) };
    r.set(DaysOverdue.slot(), Value::Days(overdue));
    if current {
        r.set(DaysToDue.slot(), Value::Days(rng.below(30)));
    }
    let cents = 1_000 + rng.below(2_000_000);
    let balance = Decimal::new(cents, 2);
    r.set(Balance.slot(), Value::Money(balance));
    r.set(
        UpdatedBalance.slot(),
        Value::Money(balance + Decimal::new(rng.below(20_000), 2)),
    );
    r.set(SCORE, Value::Int(300 + rng.below(600)));
    r.set(SEGMENT, Value::Enum(rng.below(3) as u32));
    r.set(
        PREFERRED,
        Value::Channel(Channel::ALL[rng.below(5) as usize]),
    );
    r.set(HasAgreement.slot(), Value::Bool(rng.below(20) == 0));
    r.set(CallContacts7d.slot(), Value::Int(rng.below(5)));
    r.set(LetterContacts30d.slot(), Value::Int(rng.below(2)));
    r.set(PreviousDelays.slot(), Value::Int(rng.below(6)));
    r.set(OpenDebts.slot(), Value::Int(1 + rng.below(4)));
    if rng.below(3) > 0 {
        r.set(
            LastPayment.slot(),
            Value::Date(base - chrono::Duration::days(rng.below(300))),
        );
    }
    if rng.below(4) > 0 {
        r.set(Email.slot(), Value::Text);
    }
    if rng.below(5) > 0 {
        r.set(Phone.slot(), Value::Text);
    }
    r
}

fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let as_of = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap();
    let (rule_trees, segments) = rules();
    assert_eq!(rule_trees.len(), 20, "{RULES_AS_TEXT}");
    let program = Program::compile(&strategy(rule_trees, segments, HitPolicy::First));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let data: Vec<Row> = (0..rows).map(|_| fill(&mut rng, as_of)).collect();

    let mut out = Vec::with_capacity(program.rule_count());
    let mut best = f64::MAX;
    let mut best_wall = f64::MAX;
    let mut histogram = vec![0usize; program.rule_count() + 1];
    // Small row counts are swept several times per measurement so that each one is long
    // enough for the scheduler's clock.
    let sweeps = (2_000_000 / rows.max(1)).max(1);
    for pass in 0..5 {
        let start = Instant::now();
        let cpu_start = thread_cpu_seconds();
        let mut matched = 0usize;
        for _ in 0..sweeps {
            for row in &data {
                program.select(black_box(row), as_of, &mut out);
                matched += out.len();
                if pass == 0 {
                    histogram[out.first().copied().unwrap_or(program.rule_count())] += 1;
                }
            }
        }
        black_box(matched);
        let wall = start.elapsed().as_secs_f64() / sweeps as f64;
        best_wall = best_wall.min(wall);
        best = best.min(match (cpu_start, thread_cpu_seconds()) {
            (Some(a), Some(b)) => (b - a) / sweeps as f64,
            _ => wall,
        });
    }
    let rate = rows as f64 / best;
    println!("rules: {}, rows: {rows}", program.rule_count());
    println!("first matching rule histogram (last = none): {histogram:?}");
    println!(
        "best pass: {:.1} ms on-CPU ({:.1} ms wall), {:.1} M debtor-evaluations/s/core",
        best * 1e3,
        best_wall * 1e3,
        rate / 1e6
    );
}

/// This thread's on-CPU time (Linux `schedstat`, nanoseconds), so that a machine shared with
/// other jobs does not count their time slices against the evaluator.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

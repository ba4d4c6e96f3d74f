//! Evaluator micro-benchmark (not a test): a realistic 20-rule strategy (the text below,
//! parsed and checked like any strategy file), ROWS debtor rows in memory with varied values,
//! `Program::select` over every row on one core. Prints debtor-evaluations per second of
//! on-CPU time. Run: `cargo run --release --example bench_eval [ROWS]`.
//!
//! Report the numbers for several sizes. `strat plan` refills one reused `Row` per debtor,
//! so the row `select` reads is in L1 cache and its values are new every time. No size here
//! is exactly that: `bench_eval 4096` (the headline: 4096 rows, each 30 slots of kind tags
//! and 8-byte keys that `select` reads — 270 bytes — beside the 24-byte `Value`s the exact
//! fallback reads; 4 MB in all, in L3 but not L2 on the 2-core VM of docs/benchmarks.md)
//! pays cache misses plan does not; `bench_eval 1024` (in L2) fewer; a few dozen rows would
//! let the branch predictor learn the rows by heart, which plan never does, so sizes under
//! 1024 are not quoted. The default, 1M distinct rows, is memory-bound (each `schema::Row`
//! is three heap arrays) and measures the memory system as much as the evaluator.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::Instant;
use strat::check::{check, CheckedStrategy};
use strat::eval::program::Program;
use strat::schema::{Builtin::*, Row, Value};
use strat::syntax::ast::Channel;
use strat::syntax::parse;
use strat::syntax::span::SourceFile;

const STRATEGY: &str = r#"strategy "bench" version 1
field segment: enum(high_value, standard, low_value)
field score: int
field preferred: channel
policy {
  bureau notice 10 days
}
segment priority = balance >= 5000 and score >= 600
rule "D-3": when days_to_due = 3 then email
rule "D-0": when days_to_due = 0 then sms
rule "acordo": when has_agreement then tag "acordo"
rule "D+1": when days_overdue = 1 then sms; email
rule "D+3": when days_overdue = 3 and email is present then email
rule "D+5 whatsapp": when days_overdue between 5 and 9 and preferred = whatsapp then whatsapp
rule "D+5": when days_overdue between 5 and 9 then sms
rule "D+10 alto valor": when days_overdue >= 10 and days_overdue < 20 and segment = high_value then call
rule "D+10 saldo": when days_overdue >= 10 and days_overdue < 20 and balance >= 1000 then whatsapp
rule "D+10": when days_overdue >= 10 and days_overdue < 20 then sms
rule "prioridade": when days_overdue >= 20 and priority then call; offer up to 6 installments
rule "ligar": when days_overdue >= 20 and days_overdue < 45 and call_contacts_7d < 3 then call
rule "carta": when days_overdue >= 30 and days_since(last_payment) > 60 then letter
rule "negativar": when days_overdue >= 45 and balance >= 100 and letter_contacts_30d >= 1 then report to bureau
rule "assessoria": when days_overdue >= 60 and segment in [standard, low_value] and updated_balance - balance > 50 then escalate to agency "X"
rule "desconto": when days_overdue > 90 and balance * 30% >= 500 then offer discount up to 30%
rule "reincidente": when days_overdue > 90 and previous_delays >= 3 then tag "reincidente"
rule "agência": when days_overdue > 180 then escalate to agency "Y"
rule "sem telefone": when days_overdue >= 20 and phone is missing then letter
rule "e-mail": when days_overdue >= 1 then email
"#;

fn strategy() -> CheckedStrategy {
    let source = SourceFile::new("bench.strat", STRATEGY);
    let (ast, diagnostics) = parse(&source);
    assert!(
        !diagnostics.iter().any(|d| d.is_error()),
        "{diagnostics:#?}"
    );
    let (checked, diagnostics) = check(&source, &ast);
    checked.unwrap_or_else(|| panic!("{diagnostics:#?}"))
}

/// Slots of the declared fields.
struct Custom {
    segment: usize,
    score: usize,
    preferred: usize,
    slots: usize,
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

fn fill(rng: &mut Rng, base: NaiveDate, custom: &Custom) -> Row {
    let mut r = Row::with_slots(custom.slots);
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
    r.set(custom.score, Value::Int(300 + rng.below(600)));
    r.set(custom.segment, Value::Enum(rng.below(3) as u32));
    r.set(
        custom.preferred,
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
    let strategy = strategy();
    assert_eq!(strategy.rules.len(), 20);
    let slot = |name: &str| strategy.field(name).unwrap().slot;
    let custom = Custom {
        segment: slot("segment"),
        score: slot("score"),
        preferred: slot("preferred"),
        slots: strategy.fields.len(),
    };
    let program = Program::compile(&strategy);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let data: Vec<Row> = (0..rows).map(|_| fill(&mut rng, as_of, &custom)).collect();

    let mut out = Vec::with_capacity(program.rule_count());
    let mut best = f64::MAX;
    let mut best_wall = f64::MAX;
    let mut histogram = vec![0usize; program.rule_count() + 1];
    // Small row counts are swept several times per measurement so that each one is long
    // enough for the scheduler's clock: a thread's CPU time advances in scheduler ticks (4 ms
    // on the benchmark VM), so a pass of 20M evaluations (~1 s) keeps that error under 0.5%.
    let sweeps = (20_000_000 / rows.max(1)).max(1);
    for pass in 0..5 {
        let start = Instant::now();
        let cpu_start = thread_cpu_seconds();
        let mut matched = 0usize;
        for sweep in 0..sweeps {
            for row in &data {
                program.select(black_box(row), as_of, &mut out);
                matched += out.len();
                if pass == 0 && sweep == 0 {
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

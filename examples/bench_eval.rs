//! Evaluator micro-benchmark (not a test): a realistic 20-rule strategy (the text below,
//! parsed and checked like any strategy file) selected for DEBTORS generated debtors (default
//! 1M) on one core. Run: `cargo run --release --example bench_eval [DEBTORS]`.
//!
//! The headline, "select alone, fresh rows in cache", mirrors `strat plan`: there a row is
//! derived and then selected at once, so it is in cache, and no debtor is seen twice. Here
//! the debtors' compact facts stream from memory; each batch of 256 rows is filled from the
//! next debtors and then selected, and only the select loops are timed (two clock reads per
//! batch, under 1% of the time). Every row is new, so the branch predictor cannot learn the
//! rows by heart. It also prints the whole loop's rate (filling rows included).
//!
//! `bench_eval --resident ROWS` is the earlier form: ROWS rows filled once and swept again
//! and again. On a CPU whose branch predictor learns a few thousand rows' outcomes (Zen 5
//! does, at 4096 rows: 55 M/s against 30 M/s on fresh rows) it overstates the evaluator;
//! at sizes beyond L2 it charges cache misses that plan never pays. Kept for comparing
//! builds on one machine, not for the headline.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::{Duration, Instant};
use strat::check::{check, CheckedStrategy};
use strat::eval::program::Program;
use strat::schema::Channel;
use strat::schema::{Builtin::*, Row, Value};
use strat::source::SourceFile;
use strat::syntax::parse;

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

/// One debtor's derived facts, compact (what the derivation computes before it writes the
/// row), so a million of them stream from memory the way `strat plan`'s portfolio rows do.
#[derive(Clone, Copy)]
struct Debtor {
    overdue: i32,
    /// -1: no open due date ahead.
    to_due: i32,
    cents: i64,
    interest_cents: i32,
    score: i32,
    /// -1: no payment.
    paid_days_ago: i32,
    segment: u8,
    preferred: u8,
    agreement: bool,
    call_7d: u8,
    letter_30d: u8,
    previous_delays: u8,
    open_debts: u8,
    email: bool,
    phone: bool,
}

fn debtor(rng: &mut Rng) -> Debtor {
    let current = rng.below(10) < 4;
    Debtor {
        overdue: if current {
            0
        } else {
            1 + rng.below(400) as i32
        },
        to_due: if current { rng.below(30) as i32 } else { -1 },
        cents: 1_000 + rng.below(2_000_000),
        interest_cents: rng.below(20_000) as i32,
        score: 300 + rng.below(600) as i32,
        segment: rng.below(3) as u8,
        preferred: rng.below(5) as u8,
        agreement: rng.below(20) == 0,
        call_7d: rng.below(5) as u8,
        letter_30d: rng.below(2) as u8,
        previous_delays: rng.below(6) as u8,
        open_debts: 1 + rng.below(4) as u8,
        paid_days_ago: if rng.below(3) > 0 {
            rng.below(300) as i32
        } else {
            -1
        },
        email: rng.below(4) > 0,
        phone: rng.below(5) > 0,
    }
}

/// Write `d` into `row` as the derivation does: every slot reset to missing, then each
/// known field set.
fn fill(row: &mut Row, d: &Debtor, base: NaiveDate, custom: &Custom) {
    row.reset(custom.slots);
    row.set(DaysOverdue.slot(), Value::Days(i64::from(d.overdue)));
    if d.to_due >= 0 {
        row.set(DaysToDue.slot(), Value::Days(i64::from(d.to_due)));
    }
    let balance = Decimal::new(d.cents, 2);
    row.set(Balance.slot(), Value::Money(balance));
    row.set(
        UpdatedBalance.slot(),
        Value::Money(balance + Decimal::new(i64::from(d.interest_cents), 2)),
    );
    row.set(custom.score, Value::Int(i64::from(d.score)));
    row.set(custom.segment, Value::Enum(u32::from(d.segment)));
    row.set(
        custom.preferred,
        Value::Channel(Channel::ALL[usize::from(d.preferred)]),
    );
    row.set(HasAgreement.slot(), Value::Bool(d.agreement));
    row.set(CallContacts7d.slot(), Value::Int(i64::from(d.call_7d)));
    row.set(
        LetterContacts30d.slot(),
        Value::Int(i64::from(d.letter_30d)),
    );
    row.set(
        PreviousDelays.slot(),
        Value::Int(i64::from(d.previous_delays)),
    );
    row.set(OpenDebts.slot(), Value::Int(i64::from(d.open_debts)));
    if d.paid_days_ago >= 0 {
        let paid = base - chrono::Duration::days(i64::from(d.paid_days_ago));
        row.set(LastPayment.slot(), Value::Date(paid));
    }
    if d.email {
        row.set(Email.slot(), Value::Text);
    }
    if d.phone {
        row.set(Phone.slot(), Value::Text);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let resident = args.first().is_some_and(|a| a == "--resident");
    let count: usize = args
        .get(usize::from(resident))
        .and_then(|a| a.parse().ok())
        .unwrap_or(if resident { 4096 } else { 1_000_000 });
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
    let debtors: Vec<Debtor> = (0..count).map(|_| debtor(&mut rng)).collect();
    let mut out = Vec::with_capacity(program.rule_count());
    let mut histogram = vec![0usize; program.rule_count() + 1];
    println!("rules: {}, debtors: {count}", program.rule_count());

    if resident {
        // The old form: `count` rows filled once and kept in memory, swept many times.
        let rows: Vec<Row> = debtors
            .iter()
            .map(|d| {
                let mut row = Row::default();
                fill(&mut row, d, as_of, &custom);
                row
            })
            .collect();
        let sweeps = (20_000_000 / count.max(1)).max(1);
        let select = best_of(5, || {
            let mut matched = 0usize;
            for _ in 0..sweeps {
                for row in &rows {
                    program.select(black_box(row), as_of, &mut out);
                    matched += out.len();
                }
            }
            black_box(matched);
        }) / sweeps as f64;
        println!(
            "resident rows, select only: {:.1} M debtor-evaluations/s/core",
            count as f64 / select / 1e6
        );
        return;
    }

    // Fresh rows, as `strat plan` has them: each batch of `BATCH` rows is refilled from
    // the next debtors (so no row is ever seen twice and the branch predictor cannot learn
    // them) and then selected while it is still in cache; only the select loops are timed.
    const BATCH: usize = 256;
    let mut batch: Vec<Row> = vec![Row::default(); BATCH];
    let mut select_only = f64::MAX;
    let mut fill_select = f64::MAX;
    for pass in 0..5 {
        let mut timed = Duration::ZERO;
        let mut matched = 0usize;
        let cpu = thread_cpu_seconds();
        for chunk in debtors.chunks(BATCH) {
            for (row, d) in batch.iter_mut().zip(chunk) {
                fill(row, d, as_of, &custom);
            }
            let start = Instant::now();
            for row in &batch[..chunk.len()] {
                program.select(black_box(row), as_of, &mut out);
                matched += out.len();
                if pass == 0 {
                    histogram[out.first().copied().unwrap_or(program.rule_count())] += 1;
                }
            }
            timed += start.elapsed();
        }
        black_box(matched);
        if let (Some(a), Some(b)) = (cpu, thread_cpu_seconds()) {
            fill_select = fill_select.min(b - a);
        }
        select_only = select_only.min(timed.as_secs_f64());
    }
    let rate = |seconds: f64| count as f64 / seconds / 1e6;
    println!("first matching rule histogram (last = none): {histogram:?}");
    println!(
        "fill rows and select, whole loop: {:.1} M debtors/s/core",
        rate(fill_select)
    );
    println!(
        "select alone, fresh rows in cache: {:.1} ms, {:.1} M debtor-evaluations/s/core",
        select_only * 1e3,
        rate(select_only)
    );
}

/// The least on-CPU time of `passes` runs of `work`, in seconds.
fn best_of(passes: usize, mut work: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..passes {
        let wall = Instant::now();
        let cpu = thread_cpu_seconds();
        work();
        let spent = match (cpu, thread_cpu_seconds()) {
            (Some(a), Some(b)) => b - a,
            _ => wall.elapsed().as_secs_f64(),
        };
        best = best.min(spent);
    }
    best
}

/// This thread's on-CPU time (Linux `schedstat`, nanoseconds), so that a machine shared with
/// other jobs does not count their time slices against the evaluator.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

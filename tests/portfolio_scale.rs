//! Scale check (ignored by default; run on purpose):
//! `cargo test --release --test portfolio_scale -- --ignored --nocapture`
//! Generates N debtors, N debts and N/2 payments as CSV (N = `STRAT_SCALE_N`, default one
//! million; ids in scattered order, as exports often are), imports them, then streams and
//! derives every debtor, printing the time of each step.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;
use std::time::Instant;
use strat::portfolio::derive::{derive_with, DeriveSpec, Derived};
use strat::portfolio::import::{import, ImportFiles};
use strat::portfolio::load::{for_each_debtor, LoadError};
use strat::portfolio::store::{Store, Table};

/// Row `i`'s debtor number: a fixed permutation of 0..n, so ids arrive out of order.
fn scatter(i: u64, n: u64) -> u64 {
    if std::env::var_os("STRAT_SCALE_ORDERED").is_some() {
        return i;
    }
    // 1_000_003 is prime and does not divide any n we use, so this is a bijection mod n
    // whenever gcd(1_000_003, n) = 1.
    (i * 1_000_003) % n
}

fn generate(dir: &Path, n: u64) {
    let mut debtors =
        std::io::BufWriter::new(std::fs::File::create(dir.join("debtors.csv")).unwrap());
    writeln!(
        debtors,
        "id,name,document,email,phone,timezone,segment,score"
    )
    .unwrap();
    for i in 0..n {
        let k = scatter(i, n);
        writeln!(
            debtors,
            "D{k:08},Pessoa {k},{k:011},p{k}@example.com,+55119{k:08},America/Sao_Paulo,{},{}",
            ["high_value", "standard", "low_value"][(k % 3) as usize],
            300 + k % 600
        )
        .unwrap();
    }
    let mut debts = std::io::BufWriter::new(std::fs::File::create(dir.join("debts.csv")).unwrap());
    writeln!(debts, "id,debtor_id,principal,issued_on,due_on").unwrap();
    let mut payments =
        std::io::BufWriter::new(std::fs::File::create(dir.join("payments.csv")).unwrap());
    writeln!(payments, "id,debt_id,paid_on,amount").unwrap();
    let day0 = NaiveDate::from_ymd_opt(2024, 10, 1).unwrap();
    for i in 0..n {
        let k = scatter(i, n);
        let issued = day0 + chrono::Duration::days((k % 60) as i64);
        let due = issued + chrono::Duration::days(30);
        writeln!(
            debts,
            "T{k:08},D{k:08},{}.{:02},{issued},{due}",
            50 + k % 5000,
            k % 100
        )
        .unwrap();
        if k.is_multiple_of(2) {
            let paid = due + chrono::Duration::days((k % 20) as i64 - 5);
            writeln!(payments, "P{k:08},T{k:08},{paid},{}.00", 10 + k % 40).unwrap();
        }
    }
}

/// CPU seconds (user + system) this process has used so far, from /proc (0 elsewhere):
/// the machine is shared, so wall time alone overstates the cost.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields 14 and 15 of the line are utime and stime; after the name they are 11 and 12.
    (ticks(11) + ticks(12)) / 100.0
}

/// Wall and CPU time since a start point.
struct Clock {
    wall: Instant,
    cpu: f64,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }
    fn report(&self, what: &str) {
        eprintln!(
            "{what}: {:.2?} wall, {:.2}s cpu",
            self.wall.elapsed(),
            cpu_seconds() - self.cpu
        );
    }
}

#[test]
#[ignore = "scale measurement; run on purpose with --release"]
fn import_and_stream_a_million_debtors() {
    let n: u64 = std::env::var("STRAT_SCALE_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::start();
    generate(dir.path(), n);
    clock.report(&format!(
        "generate {n} debtors, {n} debts, {} payments",
        n / 2
    ));

    let db = dir.path().join("p.db");
    let mut store = Store::open(&db).unwrap();
    let files = ImportFiles {
        debtors: Some(dir.path().join("debtors.csv")),
        debts: Some(dir.path().join("debts.csv")),
        ..Default::default()
    };
    let clock = Clock::start();
    import(&mut store, &files).unwrap();
    clock.report("import debtors + debts (one transaction)");
    let clock = Clock::start();
    let files = ImportFiles {
        payments: Some(dir.path().join("payments.csv")),
        ..Default::default()
    };
    import(&mut store, &files).unwrap();
    clock.report("import payments");
    assert_eq!(store.count(Table::Debtors).unwrap(), n);
    assert_eq!(store.count(Table::Debts).unwrap(), n);
    eprintln!(
        "database size: {} MB",
        std::fs::metadata(&db).unwrap().len() / 1_000_000
    );

    let spec = DeriveSpec::default();
    let as_of = NaiveDate::from_ymd_opt(2025, 1, 15).unwrap();
    let mut out = Derived::default();
    let mut seen = 0u64;
    let mut overdue = 0u64;
    let clock = Clock::start();
    for_each_debtor(&store, &["segment".to_string(), "score".to_string()], |h| {
        seen += 1;
        derive_with(h, as_of, &spec, &mut out).unwrap();
        if out.episode_start.is_some() {
            overdue += 1;
        }
        Ok::<(), LoadError>(())
    })
    .unwrap();
    clock.report(&format!(
        "stream + derive {seen} debtors ({overdue} overdue)"
    ));
    assert_eq!(seen, n);
}

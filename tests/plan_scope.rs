//! `strat plan` reads only part of each debtor's contact history (`plan::scope`). Leaving
//! the rest in SQLite must not change any plan: every shipped strategy on the example
//! portfolio, and a strategy written to read every kind of contact on a portfolio made to
//! have them all (counts over 30 days, caps, `once`, `every 40 days`, letters before a
//! bureau report, contacts recorded in far-off offsets), plan the same either way.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Duration, NaiveDate};
use std::path::Path;
use strat::check::{check, CheckedStrategy};
use strat::eval::program::Program;
use strat::plan::action::Action;
use strat::plan::build::{DebtorInputs, PlanContext, Planner};
use strat::plan::holidays::HolidayCalendar;
use strat::plan::scope::contact_scope;
use strat::plan::services::Engines;
use strat::portfolio::derive::{derive, DeriveSpec, Derived};
use strat::portfolio::import::{import, ImportFiles};
use strat::portfolio::load::{for_each_debtor_in, ContactScope, Debtors, LoadError};
use strat::portfolio::store::Store;
use strat::schema::Channel;
use strat::source::SourceFile;
use strat::syntax::parse;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn example_portfolio() -> Store {
    let dir = root().join("examples/portfolio");
    let mut store = Store::open_in_memory().unwrap();
    let file = |name: &str| Some(dir.join(name));
    let files = ImportFiles {
        debtors: file("debtors.csv"),
        debts: file("debts.csv"),
        payments: file("payments.csv"),
        contacts: file("contacts.csv"),
        opt_outs: file("opt_outs.csv"),
        agreements: file("agreements.csv"),
    };
    import(&mut store, &files).unwrap();
    store
}

fn strategy(name: &str) -> CheckedStrategy {
    let path = root().join("strategies").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    checked(&path.display().to_string(), &text)
}

fn checked(name: &str, text: &str) -> CheckedStrategy {
    let source = SourceFile::new(name.to_string(), text);
    let (ast, _) = parse(&source);
    let (strategy, diagnostics) = check(&source, &ast);
    strategy.unwrap_or_else(|| panic!("{diagnostics:#?}"))
}

/// Reads contacts every way a plan can: a 30-day count, caps over 30 and 10 days, a rule
/// repeating every 40 days (longer than any window), a `once` letter, and a bureau report
/// that needs a letter sent at least 10 days before.
const PROBE: &str = r#"strategy "scope-probe" version 1
creditor "Credora S.A." document "12.345.678/0001-95"
currency BRL
timezone "America/Sao_Paulo"
hit all

policy {
  max contacts 4 per 30 days
  max calls 1 per 10 days
  bureau notice 10 days
}

rule "contatado": when days_overdue >= 1 and contacts_30d >= 2 then tag "contatado_30d"
rule "lembrete": when days_overdue >= 1 then sms every 40 days
rule "carta": when days_overdue >= 20 then letter once
rule "ligar": when days_overdue >= 1 then call
rule "negativar": when days_overdue >= 30 then report to bureau
"#;

/// 60 debtors, each with one debt (due between 0 and 200 days before 2025-06-01) and a
/// contact history over the 150 days before it: rotating channels and rule names, some
/// recorded in offsets far from the debtor's zone (`-12:00`, `+14:00`), so that the local
/// date as stored and the date in the debtor's zone differ by a day.
fn probe_portfolio() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let reference = d("2025-06-01");
    let mut debtors = String::from("id,name,document,email,phone,timezone\n");
    let mut debts = String::from("id,debtor_id,principal,issued_on,due_on\n");
    let mut contacts = String::from("debtor_id,channel,at,rule,outcome\n");
    let channels = ["sms", "letter", "call", "email", "whatsapp"];
    let rules = ["lembrete", "carta", "ligar", "outra", ""];
    let offsets = ["-03:00", "-12:00", "+14:00", "-05:00"];
    for i in 0..60i64 {
        let id = format!("D{i:03}");
        debtors.push_str(&format!(
            "{id},Nome {i},000.000.000-00,n{i}@example.com,+5511900000{i:03},America/Sao_Paulo\n"
        ));
        let due = reference - Duration::days(i * 200 / 60);
        let issued = due - Duration::days(30);
        debts.push_str(&format!("T{i:03},{id},500.00,{issued},{due}\n"));
        for k in 0..(3 + i % 7) {
            let age = (i * 7 + k * 23) % 150;
            let day = reference - Duration::days(age);
            let hour = if k % 2 == 0 { 22 } else { 1 };
            contacts.push_str(&format!(
                "{id},{},{day}T{hour:02}:30:00{},{},sent\n",
                channels[((i + k) % 5) as usize],
                offsets[((i + 2 * k) % 4) as usize],
                rules[((i * 3 + k) % 5) as usize],
            ));
        }
    }
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = ImportFiles {
        debtors: write("debtors.csv", &debtors),
        debts: write("debts.csv", &debts),
        contacts: write("contacts.csv", &contacts),
        ..Default::default()
    };
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, &files).unwrap();
    (dir, store)
}

/// Every debtor's actions on `as_of`, and how many contacts were loaded.
fn plan_all(
    store: &Store,
    strategy: &CheckedStrategy,
    as_of: NaiveDate,
    scope: &ContactScope,
) -> (Vec<Action>, usize) {
    let program = Program::compile(strategy);
    let planner = Planner::new(strategy, &program).unwrap();
    let engines = Engines::new(HolidayCalendar::builtin_br());
    let columns = DeriveSpec::from_strategy(strategy).custom_columns();
    let mut derived = Derived::default();
    let mut actions = Vec::new();
    let mut contacts = 0;
    for_each_debtor_in(store, &columns, Debtors::All, scope, |history| {
        contacts += history.contacts.len();
        derive(history, as_of, strategy, &mut derived).unwrap();
        let debtor = DebtorInputs {
            history,
            derived: &derived,
            earlier: &[],
        };
        let ctx = PlanContext {
            as_of,
            services: &engines,
        };
        planner.plan_debtor(debtor, ctx, &mut actions).unwrap();
        Ok::<(), LoadError>(())
    })
    .unwrap();
    (actions, contacts)
}

/// Plan `strategy` on every `step` days from `from` to `to`, with the whole contact history
/// and with the scope, and assert the plans are the same; and that the comparison was not
/// vacuous (there were plans, and contacts the scope left out).
fn assert_scope_changes_no_plan(
    store: &Store,
    strategy: &CheckedStrategy,
    (from, to, step): (&str, &str, i64),
) {
    let name = &strategy.header.name;
    let (mut planned, mut dropped) = (0, 0);
    let mut as_of = d(from);
    while as_of <= d(to) {
        let (full, all_contacts) = plan_all(store, strategy, as_of, &ContactScope::all());
        let scope = contact_scope(strategy, as_of);
        let (scoped, scoped_contacts) = plan_all(store, strategy, as_of, &scope);
        assert_eq!(full, scoped, "{name} as of {as_of}");
        planned += full.len();
        dropped += all_contacts - scoped_contacts;
        as_of += Duration::days(step);
    }
    assert!(
        planned > 0 && dropped > 0,
        "{name}: {planned} actions, {dropped} contacts left out"
    );
}

#[test]
fn plans_are_the_same_with_only_the_contacts_the_scope_names() {
    let store = example_portfolio();
    for name in ["varejo_pf.strat", "telecom.strat", "b2b_pme.strat"] {
        assert_scope_changes_no_plan(&store, &strategy(name), ("2024-06-03", "2025-05-31", 5));
    }
}

#[test]
fn a_strategy_reading_every_kind_of_contact_plans_the_same_with_the_scope() {
    let (_dir, store) = probe_portfolio();
    let probe = checked("probe.strat", PROBE);
    assert_scope_changes_no_plan(&store, &probe, ("2025-01-05", "2025-06-01", 2));
}

#[test]
fn the_scope_is_the_longest_window_letters_for_the_bureau_and_repeating_rules() {
    let varejo = strategy("varejo_pf.strat");
    let as_of = d("2025-03-31");
    let scope = contact_scope(&varejo, as_of);
    // 30 days of contact counts (the caps look back 7), plus two days of time-zone slack.
    assert_eq!(scope.since, Some(as_of - Duration::days(29 + 2)));
    // varejo_pf reports to the bureau under `bureau notice 10 days`.
    assert_eq!(scope.channels, vec![Channel::Letter]);
    // Its contact actions with `once` or `every N days`, in rule order.
    assert_eq!(
        scope.rules,
        [
            "saldo residual",
            "notificação pré-negativação",
            "ligar prioritários",
            "quitação com desconto"
        ]
    );
}

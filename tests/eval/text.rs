//! One-line evaluation tests through the whole front end: each condition is written in the
//! strategy language, parsed, checked, compiled, and run against a `given` debtor.

use chrono::NaiveDate;
use strat::check::{check, CheckedStrategy};
use strat::eval::given::given_row;
use strat::eval::program::Program;
use strat::eval::testrun::run_tests;
use strat::source::SourceFile;
use strat::syntax::parse;

const FIELDS: &str = "\
field segment: enum(high_value, standard, low_value)
field score: int
field propensity: percent
field preferred: channel
field vip: bool
field signed_on: date
field note: text
segment priority = balance >= 5000 and score >= 600
segment rich_and_late = priority and days_overdue > 10
";

pub fn checked(text: &str) -> CheckedStrategy {
    let source = SourceFile::new("t.strat", text);
    let (ast, diagnostics) = parse(&source);
    assert!(
        !diagnostics.iter().any(|d| d.is_error()),
        "{diagnostics:#?}\n{text}"
    );
    let (strategy, diagnostics) = check(&source, &ast);
    strategy.unwrap_or_else(|| panic!("{diagnostics:#?}\n{text}"))
}

/// Does `when COND` hold for the debtor `given GIVEN` (as of 2025-01-02)?
fn holds(cond: &str, given: &str) -> bool {
    let text = format!(
        "{FIELDS}rule \"r\": when {cond} then call\n\
         test \"t\" {{\n  given {given}\n  expect call\n}}\n"
    );
    let st = checked(&text);
    let reports = run_tests(&st, &Program::compile(&st));
    reports[0].passed()
}

#[test]
fn comparisons() {
    assert!(holds("days_overdue >= 20", "days_overdue = 20"));
    assert!(!holds("days_overdue > 20", "days_overdue = 20"));
    assert!(holds("days_overdue <= 20", "days_overdue = 20"));
    assert!(!holds("days_overdue < 20", "days_overdue = 20"));
    assert!(holds("days_overdue = 20", "days_overdue = 20"));
    assert!(holds("days_overdue != 21", "days_overdue = 20"));
    assert!(holds("balance >= 5000", "balance = 5000.00"));
    assert!(!holds("balance > 5000", "balance = 5000.00"));
    assert!(holds("propensity > 12%", "propensity = 12.5%"));
    assert!(holds("signed_on < 2025-01-01", "signed_on = 2024-12-31"));
    assert!(holds("segment = high_value", "segment = high_value"));
    assert!(!holds("segment = standard", "segment = high_value"));
    assert!(holds("preferred = whatsapp", "preferred = whatsapp"));
    // `given vip = true` trips the parser (reported); bool values are covered by the
    // hand-built tests, here only the missing case.
    assert!(!holds("vip", "score = 1"));
    assert!(holds("not vip", "score = 1"));
    assert!(holds("note = \"negociação\"", "note = \"negociação\""));
    assert!(holds("first_name = \"Maria\"", "name = \"Maria da Silva\""));
}

#[test]
fn logic_and_precedence() {
    assert!(holds(
        "days_overdue >= 20 and segment = high_value",
        "days_overdue = 20, segment = high_value"
    ));
    assert!(!holds(
        "days_overdue >= 20 and segment = high_value",
        "days_overdue = 20, segment = standard"
    ));
    assert!(holds(
        "days_overdue = 1 or days_overdue = 2",
        "days_overdue = 2"
    ));
    assert!(holds("not days_overdue = 1", "days_overdue = 2"));
    // `and` binds tighter than `or`.
    assert!(holds(
        "score = 1 and score = 2 or days_overdue = 3",
        "days_overdue = 3"
    ));
    assert!(!holds(
        "score = 1 and (score = 2 or days_overdue = 3)",
        "days_overdue = 3"
    ));
}

#[test]
fn missing_values() {
    assert!(
        !holds("balance >= 0", "days_overdue = 0"),
        "balance not given"
    );
    assert!(holds("not balance >= 0", "days_overdue = 0"));
    assert!(holds("balance is missing", "days_overdue = 0"));
    assert!(holds("balance is present", "balance = 0.00"));
    assert!(holds("email is missing", "name = \"Ana\""));
    assert!(holds("last_payment is missing", "days_overdue = 3"));
    assert!(!holds("segment != standard", "days_overdue = 3"));
    // Counts, days_overdue and has_agreement have defaults.
    assert!(holds(
        "open_debts = 0 and days_overdue = 0 and not has_agreement",
        "score = 1"
    ));
    assert!(holds("balance is missing", "balance = missing"));
}

#[test]
fn in_and_between() {
    assert!(holds(
        "segment in [high_value, standard]",
        "segment = standard"
    ));
    assert!(!holds(
        "segment in [high_value, standard]",
        "segment = low_value"
    ));
    assert!(holds("preferred in [sms, whatsapp]", "preferred = sms"));
    assert!(holds("days_overdue in [1, 3, 7]", "days_overdue = 7"));
    assert!(holds("days_overdue between 10 and 44", "days_overdue = 10"));
    assert!(holds("days_overdue between 10 and 44", "days_overdue = 44"));
    assert!(!holds(
        "days_overdue between 10 and 44",
        "days_overdue = 45"
    ));
    assert!(holds("balance between 100 and 200", "balance = 150.50"));
}

#[test]
fn arithmetic_and_dates() {
    assert!(holds("balance * 30% >= 300", "balance = 1000.00"));
    assert!(!holds("balance * 30% > 300", "balance = 1000.00"));
    assert!(holds(
        "updated_balance - balance > 10",
        "balance = 100.00, updated_balance = 110.01"
    ));
    assert!(holds("balance / 4 = 25", "balance = 100.00"));
    assert!(holds(
        "balance / open_debts > 0",
        "balance = 100.00, open_debts = 3"
    ));
    assert!(
        !holds("balance / open_debts > 0", "balance = 100.00"),
        "division by zero is missing"
    );
    assert!(holds("score + 10 = 610", "score = 600"));
    assert!(holds("score * 2 - 1 = 1199", "score = 600"));
    assert!(holds(
        "days_since(last_payment) = 32",
        "last_payment = 2024-12-01"
    ));
    assert!(holds("days_until(signed_on) = 8", "signed_on = 2025-01-10"));
    assert!(holds(
        "signed_on + 5 = 2025-01-15",
        "signed_on = 2025-01-10"
    ));
    assert!(!holds("days_since(last_payment) > 0", "days_overdue = 1"));
}

#[test]
fn segments_and_nested_segments() {
    assert!(holds("priority", "balance = 8000.00, score = 700"));
    assert!(!holds("priority", "balance = 8000.00, score = 500"));
    assert!(holds(
        "rich_and_late",
        "balance = 8000.00, score = 700, days_overdue = 11"
    ));
    assert!(!holds(
        "rich_and_late",
        "balance = 8000.00, score = 700, days_overdue = 10"
    ));
    assert!(holds("not priority", "balance = 8000.00"));
}

#[test]
fn as_of_moves_date_functions() {
    let text = format!(
        "{FIELDS}rule \"r\": when days_since(last_payment) >= 30 then call\n\
         test \"a\" {{\n  as of 2025-01-31\n  given last_payment = 2025-01-01\n  expect call\n}}\n\
         test \"b\" {{\n  given last_payment = 2025-01-01\n  expect nothing\n}}\n"
    );
    let st = checked(&text);
    let reports = run_tests(&st, &Program::compile(&st));
    assert!(reports.iter().all(|r| r.passed()), "{reports:#?}");
}

#[test]
fn hit_first_and_hit_all_from_text() {
    let rules = "rule \"late\": when days_overdue >= 20 then call\n\
                 rule \"any\": when days_overdue >= 1 then sms\n";
    let test =
        "test \"t\" {\n  given days_overdue = 25\n  expect call\n  expect rule \"late\"\n}\n";
    let st = checked(&format!("{FIELDS}{rules}{test}"));
    assert!(run_tests(&st, &Program::compile(&st))[0].passed());
    let all = checked(&format!("hit all\n{FIELDS}{rules}{test}"));
    let r = &run_tests(&all, &Program::compile(&all))[0];
    assert_eq!(r.failures[1], "unexpected: `sms`");
}

#[test]
fn verdict_points_at_the_failing_condition_in_the_source() {
    let text = format!(
        "{FIELDS}rule \"ligar\": when days_overdue >= 20 and balance >= 100 and priority then call\n"
    );
    let st = checked(&text);
    let program = Program::compile(&st);
    let as_of = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap();
    let verdict_for = |given: &str| {
        let t = checked(&format!(
            "{text}test \"t\" {{\n  given {given}\n  expect call\n}}\n"
        ));
        let row = given_row(&st, &t.tests[0].given);
        let v = program.verdict(0, &row, as_of);
        v.failed.map(|s| st.source.slice(s).to_string())
    };
    assert_eq!(
        verdict_for("days_overdue = 5").as_deref(),
        Some("days_overdue >= 20")
    );
    assert_eq!(
        verdict_for("days_overdue = 25, balance = 50.00").as_deref(),
        Some("balance >= 100")
    );
    assert_eq!(
        verdict_for("days_overdue = 25, balance = 500.00, score = 10").as_deref(),
        Some("priority")
    );
    assert_eq!(
        verdict_for("days_overdue = 25, balance = 5000.00, score = 900"),
        None
    );
}

#[test]
fn given_literals_take_the_fields_type() {
    use rust_decimal_macros::dec;
    use strat::schema::{Builtin, Channel, Value};
    let st = checked(&format!(
        "{FIELDS}rule \"r\": when days_overdue >= 1 then call\n\
         test \"t\" {{\n  given balance = 8000.00, score = 700, segment = low_value, \
         preferred = whatsapp, propensity = 12.5%, vip = true, signed_on = 2024-12-01, \
         name = \"Maria da Silva\", email = missing, days_overdue = -3\n  expect nothing\n}}\n"
    ));
    let row = given_row(&st, &st.tests[0].given);
    let slot = |name: &str| st.field(name).unwrap().slot;
    assert_eq!(row.get(slot("balance")), Value::Money(dec!(8000.00)));
    assert_eq!(row.get(slot("score")), Value::Int(700));
    assert_eq!(row.get(slot("segment")), Value::Enum(2));
    assert_eq!(
        row.get(slot("preferred")),
        Value::Channel(Channel::Whatsapp)
    );
    assert_eq!(row.get(slot("propensity")), Value::Percent(dec!(12.5)));
    assert_eq!(row.get(slot("vip")), Value::Bool(true));
    assert_eq!(
        row.get(slot("signed_on")),
        Value::Date("2024-12-01".parse().unwrap())
    );
    assert_eq!(row.get(slot("days_overdue")), Value::Days(-3));
    assert_eq!(row.text(Builtin::FirstName.slot()), Some("Maria"));
    assert_eq!(row.get(Builtin::Email.slot()), Value::Missing);
}

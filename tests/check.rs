//! Precise checks of the checker through the parser: the PRODUCT.md §1 example, literal
//! typing, slots, segments, policy resolution and a few diagnostics' exact spans and helps.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_decimal_macros::dec;
use strat::check::{check, ActionSpec, CheckedStrategy, GivenValue, TExprKind};
use strat::diagnostics::{Code, Diagnostic, Severity};
use strat::schema::{Builtin, Channel, Type, Value, BUILTIN_SLOTS};
use strat::source::SourceFile;

const PRODUCT_EXAMPLE: &str = r#"strategy "varejo-pf" version 3
creditor "Loja Exemplo S.A." document "12.345.678/0001-90"   # shown in every contact (CDC art. 42-A)
currency BRL
timezone "America/Sao_Paulo"

field segment: enum(high_value, standard, low_value)   # custom portfolio columns, typed
field score: int

policy {
  late_fee 2%                    # multa; CDC art. 52 §1 caps it at 2%
  interest 1% per month          # juros de mora as contracted, pro rata die (a parameter, not a law)
  max installments 12
  min installment 50.00
  max discount 30%
  contact hours mon-fri 08:00-20:00, sat 09:00-13:00
  max contacts 3 per 7 days
  bureau notice 10 days          # posted letter at least 10 days before negativação
}

segment priority = balance >= 5000 and score >= 600

template lembrete for email: "Olá {first_name}, sua fatura de {balance} vence em {due_date}."
template oferta for whatsapp: "{first_name}, quite hoje seu débito de {updated_balance} com {discount} de desconto."

rule "lembrete D-3": when days_to_due = 3 then email template "lembrete"
rule "ligar prioridade": when days_overdue >= 20 and priority then call every 7 days; offer up to 6 installments
rule "negativar": when days_overdue >= 45 and balance >= 100 then report to bureau once
rule "quitação": when days_overdue > 90 then offer discount up to 30%; whatsapp template "oferta" every 15 days

test "prioridade no dia 20" {
  given days_overdue = 20, segment = high_value, balance = 8000.00, score = 700
  expect call, offer up to 6 installments
}
"#;

fn run(name: &str, text: &str) -> (Option<CheckedStrategy>, Vec<Diagnostic>) {
    let source = SourceFile::new(name, text);
    let (ast, syntax) = strat::syntax::parse(&source);
    assert!(syntax.is_empty(), "syntax errors: {syntax:#?}");
    check(&source, &ast)
}

fn codes(text: &str) -> Vec<Code> {
    run("t.strat", text).1.iter().map(|d| d.code).collect()
}

#[test]
fn the_product_example_checks_with_one_warning() {
    let (checked, diagnostics) = run("strategies/varejo-pf.strat", PRODUCT_EXAMPLE);
    // No error; the only finding is that no rule sends the posted letter the bureau report needs.
    let found: Vec<(Code, Severity)> = diagnostics.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(found, vec![(Code::BureauWithoutLetter, Severity::Warning)]);
    let checked = checked.expect("checked");
    assert_eq!(checked.header.name, "varejo-pf");
    assert_eq!(checked.header.version, 3);
    assert_eq!(
        checked.header.creditor_document.as_deref(),
        Some("12.345.678/0001-90")
    );
    assert_eq!(checked.header.timezone, chrono_tz::America::Sao_Paulo);
    assert_eq!(checked.policy.late_fee, dec!(2));
    assert_eq!(checked.policy.max_installments, Some(12));
    assert_eq!(checked.policy.min_installment, dec!(50.00));
    assert_eq!(checked.policy.max_contacts, Some((3, 7)));
    assert_eq!(checked.policy.bureau_notice_days, Some(10));
    assert_eq!(checked.policy.contact_hours.len(), 2);
    assert_eq!(checked.field("segment").unwrap().slot, BUILTIN_SLOTS);
    assert_eq!(checked.field("score").unwrap().slot, BUILTIN_SLOTS + 1);
    assert_eq!(checked.segments.len(), 1);
    let names: Vec<&str> = checked.rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["lembrete D-3", "ligar prioridade", "negativar", "quitação"]
    );
    assert_eq!(checked.rules[0].line, 25);
    assert_eq!(checked.tests.len(), 1);
}

#[test]
fn default_header_comes_from_the_file_name() {
    let (checked, _) = run(
        "dir/cobranca.strat",
        "rule \"x\": when days_overdue >= 1 then tag \"a\"\n",
    );
    let header = checked.unwrap().header;
    assert_eq!(
        (
            header.name.as_str(),
            header.version,
            header.currency.as_str()
        ),
        ("cobranca", 1, "BRL")
    );
}

/// The constant a `field op literal` condition was typed to.
fn constant(text: &str) -> (Value, Type) {
    let (checked, diagnostics) = run("t.strat", text);
    let checked = checked.unwrap_or_else(|| panic!("{diagnostics:#?}"));
    let condition = &checked.rules.last().unwrap().condition;
    let TExprKind::Compare { rhs, .. } = &condition.kind else {
        panic!("{condition:?}")
    };
    let TExprKind::Const(v) = rhs.kind else {
        panic!("{rhs:?}")
    };
    (v, rhs.ty.clone())
}

#[test]
fn literals_take_their_context_type() {
    let head = "field score: int\nfield propensity: percent\nfield preferred: channel\n";
    let rule = |c: &str| format!("{head}rule \"r\": when {c} then tag \"t\"\n");
    assert_eq!(
        constant(&rule("balance >= 5000")),
        (Value::Money(dec!(5000)), Type::Money)
    );
    assert_eq!(
        constant(&rule("days_overdue = 20")),
        (Value::Days(20), Type::Days)
    );
    assert_eq!(
        constant(&rule("score >= 600")),
        (Value::Int(600), Type::Int)
    );
    assert_eq!(
        constant(&rule("propensity >= 30%")),
        (Value::Percent(dec!(30)), Type::Percent)
    );
    // `email` is also a built-in text field; next to a channel it is the channel.
    assert_eq!(
        constant(&rule("preferred = email")),
        (Value::Channel(strat::schema::Channel::Email), Type::Channel)
    );
}

#[test]
fn mismatches_name_both_types() {
    let (_, d) = run(
        "t.strat",
        "field score: int\nrule \"r\": when balance > score then sms\n",
    );
    let m = d.iter().find(|d| d.code == Code::TypeMismatch).unwrap();
    assert_eq!(
        m.message,
        "`balance` is money but `score` is an int: they cannot be compared"
    );
    assert!(
        codes("field propensity: percent\nrule \"r\": when propensity > 30 then sms\n")
            .contains(&Code::TypeMismatch)
    );
    assert!(codes("rule \"r\": when days_overdue = 2.5 then sms\n").contains(&Code::TypeMismatch));
    assert!(
        !codes("rule \"r\": when days_since(last_payment) > 30 then sms\n")
            .contains(&Code::TypeMismatch)
    );
    assert!(
        !codes("rule \"r\": when due_date - 2025-01-01 > 30 then sms\n")
            .contains(&Code::TypeMismatch)
    );
}

#[test]
fn segments_see_only_earlier_segments() {
    let text = "segment a = b and days_overdue > 3\nsegment b = balance > 10\nrule \"r\": when a then sms\n";
    let (_, d) = run("t.strat", text);
    let e = d.iter().find(|d| d.code == Code::UnknownField).unwrap();
    assert!(e.message.contains("`b`"), "{}", e.message);
}

#[test]
fn offer_placeholders_need_the_offer_in_the_same_rule() {
    let text = "template t for sms: \"{installments}x de {installment_value}\"\nrule \"r\": when days_overdue >= 1 then sms template \"t\"\n";
    assert!(codes(text).contains(&Code::UnknownPlaceholder));
    let fixed = text.replace("sms template", "offer up to 3 installments; sms template");
    assert!(!codes(&fixed).contains(&Code::UnknownPlaceholder));
}

#[test]
fn shadowing_is_only_a_first_hit_concern_and_can_be_allowed() {
    let text = "creditor \"C\" document \"1\"\nrule \"a\": when days_overdue >= 10 then sms\nrule \"b\": when days_overdue >= 30 and balance > 1000 then call\n";
    let (_, d) = run("t.strat", text);
    let shadow = d.iter().find(|d| d.code == Code::ShadowedRule).unwrap();
    assert_eq!(shadow.labels.len(), 1);
    assert!(shadow.labels[0].message.contains("`a`"));
    assert!(!codes(&format!("hit all\n{text}")).contains(&Code::ShadowedRule));
    let allowed = text.replace("rule \"b\"", "# strat: allow shadowed-rule\nrule \"b\"");
    assert!(!codes(&allowed).contains(&Code::ShadowedRule));
    // Different enum variants do not shadow each other; `or` branches are each checked.
    let enums = "field s: enum(x, y)\nrule \"a\": when s = x then sms\nrule \"b\": when s = y or (s = x and balance > 5) then sms\n";
    assert!(!codes(enums).contains(&Code::ShadowedRule));
    let covered = "field s: enum(x, y)\nrule \"a\": when s in [x, y] then sms\nrule \"b\": when s = y or s = x then sms\n";
    assert!(codes(covered).contains(&Code::ShadowedRule));
}

#[test]
fn missing_values_keep_the_analysis_sound() {
    // `not (score >= 600)` may also match debtors with no score, which `score < 600` never
    // does: the second rule is not known to be covered by the first.
    let text = "field score: int\nrule \"a\": when score < 600 then sms\nrule \"b\": when not (score >= 600) then sms\n";
    assert!(!codes(text).contains(&Code::ShadowedRule));
    let never = "rule \"a\": when email is missing and email = \"x\" then sms\n";
    assert!(codes(never).contains(&Code::NeverMatches));
}

#[test]
fn coverage_gap_reports_the_first_open_range() {
    let (_, d) = run(
        "t.strat",
        "rule \"a\": when days_overdue between 1 and 30 then sms\n",
    );
    let gap = d.iter().find(|d| d.code == Code::CoverageGap).unwrap();
    assert_eq!(gap.message, "debtors 31 or more days overdue match no rule");
    assert!(
        !codes("rule \"a\": when days_overdue >= 1 and balance > 100 then sms\n")
            .contains(&Code::CoverageGap)
    );
}

#[test]
fn impossible_installment_suggests_the_balance_bound() {
    let text = "policy {\n  min installment 50.00\n}\nrule \"a\": when days_overdue >= 1 and balance >= 60 then offer up to 6 installments\n";
    let (_, d) = run("t.strat", text);
    let w = d
        .iter()
        .find(|d| d.code == Code::ImpossibleInstallment)
        .unwrap();
    assert_eq!(w.severity, Severity::Warning);
    assert!(
        w.help.as_deref().unwrap().contains("`balance >= 100.00`"),
        "{:?}",
        w.help
    );
}

#[test]
fn never_panics_on_truncated_files() {
    // Prefixes (at char boundaries, every 13 bytes) of every diagnostics fixture:
    // the checker must report, never panic, whatever half-parsed AST it gets.
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["tests/fixtures/diagnostics"] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(
                    std::fs::read_dir(&path)
                        .unwrap()
                        .flatten()
                        .map(|e| e.path()),
                );
            } else {
                files.push(path);
            }
        }
    }
    files.retain(|p| p.extension().is_some_and(|e| e == "strat"));
    assert!(files.len() >= 20);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for end in (0..=text.len())
            .step_by(13)
            .filter(|i| text.is_char_boundary(*i))
        {
            let source = SourceFile::new("t.strat", &text[..end]);
            let (ast, _) = strat::syntax::parse(&source);
            let _ = check(&source, &ast);
        }
    }
}

#[test]
fn huge_conditions_are_skipped_not_expanded() {
    // 2^14 alternatives: the analysis gives up on this condition (no finding, no blow-up).
    let mut text = String::from("creditor \"C\" document \"1\"\n");
    let mut parts = Vec::new();
    for i in 0..14 {
        text.push_str(&format!("field f{i}: int\n"));
        parts.push(format!("(f{i} = 1 or f{i} = 2)"));
    }
    text.push_str(&format!(
        "rule \"big\": when {} then sms\n",
        parts.join(" and ")
    ));
    text.push_str("rule \"after\": when f0 = 1 and f1 = 1 and f2 = 1 then sms\n");
    let start = std::time::Instant::now();
    let (checked, diagnostics) = run("t.strat", &text);
    assert!(checked.is_some());
    assert!(
        !diagnostics
            .iter()
            .any(|d| d.code == Code::NeverMatches || d.code == Code::ShadowedRule),
        "{diagnostics:#?}"
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn tests_are_checked_into_typed_givens_and_checked_expectations() {
    let (checked, _) = run("strategies/varejo-pf.strat", PRODUCT_EXAMPLE);
    let test = &checked.expect("checked").tests[0];
    assert_eq!(test.name, "prioridade no dia 20");
    assert_eq!(test.line, 30);
    let given: Vec<(usize, GivenValue)> = test
        .given
        .iter()
        .map(|g| (g.slot, g.value.clone()))
        .collect();
    assert_eq!(
        given,
        [
            (
                Builtin::DaysOverdue.slot(),
                GivenValue::Value(Value::Days(20))
            ),
            (BUILTIN_SLOTS, GivenValue::Value(Value::Enum(0))),
            (
                Builtin::Balance.slot(),
                GivenValue::Value(Value::Money(dec!(8000.00)))
            ),
            (BUILTIN_SLOTS + 1, GivenValue::Value(Value::Int(700))),
        ]
    );
    assert_eq!(
        test.expect,
        [
            ActionSpec::Contact {
                channel: Channel::Call,
                template: None
            },
            ActionSpec::OfferInstallments(6)
        ]
    );
    assert_eq!((test.expect_rule.as_deref(), test.as_of), (None, None));
}

#[test]
fn a_given_that_is_not_a_literal_of_its_field_is_an_error() {
    let head = "field score: int\nfield segment: enum(a, b)\nrule \"r\": when days_overdue >= 1 then call\n";
    for given in ["score = 7.5", "segment = gold", "scor = 1"] {
        let text = format!("{head}test \"t\" {{\n  given {given}\n  expect call\n}}\n");
        let (checked, diagnostics) = run("t.strat", &text);
        assert!(checked.is_none(), "{given}");
        assert!(
            diagnostics.iter().any(|d| d.code == Code::InvalidTest),
            "{given}: {diagnostics:#?}"
        );
    }
}

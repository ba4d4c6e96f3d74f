//! Parser tests: the PRODUCT.md examples, AST shape, precedence, error recovery, robustness.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod mutation;
use mutation::mutate;
use proptest::prelude::{prop, prop_assert, proptest, ProptestConfig};
use strat::diagnostics::{Code, Diagnostic};
use strat::source::SourceFile;
use strat::syntax::ast::{
    Action, ActionKind, Channel, Expr, ExprKind, Item, PolicySetting, Repeat, Rule, Strategy,
    TypeExpr, Weekday,
};
use strat::syntax::parse;

fn parse_text(text: &str) -> (Strategy, Vec<Diagnostic>) {
    parse(&SourceFile::new("test.strat", text))
}

fn parse_clean(text: &str) -> Strategy {
    let (ast, diagnostics) = parse_text(text);
    assert!(
        diagnostics.is_empty(),
        "unexpected diagnostics for {text:?}: {diagnostics:#?}"
    );
    ast
}

fn product_example() -> String {
    std::fs::read_to_string("tests/fixtures/parse/product_example.strat").unwrap()
}

/// An expression as an s-expression, to assert tree shape (precedence) precisely.
fn sexpr(e: &Expr) -> String {
    match &*e.kind {
        ExprKind::Name(n) => n.clone(),
        ExprKind::Number(n) => n.to_string(),
        ExprKind::Percent(p) => format!("{p}%"),
        ExprKind::Date(d) => d.to_string(),
        ExprKind::Text(t) => format!("{t:?}"),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Not(x) => format!("(not {})", sexpr(x)),
        ExprKind::Neg(x) => format!("(neg {})", sexpr(x)),
        ExprKind::Binary { op, lhs, rhs } => {
            format!("({} {} {})", op.as_str(), sexpr(lhs), sexpr(rhs))
        }
        ExprKind::In { value, set } => {
            let set: Vec<String> = set.iter().map(sexpr).collect();
            format!("(in {} [{}])", sexpr(value), set.join(" "))
        }
        ExprKind::Between { value, low, high } => {
            format!("(between {} {} {})", sexpr(value), sexpr(low), sexpr(high))
        }
        ExprKind::Is { value, present } => {
            format!(
                "({} {})",
                if *present { "present" } else { "missing" },
                sexpr(value)
            )
        }
        ExprKind::Call { function, args } => {
            let args: Vec<String> = args.iter().map(sexpr).collect();
            format!("({} {})", function.node, args.join(" "))
        }
    }
}

fn rules(ast: &Strategy) -> Vec<&Rule> {
    ast.items
        .iter()
        .filter_map(|i| match i {
            Item::Rule(r) => Some(r),
            _ => None,
        })
        .collect()
}

fn only_rule(text: &str) -> Rule {
    let ast = parse_clean(text);
    assert_eq!(ast.items.len(), 1, "{text}");
    rules(&ast)[0].clone()
}

fn contact(a: &Action) -> (Channel, Option<String>) {
    match &a.kind {
        ActionKind::Contact { channel, template } => {
            (channel.node, template.as_ref().map(|t| t.node.clone()))
        }
        other => panic!("expected a contact, got {other:?}"),
    }
}

fn condition(text: &str) -> String {
    sexpr(&only_rule(&format!("when {text} then call")).condition)
}

// ───────────── PRODUCT.md ─────────────

#[test]
fn product_line_one() {
    let text =
        "when days_overdue >= 20 and segment = high_value then call; offer up to 6 installments";
    let rule = only_rule(text);
    assert_eq!(rule.name, None);
    assert_eq!(
        sexpr(&rule.condition),
        "(and (>= days_overdue 20) (= segment high_value))"
    );
    assert_eq!(rule.actions.len(), 2);
    assert_eq!(contact(&rule.actions[0]), (Channel::Call, None));
    assert!(matches!(rule.actions[1].kind, ActionKind::OfferInstallments(ref n) if n.node == 6));
    assert!(rule.actions.iter().all(|a| a.repeat.is_none()));
    assert_eq!(rule.when_span.start, 0);
    assert_eq!(rule.span.end as usize, text.len());
}

#[test]
fn product_line_two() {
    let rule = only_rule("when days_to_due = 3 then email template \"lembrete\"");
    assert_eq!(sexpr(&rule.condition), "(= days_to_due 3)");
    assert_eq!(
        contact(&rule.actions[0]),
        (Channel::Email, Some("lembrete".into()))
    );
}

#[test]
fn product_line_three() {
    let text = "rule \"aviso D+1\": when days_overdue = 1 then sms template \"aviso_d1\"; email template \"aviso_d1\"";
    let rule = only_rule(text);
    assert_eq!(
        rule.name.as_ref().map(|n| n.node.as_str()),
        Some("aviso D+1")
    );
    assert_eq!(rule.when_span.start as usize, text.find("when").unwrap());
    assert_eq!(rule.actions.len(), 2);
    assert_eq!(
        contact(&rule.actions[0]),
        (Channel::Sms, Some("aviso_d1".into()))
    );
    assert_eq!(
        contact(&rule.actions[1]),
        (Channel::Email, Some("aviso_d1".into()))
    );
}

#[test]
fn product_example_parses_with_the_expected_shape() {
    let text = product_example();
    let source = SourceFile::new("product_example.strat", text.as_str());
    let (ast, diagnostics) = parse(&source);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(ast.items.len(), 15);
    assert!(
        matches!(&ast.items[0], Item::Strategy { name, version: Some(v), .. } if name.node == "varejo-pf" && v.node == 3)
    );
    assert!(matches!(&ast.items[2], Item::Currency(c) if c.node == "BRL"));

    let Some(Item::Field(segment)) = ast.items.get(4) else {
        panic!("field")
    };
    let TypeExpr::Enum(variants) = &segment.ty.node else {
        panic!("enum")
    };
    let variants: Vec<&str> = variants.iter().map(|v| v.node.as_str()).collect();
    assert_eq!(variants, ["high_value", "standard", "low_value"]);

    let Some(Item::Policy(policy)) = ast.items.get(6) else {
        panic!("policy")
    };
    assert_eq!(policy.settings.len(), 8);
    assert!(
        matches!(&policy.settings[0].node, PolicySetting::LateFee(p) if p.node == rust_decimal::Decimal::from(2))
    );
    let PolicySetting::ContactHours(windows) = &policy.settings[5].node else {
        panic!("hours")
    };
    assert_eq!(windows[0].node.first_day, Weekday::Mon);
    assert_eq!(windows[0].node.last_day, Weekday::Fri);
    assert_eq!(
        (windows[0].node.from_minute, windows[0].node.to_minute),
        (480, 1200)
    );
    assert_eq!(
        (windows[1].node.first_day, windows[1].node.last_day),
        (Weekday::Sat, Weekday::Sat)
    );
    assert!(
        matches!(&policy.settings[6].node, PolicySetting::MaxContacts { channel: None, count, days } if count.node == 3 && days.node == 7)
    );

    let Some(Item::Template(lembrete)) = ast.items.get(8) else {
        panic!("template")
    };
    assert_eq!(lembrete.channel.node, Channel::Email);
    let names: Vec<&str> = lembrete
        .placeholders
        .iter()
        .map(|p| p.node.as_str())
        .collect();
    assert_eq!(names, ["first_name", "balance", "due_date"]);
    for p in &lembrete.placeholders {
        assert_eq!(
            source.slice(p.span),
            p.node,
            "placeholder span points at its name"
        );
    }

    let rules = rules(&ast);
    let names: Vec<&str> = rules
        .iter()
        .map(|r| r.name.as_ref().unwrap().node.as_str())
        .collect();
    assert_eq!(
        names,
        ["lembrete D-3", "ligar prioridade", "negativar", "quitação"]
    );
    assert_eq!(
        rules[1].actions[0].repeat.as_ref().map(|r| r.node),
        Some(Repeat::EveryDays(7))
    );
    assert!(matches!(
        rules[2].actions[0].kind,
        ActionKind::ReportToBureau
    ));
    assert_eq!(
        rules[2].actions[0].repeat.as_ref().map(|r| r.node),
        Some(Repeat::Once)
    );
    assert!(
        matches!(&rules[3].actions[0].kind, ActionKind::OfferDiscount(p) if p.node == rust_decimal::Decimal::from(30))
    );
    assert_eq!(
        contact(&rules[3].actions[1]),
        (Channel::Whatsapp, Some("oferta".into()))
    );
    assert_eq!(
        rules[3].actions[1].repeat.as_ref().map(|r| r.node),
        Some(Repeat::EveryDays(15))
    );

    let Some(Item::Test(test)) = ast.items.last() else {
        panic!("test")
    };
    let given: Vec<&str> = test.given.iter().map(|g| g.field.node.as_str()).collect();
    assert_eq!(given, ["days_overdue", "segment", "balance", "score"]);
    assert_eq!(test.expect.len(), 2);
    assert_eq!(
        test.given[2].value.as_ref().map(sexpr),
        Some("8000.00".into())
    );

    assert_eq!(ast.comments.len(), 5);
    assert_eq!(
        ast.comments[0].text,
        " shown in every contact (CDC art. 42-A)"
    );
    for c in &ast.comments {
        assert_eq!(source.slice(c.span), format!("#{}", c.text));
    }
}

// ───────────── conditions ─────────────

#[test]
fn precedence_loosest_first() {
    assert_eq!(
        condition("a or b and not c = 1 + 2 * -3"),
        "(or a (and b (not (= c (+ 1 (* 2 -3))))))"
    );
    assert_eq!(condition("a - b - c"), "(- (- a b) c)");
    assert_eq!(condition("(a or b) and c"), "(and (or a b) c)");
    assert_eq!(condition("not a and b"), "(and (not a) b)");
    assert_eq!(condition("-x * 2"), "(* (neg x) 2)");
}

#[test]
fn between_and_is_not_logical_and() {
    assert_eq!(
        condition("days_overdue between 1 and 30 and balance > 0"),
        "(and (between days_overdue 1 30) (> balance 0))"
    );
    assert_eq!(
        condition("x + 1 between a - 1 and 2 * b"),
        "(between (+ x 1) (- a 1) (* 2 b))"
    );
}

#[test]
fn postfix_tests_and_literals() {
    assert_eq!(
        condition("segment in [high_value, standard] or email is missing"),
        "(or (in segment [high_value standard]) (missing email))"
    );
    assert_eq!(condition("not phone is present"), "(not (present phone))");
    assert_eq!(
        condition("days_since(last_payment) > 30 and due_on < 2025-01-31"),
        "(and (> (days_since last_payment) 30) (< due_on 2025-01-31))"
    );
    assert_eq!(
        condition("discount <= 12.5% and note != \"a \\\"b\\\"\""),
        "(and (<= discount 12.5%) (!= note \"a \\\"b\\\"\"))"
    );
    assert_eq!(condition("flag = true"), "(= flag true)");
}

#[test]
fn keywords_need_word_boundaries() {
    // `notice`, `order` and `android` are names, not `not`/`or`/`and`.
    assert_eq!(
        condition("notice = order and android"),
        "(and (= notice order) android)"
    );
}

#[test]
fn multi_line_rule_and_comments() {
    let text = "rule \"x\": # why\n  when a = 1   # first\n  then call\n";
    let ast = parse_clean(text);
    assert_eq!(ast.items.len(), 1);
    assert_eq!(ast.comments.len(), 2);
    assert_eq!(ast.comments[1].text, " first");
    // The rule's span stops at its last token, not at the trailing comment or newline.
    assert!(text[ast.items[0].span().range()].ends_with("then call"));
}

#[test]
fn strings_with_hash_are_not_comments() {
    let ast = parse_clean("when a = 1 then tag \"#1 priority\" # real comment");
    assert_eq!(ast.comments.len(), 1);
    assert_eq!(ast.comments[0].text, " real comment");
}

// ───────────── errors ─────────────

fn errors(text: &str) -> (Strategy, Vec<Diagnostic>) {
    let (ast, diagnostics) = parse_text(text);
    assert!(diagnostics
        .iter()
        .all(|d| d.code == Code::SyntaxError && d.help.is_some()));
    (ast, diagnostics)
}

#[test]
fn several_independent_errors_are_each_reported() {
    let text = "when a = 1 then call\nwhen b = then sms\nfield x int\nrule \"ok\": when c = 2 then letter\nwhen d >= 1 email\n";
    let (ast, diagnostics) = errors(text);
    assert_eq!(diagnostics.len(), 3, "{diagnostics:#?}");
    let found: Vec<&str> = diagnostics.iter().map(|d| &text[d.span.range()]).collect();
    assert_eq!(found, ["then", "int", "email"]);
    assert_eq!(diagnostics[0].message, "expected a condition after `=`");
    assert_eq!(diagnostics[1].message, "expected `:`");
    assert_eq!(
        diagnostics[2].message,
        "expected `then` after the condition"
    );
    // The two good rules are still returned.
    assert_eq!(rules(&ast).len(), 2);
}

#[test]
fn friendly_messages() {
    let cases = [
        ("when then call", "expected a condition after `when`", "then"),
        ("when x is then call", "expected `missing` or `present`", "then"),
        ("when a = 1 then fly", "expected an action such as `email`, `call` or `offer up to 6 installments` after `then`", "fly"),
        ("policy {\n  late_fee 2%\n  colour blue\n}", "expected a policy setting or `}`", "colour"),
        ("strategy \"abc", "this text is never closed", "\"abc"),
        ("template t for email: \"Olá {name\"", "this `{` is never closed", "{"),
        ("policy { max installments 99999999999 }", "`99999999999` is too large", "99999999999"),
        ("when x = 2025-02-30 then call", "`2025-02-30` is not a valid date", "2025-02-30"),
        ("policy { contact hours mon-fri 08:00-25:00 }", "`25:00` is not a time of day", "25:00"),
    ];
    for (text, message, token) in cases {
        let (_, diagnostics) = errors(text);
        assert_eq!(diagnostics.len(), 1, "{text}: {diagnostics:#?}");
        assert_eq!(diagnostics[0].message, message, "{text}");
        assert_eq!(&text[diagnostics[0].span.range()], token, "{text}");
    }
}

#[test]
fn error_at_end_of_item_points_after_its_last_token() {
    let text = "segment priority = balance >=\nrule \"x\": when a = 1 then call";
    let (ast, diagnostics) = errors(text);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].span.start as usize, text.find('\n').unwrap());
    assert!(diagnostics[0].span.is_empty());
    assert_eq!(ast.items.len(), 1);
}

#[test]
fn absurd_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!(
        "when {}a{} then call",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let (_, diagnostics) = errors(&deep);
    assert_eq!(diagnostics.len(), 1);
    assert!(diagnostics[0].message.contains("nested more than 64"));

    let nots = format!("when {}a then call", "not ".repeat(100_000));
    let (_, diagnostics) = errors(&nots);
    assert!(diagnostics[0].message.contains("in a row"));

    let long = format!("when a{} then call", " + a".repeat(50_000));
    let (_, diagnostics) = errors(&long);
    assert!(diagnostics[0].message.contains("too long"));

    let ok = format!("when {}a{} then call", "(".repeat(60), ")".repeat(60));
    assert_eq!(parse_clean(&ok).items.len(), 1);
}

#[test]
fn garbage_never_panics() {
    for text in [
        "\u{0}\u{1}\u{2}",
        "}}}}{{{{",
        "\"",
        "#",
        "when",
        "policy {",
        "test \"x\" {",
        "rule",
        "é€𝄞",
    ] {
        let _ = parse_text(text);
    }
}

// ───────────── properties ─────────────

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        let _ = parse_text(&text);
    }

    #[test]
    fn mutated_example_never_panics(
        edits in prop::collection::vec((0u8..3, 0usize..2000, prop::sample::select(vec!['"', '{', '}', '(', ')', '#', ';', ':', ',', '-', '%', 'x', ' ', '\n', '9', 'é'])), 1..8)
    ) {
        let text = mutate(&product_example(), &edits, 1);
        let (ast, diagnostics) = parse_text(&text);
        // Every diagnostic points inside the text.
        for d in &diagnostics {
            prop_assert!(d.span.end as usize <= text.len());
        }
        // Items that survived are in source order.
        let starts: Vec<u32> = ast.items.iter().map(|i| i.span().start).collect();
        prop_assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    }
}

/// Run with `cargo test --release --test parse -- --ignored ten_megabytes`: prints the time.
#[test]
#[ignore = "slow in debug builds; a measurement, run on demand with --release"]
fn ten_megabytes_parse_in_reasonable_time() {
    let example = product_example();
    let text = example.repeat(10_000_000 / example.len() + 1);
    let started = std::time::Instant::now();
    let (ast, diagnostics) = parse_text(&text);
    let elapsed = started.elapsed();
    println!(
        "{} bytes, {} items in {elapsed:?}",
        text.len(),
        ast.items.len()
    );
    assert!(diagnostics.is_empty());
}

#[test]
fn every_example_block_in_the_language_reference_parses() {
    let doc = std::fs::read_to_string("docs/language.md").unwrap();
    let blocks: Vec<&str> = doc.split("```").skip(1).step_by(2).collect();
    assert!(blocks.len() >= 8, "found {} blocks", blocks.len());
    for block in blocks {
        let ast = parse_clean(block);
        assert!(!ast.items.is_empty(), "{block}");
    }
}

#[test]
fn template_placeholders_account_for_escapes_and_literal_braces() {
    let text = "template t for sms: \"\\\"Olá\\\" {{não}} {first_name}\\n{balance}\"";
    let source = SourceFile::new("t.strat", text);
    let (ast, diagnostics) = parse(&source);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let Some(Item::Template(t)) = ast.items.first() else {
        panic!("template")
    };
    assert_eq!(t.text.node, "\"Olá\" {{não}} {first_name}\n{balance}");
    let names: Vec<&str> = t.placeholders.iter().map(|p| p.node.as_str()).collect();
    assert_eq!(names, ["first_name", "balance"]);
    for p in &t.placeholders {
        assert_eq!(source.slice(p.span), p.node);
    }

    let (_, diagnostics) = parse_text("template t for sms: \"a } b {first name}\"");
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "this `}` closes nothing",
            "`{first name}` is not a placeholder"
        ]
    );
}

#[test]
fn error_fixtures_snapshot() {
    insta::glob!("fixtures/parse/errors/*.strat", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let source = SourceFile::new("fixture.strat", text.as_str());
        let (ast, diagnostics) = parse(&source);
        let mut report = format!("items parsed: {}\n", ast.items.len());
        for d in &diagnostics {
            let (line, col) = source.line_col(d.span.start);
            report.push_str(&format!(
                "{line}:{col} [{}] {} (found {:?})\n    help: {}\n",
                d.code.name(),
                d.message,
                source.slice(d.span),
                d.help.as_deref().unwrap_or("")
            ));
        }
        insta::assert_snapshot!(report);
    });
}

#[test]
fn a_missing_test_value_is_called_a_value() {
    let (_, diagnostics) = errors("test \"t\" {\n  given days_overdue = \n  expect call\n}");
    assert_eq!(diagnostics.len(), 1);
    assert!(
        diagnostics[0].message.starts_with("expected a value"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn test_values_cover_every_literal_kind() {
    let ast = parse_clean(
        "test \"t\" {\n  as of 2025-03-10\n  given has_agreement = true, vip = false, score = -5, rate = 2.5%, due_on = 2025-01-31, note = \"x\", preferred = whatsapp, email = missing\n  expect nothing\n}",
    );
    let Some(Item::Test(test)) = ast.items.first() else {
        panic!("test")
    };
    let values: Vec<String> = test
        .given
        .iter()
        .map(|g| g.value.as_ref().map_or("missing".to_string(), sexpr))
        .collect();
    assert_eq!(
        values,
        [
            "true",
            "false",
            "-5",
            "2.5%",
            "2025-01-31",
            "\"x\"",
            "whatsapp",
            "missing"
        ]
    );
    assert!(test.expect.is_empty() && test.expect_rule.is_none());
}

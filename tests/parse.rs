//! Parser tests: the PRODUCT.md examples, AST shape, precedence, error recovery, robustness.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use strat::syntax::ast::*;
use strat::syntax::parse;
use strat::syntax::span::SourceFile;

fn parse_text(text: &str) -> (Strategy, Vec<strat::diagnostics::Diagnostic>) {
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

#[test]
fn product_example_parses() {
    let text = std::fs::read_to_string("tests/fixtures/parse/product_example.strat").unwrap();
    let ast = parse_clean(&text);
    assert_eq!(ast.items.len(), 15, "{:#?}", ast.items);
}

const PRODUCT_LINES: [&str; 3] = [
    "when days_overdue >= 20 and segment = high_value then call; offer up to 6 installments",
    "when days_to_due = 3 then email template \"lembrete\"",
    "rule \"aviso D+1\": when days_overdue = 1 then sms template \"aviso_d1\"; email template \"aviso_d1\"",
];

#[test]
fn product_lines_parse_each_as_one_rule() {
    for line in PRODUCT_LINES {
        let ast = parse_clean(line);
        assert_eq!(ast.items.len(), 1, "{line}");
        assert!(matches!(ast.items[0], Item::Rule(_)), "{line}");
    }
    let all = PRODUCT_LINES.join("\n");
    assert_eq!(parse_clean(&all).items.len(), 3);
}

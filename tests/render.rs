//! Rendering of hand-built diagnostics (independent of the parser and checker): human
//! (miette, no colour, fixed width), JSON, SARIF and GitHub workflow commands.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use strat::diagnostics::render;
use strat::diagnostics::{Code, Diagnostic};
use strat::source::{SourceFile, Span};

const TEXT: &str = "\
strategy \"varejo-pf\" version 3
field score: int

rule \"lembrete D-3\": when days_to_due = 3 then email template \"lembrete\"
rule \"ligação\": when days_overdue >= 20 and scor >= 600 then call
rule \"ligação\": when days_overdue > 90 then call
";

fn source() -> SourceFile {
    SourceFile::new("strategies/varejo.strat", TEXT)
}

/// The span of the `nth` (0-based) occurrence of `needle` in `TEXT`.
fn span_of(needle: &str, nth: usize) -> Span {
    let start = TEXT
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in the fixture"));
    Span::new(start, start + needle.len())
}

fn diagnostics() -> Vec<Diagnostic> {
    vec![
        Diagnostic::error(
            Code::UnknownField,
            span_of("scor", 1),
            "unknown field `scor`",
        )
        .with_label("not a built-in or declared field")
        .with_secondary(span_of("score", 0), "`score` is declared here")
        .with_help("did you mean `score`?"),
        Diagnostic::warning(
            Code::DuplicateName,
            span_of("\"ligação\"", 1),
            "two rules are named `ligação`",
        )
        .with_label("second rule with this name")
        .with_secondary(span_of("\"ligação\"", 0), "first rule with this name")
        .with_help("give each rule its own name, so plans and explanations can tell them apart"),
    ]
}

#[test]
fn human_without_colour_at_fixed_width() {
    let out = render::human(&source(), &diagnostics(), 100, false);
    assert!(!out.contains('\u{1b}'), "no ANSI escapes without colour");
    insta::assert_snapshot!(out);
}

#[test]
fn human_with_colour_uses_ansi_escapes() {
    let out = render::human(&source(), &diagnostics(), 100, true);
    assert!(out.contains('\u{1b}'));
    assert!(out.contains("strat::unknown-field"));
}

#[test]
fn human_survives_spans_outside_the_text_and_inside_a_character() {
    let source = source();
    // `ç` is two bytes: start one byte into it.
    let inside_char = TEXT.find('ç').unwrap() + 1;
    let broken = vec![
        Diagnostic::error(Code::SyntaxError, Span::new(10_000, 20_000), "past the end"),
        Diagnostic::error(
            Code::SyntaxError,
            Span::new(inside_char, inside_char + 1),
            "inside a character",
        ),
        Diagnostic::error(
            Code::SyntaxError,
            Span::new(TEXT.len(), TEXT.len()),
            "at end of file",
        ),
    ];
    let out = render::human(&source, &broken, 80, false);
    assert!(out.contains("past the end"));
    assert!(out.contains("inside a character"));
    assert!(out.contains("at end of file"));
}

#[test]
fn human_of_nothing_is_empty() {
    assert_eq!(render::human(&source(), &[], 100, false), "");
}

#[test]
fn json_items_have_the_documented_keys() {
    let value = render::json(&[(source(), diagnostics())]);
    let items = value["diagnostics"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let first = &items[0];
    assert_eq!(first["code"], "strat::unknown-field");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "strategies/varejo.strat");
    // `scor` on line 5: `rule "ligação": when days_overdue >= 20 and ` is 44 characters.
    assert_eq!(first["line"], 5);
    assert_eq!(first["column"], 45);
    assert_eq!(first["end_line"], 5);
    assert_eq!(first["end_column"], 49);
    assert_eq!(first["labels"][0]["line"], 2);
    assert_eq!(items[1]["severity"], "warning");
    insta::assert_json_snapshot!(value);
}

#[test]
fn sarif_is_a_2_1_0_log_with_rules_and_results() {
    let value = render::sarif(&[(source(), diagnostics())]);
    assert_eq!(value["version"], "2.1.0");
    assert!(value["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &value["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Code::ALL.len());
    for rule in rules {
        assert!(rule["id"].as_str().unwrap().starts_with("strat::"));
        assert!(!rule["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
        assert!(rule["help"]["text"]
            .as_str()
            .unwrap()
            .contains(rule["name"].as_str().unwrap()));
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(level == "error" || level == "warning");
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let first = &results[0];
    assert_eq!(first["ruleId"], "strat::unknown-field");
    let index = first["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "strat::unknown-field");
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "strategies/varejo.strat"
    );
    assert_eq!(location["region"]["startLine"], 5);
    assert_eq!(location["region"]["startColumn"], 45);
    assert_eq!(results[1]["level"], "warning");
    let results_only = serde_json::json!({ "results": run["results"] });
    insta::assert_json_snapshot!(results_only);
}

#[test]
fn sarif_uris_are_relative_with_forward_slashes_and_encoded() {
    let file = |name: &str| {
        let value = render::sarif(&[(
            SourceFile::new(name, "x"),
            vec![Diagnostic::error(Code::SyntaxError, Span::new(0, 1), "m")],
        )]);
        value["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
            ["uri"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(file("./a/b.strat"), "a/b.strat");
    assert_eq!(file("a\\b c.strat"), "a/b%20c.strat");
    assert_eq!(file("régua.strat"), "r%C3%A9gua.strat");
    assert_eq!(file("/abs/x.strat"), "file:///abs/x.strat");
}

#[test]
fn github_commands_escape_properties_and_data() {
    let source = SourceFile::new("dir,x/a:b.strat", TEXT);
    let d = Diagnostic::error(Code::UnknownField, span_of("scor", 1), "100% wrong\nreally")
        .with_help("fix, it");
    let out = render::github(&[(source, vec![d])]);
    assert_eq!(
        out,
        "::error file=dir%2Cx/a%3Ab.strat,line=5,col=45,endLine=5,endColumn=49,\
         title=strat%3A%3Aunknown-field::100%25 wrong%0Areally%0Ahelp: fix, it\n"
    );
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!(render::github(&[(source(), diagnostics())]));
}

#[test]
fn a_finding_on_a_huge_line_is_rendered_without_the_line() {
    // One 4 MiB line: miette cannot underline past column 65535, and printing it is useless.
    let text = "a(".repeat(2 * 1024 * 1024);
    let end = text.len();
    let source = SourceFile::new("huge.strat", text);
    let d = Diagnostic::error(Code::SyntaxError, Span::new(end - 1, end), "unclosed `(`")
        .with_help("close it");
    let out = render::human(&source, &[d], 100, false);
    assert_eq!(
        out,
        "strat::syntax-error\n\n  × unclosed `(`\n   ╭─[huge.strat:1:4194304]\n   \
         │ (line too long to show)\n   ╰────\n  help: close it\n\n"
    );
}

#[test]
fn machine_formats_stay_fast_on_many_findings_in_a_large_file() {
    let text = "a(".repeat(2 * 1024 * 1024);
    let source = SourceFile::new("huge.strat", text);
    let many: Vec<Diagnostic> = (0..2000)
        .map(|i| Diagnostic::error(Code::SyntaxError, Span::new(i * 2000, i * 2000 + 1), "m"))
        .collect();
    let started = std::time::Instant::now();
    let files = [(source, many)];
    let json = render::json(&files);
    let _ = render::sarif(&files);
    let _ = render::github(&files);
    assert_eq!(json["diagnostics"][1999]["column"], 1999 * 2000 + 1);
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
}

/// The obvious definition of a position, scanning from the start of the text: what the
/// source's line index (and so every renderer) must agree with.
fn scanned_line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |k| k + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line as u32, column as u32)
}

proptest::proptest! {
    #[test]
    fn regions_agree_with_a_scan_from_the_start(
        text in "(a|é|\n|\r\n|日本|🙂| ){0,60}",
        start in 0usize..200,
        len in 0usize..50,
    ) {
        let source = SourceFile::new("p.strat", text.as_str());
        let span = Span::new(start, start + len);
        let region = render::Region::of(&source, span);
        // A region is of the span cut to the text and widened to character boundaries.
        let mut clamped_start = start.min(text.len());
        let mut clamped_end = (start + len).min(text.len());
        while !text.is_char_boundary(clamped_start) {
            clamped_start -= 1;
        }
        while !text.is_char_boundary(clamped_end) {
            clamped_end += 1;
        }
        proptest::prop_assert_eq!(
            (region.line, region.column),
            scanned_line_col(&text, clamped_start)
        );
        proptest::prop_assert_eq!(
            (region.end_line, region.end_column),
            scanned_line_col(&text, clamped_end)
        );
        // On a character boundary the source's own answer is the same.
        if text.is_char_boundary(start.min(text.len())) {
            proptest::prop_assert_eq!(
                source.line_col(clamped_start as u32),
                (region.line, region.column)
            );
        }
        proptest::prop_assert!(region.end_line > region.line
            || (region.end_line == region.line && region.end_column >= region.column));
    }
}

#[test]
fn human_never_prints_terminal_controls_from_the_source() {
    // An escape sequence, a lone carriage return (miette would count it as a line break) and
    // a right-to-left override: none may reach the terminal, and lines must still agree.
    let text = "a\rb \u{1b}[31mred\u{7}\nrule \u{202E}x\u{202C} oops\n";
    let source = SourceFile::new("evil.strat", text);
    let at = text.find("oops").unwrap();
    let d = Diagnostic::error(
        Code::SyntaxError,
        Span::new(at, at + 4),
        "unexpected `oops`",
    )
    .with_label("here");
    let out = render::human(&source, &[d], 100, false);
    for bad in ['\u{1b}', '\r', '\u{7}', '\u{202E}', '\u{202C}'] {
        assert!(!out.contains(bad), "{bad:?} in:\n{out}");
    }
    assert!(out.contains("╭─[evil.strat:2:10]"), "{out}");
    assert!(out.contains(" 2 │ rule �x� oops"), "{out}");
    assert!(out.contains(" 1 │ a b ?[31mred?"), "{out}");
}

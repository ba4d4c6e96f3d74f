#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

//! Random and mutated strategy text never panics any stage: parse, check, compile and the
//! file's own tests. Mutations start from the shipped strategies (realistic text) and insert,
//! delete or swap characters that matter to the grammar. Every diagnostic must point inside
//! the text, so a renderer can always show it.

mod mutation;
use mutation::mutate;
use proptest::prelude::*;
use strat::eval::program::Program;
use strat::eval::testrun::run_tests;
use strat::source::SourceFile;

fn shipped() -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir("strategies")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "strat"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Every stage, on any text: must return, never panic.
fn run_all_stages(text: &str) -> Result<(), TestCaseError> {
    let source = SourceFile::new("mutated.strat", text.to_string());
    let (ast, syntax) = strat::syntax::parse(&source);
    for d in &syntax {
        prop_assert!(d.span.end as usize <= text.len(), "{d:?}");
    }
    let (checked, diagnostics) = strat::check::check(&source, &ast);
    for d in &diagnostics {
        prop_assert!(
            d.span.start <= d.span.end && d.span.end as usize <= text.len(),
            "{d:?}"
        );
        for l in &d.labels {
            prop_assert!(l.span.end as usize <= text.len(), "{l:?}");
        }
    }
    if let Some(checked) = checked {
        let program = Program::compile(&checked);
        let _ = run_tests(&checked, &program);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn mutated_shipped_strategies_never_panic(
        which in 0usize..3,
        edits in prop::collection::vec(
            (0u8..3, 0usize..20_000, prop::sample::select(vec![
                '"', '{', '}', '(', ')', '#', ';', ':', ',', '-', '%', '=', '<', '>', '.',
                '0', '9', 'a', ' ', '\n', 'é', '\0',
            ])),
            1..12,
        )
    ) {
        let texts = shipped();
        let text = mutate(&texts[which % texts.len()], &edits, 7);
        run_all_stages(&text)?;
    }

    #[test]
    fn random_text_never_panics_any_stage(text in "\\PC{0,300}") {
        run_all_stages(&text)?;
    }
}

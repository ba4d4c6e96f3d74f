//! Runs a strategy's own `test` blocks: build the debtor from `given`, select rules on the
//! test's as-of date, compare the actions (a multiset; repetition ignored; a template compared
//! only when the expectation names one) and the first rule's name. Pure: returns reports,
//! the CLI prints them.

use super::given::given_row;
use super::program::Program;
use crate::check::{ActionSpec, CheckedStrategy, TestInfo};
use chrono::NaiveDate;

/// The as-of date of a test that does not say `as of` (docs/language.md).
pub fn default_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 2).unwrap_or_default()
}

/// The outcome of one test block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestReport {
    pub name: String,
    /// 1-based line of the `test` keyword.
    pub line: u32,
    /// What differed, one readable sentence each; empty when the test passed.
    pub failures: Vec<String>,
}

impl TestReport {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Run every test block of a checked strategy, in source order.
pub fn run_tests(strategy: &CheckedStrategy, program: &Program) -> Vec<TestReport> {
    strategy
        .tests
        .iter()
        .map(|t| run_test(strategy, program, t))
        .collect()
}

/// Run one test block.
pub fn run_test(strategy: &CheckedStrategy, program: &Program, test: &TestInfo) -> TestReport {
    let mut report = TestReport {
        name: test.name.clone(),
        line: test.line,
        failures: Vec::new(),
    };
    let row = given_row(strategy, &test.given);
    let as_of = test.as_of.unwrap_or_else(default_as_of);
    let mut selected = Vec::new();
    program.select(&row, as_of, &mut selected);
    let rules: Vec<_> = selected
        .iter()
        .filter_map(|i| strategy.rules.get(*i))
        .collect();
    let got: Vec<&ActionSpec> = rules
        .iter()
        .flat_map(|r| r.actions.iter().map(|a| &a.kind))
        .collect();
    let expected: Vec<&ActionSpec> = test.expect.iter().collect();
    let matched_by = match rules.as_slice() {
        [] => "no rule matched".to_string(),
        rs => format!(
            "from {}",
            rs.iter()
                .map(|r| format!("rule `{}`", r.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    if let Some(diff) = compare_actions(&expected, &got) {
        report.failures.push(format!(
            "expected {}; got {} ({matched_by})",
            list(&expected),
            list(&got)
        ));
        let mut parts = Vec::new();
        if !diff.missing.is_empty() {
            parts.push(format!("missing: {}", list(&diff.missing)));
        }
        if !diff.unexpected.is_empty() {
            parts.push(format!("unexpected: {}", list(&diff.unexpected)));
        }
        report.failures.push(parts.join("; "));
    }
    if let Some(want) = &test.expect_rule {
        match rules.first() {
            Some(r) if r.name == *want => {}
            Some(r) => report
                .failures
                .push(format!("expected rule `{want}`; got rule `{}`", r.name)),
            None => report
                .failures
                .push(format!("expected rule `{want}`; no rule matched")),
        }
    }
    report
}

/// Expected actions not given, and given actions not expected.
#[derive(Debug, PartialEq)]
pub struct ActionDiff<'a> {
    pub missing: Vec<&'a ActionSpec>,
    pub unexpected: Vec<&'a ActionSpec>,
}

/// Compare as multisets; `None` when they agree. An expected contact without a template
/// accepts any template on that channel, so expectations naming a template are matched
/// first (they can only take their exact action, which keeps the greedy pairing optimal).
pub fn compare_actions<'a>(
    expected: &[&'a ActionSpec],
    got: &[&'a ActionSpec],
) -> Option<ActionDiff<'a>> {
    let mut taken = vec![false; got.len()];
    let mut missing_at: Vec<usize> = Vec::new();
    let specific = (0..expected.len()).filter(|i| names_template(expected[*i]));
    let general = (0..expected.len()).filter(|i| !names_template(expected[*i]));
    for e in specific.chain(general) {
        let want = expected[e];
        let slot = (0..got.len()).find(|i| !taken[*i] && satisfies(want, got[*i]));
        match slot {
            Some(i) => taken[i] = true,
            None => missing_at.push(e),
        }
    }
    // Keep the expectation's written order in the message.
    missing_at.sort_unstable();
    let missing: Vec<&'a ActionSpec> = missing_at.into_iter().map(|i| expected[i]).collect();
    let unexpected: Vec<&'a ActionSpec> = (0..got.len())
        .filter(|i| !taken[*i])
        .map(|i| got[i])
        .collect();
    if missing.is_empty() && unexpected.is_empty() {
        None
    } else {
        Some(ActionDiff {
            missing,
            unexpected,
        })
    }
}

fn names_template(kind: &ActionSpec) -> bool {
    matches!(
        kind,
        ActionSpec::Contact {
            template: Some(_),
            ..
        }
    )
}

/// Whether an action the debtor got satisfies an expected one.
fn satisfies(want: &ActionSpec, have: &ActionSpec) -> bool {
    match (want, have) {
        (
            ActionSpec::Contact {
                channel: wc,
                template: wt,
            },
            ActionSpec::Contact {
                channel: hc,
                template: ht,
            },
        ) => wc == hc && (wt.is_none() || wt == ht),
        _ => want == have,
    }
}

fn list(actions: &[&ActionSpec]) -> String {
    if actions.is_empty() {
        return "nothing".into();
    }
    actions
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

//! The compiled program and its public entry points (contract used by `plan`).

use crate::check::CheckedStrategy;
use crate::schema::Row;
use crate::syntax::span::Span;
use chrono::NaiveDate;

/// A strategy compiled for evaluation.
#[derive(Debug, Clone)]
pub struct Program {
    rule_count: usize,
}

/// Why a rule did or did not match one debtor (for `strat explain`).
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub matched: bool,
    /// The first condition (conjunct) that was false, when the rule did not match.
    pub failed: Option<Span>,
}

impl Program {
    /// Compile once per strategy.
    pub fn compile(strategy: &CheckedStrategy) -> Program {
        Program {
            rule_count: strategy.rules.len(),
        }
    }

    pub fn rule_count(&self) -> usize {
        self.rule_count
    }

    /// The indices of the rules whose actions this debtor gets, in rule order: at most one
    /// under `hit first`, every match under `hit all`. `out` is cleared first and reused.
    pub fn select(&self, row: &Row, as_of: NaiveDate, out: &mut Vec<usize>) {
        let _ = (row, as_of);
        out.clear();
    }

    /// Evaluate one rule and say which condition failed (slower; for explain).
    pub fn verdict(&self, rule: usize, row: &Row, as_of: NaiveDate) -> Verdict {
        let _ = (rule, row, as_of);
        Verdict {
            matched: false,
            failed: None,
        }
    }
}

//! The compiled program and its public entry points (contract used by `plan`).

use super::compile::{flatten_and, Compiler};
use super::exec::Ctx;
use super::flat::{Check, FlatRules};
use super::index::RuleIndex;
use super::node::Code;
use crate::check::CheckedStrategy;
use crate::schema::HitPolicy;
use crate::schema::Row;
use crate::source::Span;
use chrono::{Datelike, NaiveDate};

/// A strategy compiled for evaluation.
#[derive(Debug, Clone)]
pub struct Program {
    code: Code,
    hit: HitPolicy,
    /// The condition node of each rule, in rule order, minus the tests on the index's key
    /// field (the hot loop reads only this, and only for the rules the index proposes).
    rule_conds: Vec<u32>,
    /// `rule_conds` lowered to flat check lists (what `select` actually runs).
    flat: FlatRules,
    /// Each rule's top-level conjuncts in source order, with their spans (for `verdict`).
    conjuncts: Vec<Vec<(u32, Span)>>,
    /// Which rules can match for each value of the most constrained integer field.
    index: RuleIndex,
    /// Parallel to the index's entries, so the hot loop goes from a candidate straight to
    /// its checks.
    candidates: Vec<Candidate>,
}

/// One entry of a candidate list: the rule, its first check inline (most rules have one
/// check left once the index has done its part), and where the rest are in `flat`.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    rule: u32,
    /// `None`: the rule has no checks left (it always matches).
    first: Option<Check>,
    rest: (u32, u32),
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
        let mut compiler = Compiler::new(&strategy.segments);
        let mut rule_conds = Vec::with_capacity(strategy.rules.len());
        let mut conjuncts = Vec::with_capacity(strategy.rules.len());
        for rule in &strategy.rules {
            let mut parts = Vec::new();
            flatten_and(&rule.condition, &mut parts);
            let compiled: Vec<(u32, Span)> = parts
                .into_iter()
                .map(|p| (compiler.cond(p), p.span))
                .collect();
            rule_conds.push(compiler.all(compiled.iter().map(|(c, _)| *c).collect()));
            conjuncts.push(compiled);
        }
        let index = RuleIndex::build(&compiler.code, &rule_conds);
        // A rule tried through the index already satisfies its tests on the key field (its
        // interval covers the row's); only the rest needs testing. Rules with no such test
        // keep their whole condition (they are the only ones tried when the key is missing).
        let residual_conds = match index.slot() {
            Some(key) => rule_conds
                .iter()
                .map(|c| compiler.without_slot_tests(*c, key))
                .collect(),
            None => rule_conds.clone(),
        };
        let flat = FlatRules::build(&compiler.code, &residual_conds);
        let candidates = index
            .entries()
            .iter()
            .map(|&rule| match flat.run(rule) {
                Some((start, end)) if start < end => Candidate {
                    rule,
                    first: flat.check(start),
                    rest: (start + 1, end),
                },
                Some((start, _)) => Candidate {
                    rule,
                    first: None,
                    rest: (start, start),
                },
                // An unknown rule (none in practice) never matches.
                None => Candidate {
                    rule,
                    first: Some(Check::NEVER),
                    rest: (0, 0),
                },
            })
            .collect();
        Program {
            candidates,
            flat,
            index,
            code: compiler.code,
            hit: strategy.header.hit,
            rule_conds: residual_conds,
            conjuncts,
        }
    }

    pub fn rule_count(&self) -> usize {
        self.rule_conds.len()
    }

    /// The indices of the rules whose actions this debtor gets, in rule order: at most one
    /// under `hit first`, every match under `hit all`. `out` is cleared first and reused.
    pub fn select(&self, row: &Row, as_of: NaiveDate, out: &mut Vec<usize>) {
        out.clear();
        let cx = Ctx {
            row,
            as_of: i64::from(as_of.num_days_from_ce()),
        };
        let (start, end) = self.index.candidate_range(&cx);
        let candidates = self
            .candidates
            .get(start as usize..end as usize)
            .unwrap_or(&[]);
        for candidate in candidates {
            let holds = match &candidate.first {
                None => true,
                Some(first) => {
                    first.holds(&self.code, &cx)
                        && self.flat.run_matches(
                            candidate.rest.0,
                            candidate.rest.1,
                            &self.code,
                            &cx,
                        )
                }
            };
            if holds {
                out.push(candidate.rule as usize);
                if self.hit == HitPolicy::First {
                    return;
                }
            }
        }
    }

    /// Evaluate one rule and say which condition failed (slower; for explain). A rule index
    /// out of range does not match and names no condition.
    pub fn verdict(&self, rule: usize, row: &Row, as_of: NaiveDate) -> Verdict {
        let cx = Ctx {
            row,
            as_of: i64::from(as_of.num_days_from_ce()),
        };
        let Some(conjuncts) = self.conjuncts.get(rule) else {
            return Verdict {
                matched: false,
                failed: None,
            };
        };
        let failed = conjuncts
            .iter()
            .find(|(cond, _)| !self.code.test(*cond, &cx))
            .map(|(_, span)| *span);
        Verdict {
            matched: failed.is_none(),
            failed,
        }
    }
}

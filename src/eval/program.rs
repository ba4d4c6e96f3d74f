//! The compiled program and its public entry points (contract used by `plan`).

use super::compile::{flatten_and, Compiler};
use super::exec::Ctx;
use super::node::Code;
use crate::check::CheckedStrategy;
use crate::schema::Row;
use crate::syntax::ast::HitPolicy;
use crate::syntax::span::Span;
use chrono::{Datelike, NaiveDate};

/// A strategy compiled for evaluation.
#[derive(Debug, Clone)]
pub struct Program {
    code: Code,
    hit: HitPolicy,
    /// The condition node of each rule, in rule order (the hot loop reads only this).
    rule_conds: Vec<u32>,
    /// Each rule's top-level conjuncts in source order, with their spans (for `verdict`).
    conjuncts: Vec<Vec<(u32, Span)>>,
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
        Program {
            code: compiler.code,
            hit: strategy.header.hit,
            rule_conds,
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
        for (i, cond) in self.rule_conds.iter().enumerate() {
            if self.code.test(*cond, &cx) {
                out.push(i);
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

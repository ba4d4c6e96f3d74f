//! Lints: one file per diagnostic code that judges a strategy beyond names and types (policy
//! limits, legal limits, flow analysis). Each file carries its documentation as a `DOC`
//! constant written as a doc comment in fixed sections — What it does / Why is this bad? /
//! Example — which [`crate::check::docs`] serves to `strat check --explain` and generates
//! `docs/diagnostics.md` from.
//! Lints read the resolved strategy through [`LintContext`] and only push diagnostics; they
//! must not change what was resolved. Suppression comments are applied after all lints ran.

pub mod bureau_without_letter;
pub mod bureau_without_notice;
pub mod coverage_gap;
pub mod discount_above_policy;
pub mod impossible_installment;
pub mod installments_above_policy;
pub mod interest_above_customary;
pub mod late_fee_above_legal;
pub mod letter_without_creditor;
pub mod never_matches;
pub mod shadowed_rule;

use super::analysis::Dnf;
use super::policy::PolicySpans;
use super::{Header, Policy, RuleInfo};
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::syntax::ast::{Rule, Strategy, TemplateDecl};

/// Everything a lint may read.
pub struct LintContext<'a> {
    pub source: &'a SourceFile,
    pub ast: &'a Strategy,
    pub header: &'a Header,
    pub policy: &'a Policy,
    pub policy_spans: &'a PolicySpans,
    pub templates: &'a [&'a TemplateDecl],
    /// The rules as written, in source order.
    pub rules: &'a [&'a Rule],
    /// The same rules resolved (same indices).
    pub infos: &'a [RuleInfo],
    /// Each rule's condition in normal form (same indices). `None` when the strategy has
    /// errors: flow analysis of half-typed conditions would only add noise.
    pub flow: Option<&'a [Dnf]>,
}

/// Run every lint, in a fixed order.
pub fn run_all(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    late_fee_above_legal::run(cx, out);
    interest_above_customary::run(cx, out);
    installments_above_policy::run(cx, out);
    discount_above_policy::run(cx, out);
    bureau_without_notice::run(cx, out);
    bureau_without_letter::run(cx, out);
    letter_without_creditor::run(cx, out);
    never_matches::run(cx, out);
    shadowed_rule::run(cx, out);
    impossible_installment::run(cx, out);
    coverage_gap::run(cx, out);
}

//! The `coverage-gap` lint. Its documentation is [`DOC`], in the sections every code's
//! documentation has; `strat check --explain coverage-gap` prints it and
//! `docs/diagnostics.md` is generated from it.

use super::LintContext;
use crate::check::docs::code_doc;
use crate::diagnostics::{Code, Diagnostic};
use crate::schema::Builtin;
use rust_decimal::prelude::ToPrimitive;

code_doc! {
    /// ## What it does
    /// Warns when some overdue debtors (`days_overdue` ≥ 1) can match no rule at all, and names
    /// the first such range: "debtors 4 to 9 days overdue match no rule". The warning points at
    /// the last rule before the gap; a `# strat: allow coverage-gap` comment anywhere in the file
    /// silences it.
    ///
    /// How it decides, soundly: each `or` branch of each rule (segments expanded) is projected
    /// onto `days_overdue`; a branch that does not constrain `days_overdue` covers every day. A
    /// day covered by no projection is a day on which no rule can match, whatever the other fields
    /// hold. It does not claim partial gaps: a day covered only by `days_overdue = 5 and balance >
    /// 1000` still leaves small debts unmatched, which this lint does not report.
    ///
    /// ## Why is this bad?
    /// A régua de cobrança is meant to accompany the debtor through every day of delinquency; a
    /// gap is usually a boundary typo (`< 5` then `>= 10`) and those debtors silently get nothing.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// rule "d1": when days_overdue between 1 and 3 then sms
    /// rule "d10": when days_overdue between 10 and 60 then call
    /// ```
    /// Close the range, or add a catch-all rule. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// rule "d1": when days_overdue between 1 and 9 then sms
    /// rule "d10": when days_overdue >= 10 then call
    /// ```
    const DOC = [Warning];
}

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(flow) = cx.flow else { return };
    if cx.rules.is_empty() {
        return;
    }
    let slot = Builtin::DaysOverdue.slot();
    // Covered day ranges [from, to] (to = None: no end), with the rule that covers them.
    let mut covered: Vec<(i64, Option<i64>, usize)> = Vec::new();
    for (index, dnf) in flow.iter().enumerate() {
        for c in &dnf.conjuncts {
            let Some(set) = c.slot(slot) else {
                covered.push((1, None, index));
                continue;
            };
            let crate::check::analysis::Values::Numeric(i) = set.values else {
                continue;
            };
            // Bounds are whole and inclusive for days; saturate what does not fit.
            let from =
                i.lo.map_or(1, |b| b.value.to_i64().unwrap_or(i64::MAX))
                    .max(1);
            let to = i.hi.map(|b| b.value.to_i64().unwrap_or(i64::MAX));
            if to.is_none_or(|t| t >= from) {
                covered.push((from, to, index));
            }
        }
    }
    covered.sort_by_key(|(from, _, _)| *from);
    let mut next = 1i64; // first day not yet known to be covered
    let mut before: Option<usize> = None; // the rule covering the day just before `next`
    for (from, to, index) in covered {
        if from > next {
            report(cx, next, Some(from - 1), before, out);
            return;
        }
        match to {
            None => return,
            Some(t) if t >= next => {
                next = t.saturating_add(1);
                before = Some(index);
            }
            Some(_) => {}
        }
    }
    report(cx, next, None, before, out);
}

fn report(
    cx: &LintContext<'_>,
    from: i64,
    to: Option<i64>,
    before: Option<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let range = match to {
        Some(t) if t == from => format!(
            "debtors {from} day{} overdue match no rule",
            if from == 1 { "" } else { "s" }
        ),
        Some(t) => format!("debtors {from} to {t} days overdue match no rule"),
        None => format!("debtors {from} or more days overdue match no rule"),
    };
    let anchor = before.or(if cx.rules.is_empty() { None } else { Some(0) });
    let Some(rule) = anchor.and_then(|i| cx.rules.get(i)) else {
        return;
    };
    let label = if before.is_some() {
        "the last rule before the gap"
    } else {
        "the first rule"
    };
    out.push(
        Diagnostic::warning(Code::CoverageGap, rule.condition.span, range)
            .with_label(label)
            .with_help(match to {
                Some(t) => format!("widen a rule or add one for `days_overdue between {from} and {t}` (or `# strat: allow coverage-gap` if intended)"),
                None => format!("add a rule for `days_overdue >= {from}` (or `# strat: allow coverage-gap` if intended)"),
            }),
    );
}

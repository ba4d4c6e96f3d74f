//! The `shadowed-rule` lint. Its documentation is [`DOC`], in the sections every code's
//! documentation has; `strat check --explain shadowed-rule` prints it and
//! `docs/diagnostics.md` is generated from it.

use super::LintContext;
use crate::check::analysis::dnf::FastSet;
use crate::check::analysis::{Conjunct, Dnf};
use crate::check::docs::code_doc;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::HitPolicy;

code_doc! {
    /// ## What it does
    /// Under `hit first` (the default) a debtor gets only the first matching rule. A rule is
    /// reported when an earlier rule matches every debtor it would, so its actions are never
    /// taken; the secondary label points at the earlier rule. The check is sound, not complete:
    /// each `or` branch of the later rule must be contained in one branch of the earlier one,
    /// comparing fields against constants; conditions it cannot compare are not flagged. Under
    /// `hit all` nothing is shadowed and the lint is off.
    ///
    /// ## Why is this bad?
    /// With first-hit, order is meaning. A general rule above a specific one (`days_overdue >= 10`
    /// above `days_overdue >= 30 and balance > 1000`) swallows the specific case — usually the
    /// rules were meant the other way round.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// rule "geral": when days_overdue >= 10 then sms
    /// rule "grandes": when days_overdue >= 30 and balance > 1000 then call
    /// rule "inicio": when days_overdue between 1 and 9 then email
    /// ```
    /// Put specific rules before general ones (or use `hit all`). When it is intended, silence it
    /// with `# strat: allow shadowed-rule` on the line before the rule. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// rule "grandes": when days_overdue >= 30 and balance > 1000 then call
    /// rule "geral": when days_overdue >= 10 then sms
    /// rule "inicio": when days_overdue between 1 and 9 then email
    /// # strat: allow shadowed-rule
    /// rule "intencional": when days_overdue >= 40 then sms
    /// ```
    const DOC = [Warning];
}

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(flow) = cx.flow else { return };
    if cx.header.hit != HitPolicy::First {
        return;
    }
    let mut index = EarlierRules::default();
    for (rule, dnf) in flow.iter().enumerate() {
        if !dnf.never_matches() {
            if let Some(by) = index.covering(dnf) {
                report(cx, rule, by, out);
            }
        }
        index.add(rule, dnf);
    }
}

/// One exact alternative of an earlier rule, with its first constraint inline so most
/// candidates are rejected without following a pointer.
struct Candidate<'a> {
    mask: u128,
    pivot: usize,
    pivot_set: FastSet,
    rule: usize,
    conjunct: &'a Conjunct,
}

/// The exact alternatives of the rules seen so far, in rule order.
#[derive(Default)]
struct EarlierRules<'a> {
    fast: Vec<Candidate<'a>>,
    /// Alternatives whose bounds could not be encoded as integers (rare).
    slow: Vec<(usize, &'a Conjunct)>,
    by_rule: Vec<(usize, Vec<&'a Conjunct>)>,
}

impl<'a> EarlierRules<'a> {
    fn add(&mut self, rule: usize, dnf: &'a Dnf) {
        let exact: Vec<&Conjunct> = dnf.conjuncts.iter().filter(|c| c.exact).collect();
        if exact.is_empty() {
            return;
        }
        for c in &exact {
            match c.fast.as_deref().and_then(|f| f.first()) {
                Some((pivot, pivot_set)) => self.fast.push(Candidate {
                    mask: c.mask,
                    pivot: *pivot,
                    pivot_set: *pivot_set,
                    rule,
                    conjunct: c,
                }),
                None => self.slow.push((rule, c)),
            }
        }
        self.by_rule.push((rule, exact));
    }

    /// Does every alternative of `later` lie inside one earlier rule? Which (the first found)?
    fn covering(&self, later: &Dnf) -> Option<usize> {
        let first = later.conjuncts.first()?;
        let contains_all = |rule: usize| {
            self.by_rule
                .binary_search_by_key(&rule, |(r, _)| *r)
                .ok()
                .and_then(|i| self.by_rule.get(i))
                .is_some_and(|(_, exact)| {
                    later
                        .conjuncts
                        .iter()
                        .all(|b| exact.iter().any(|a| b.within(a)))
                })
        };
        let pivots: Vec<(usize, FastSet)> = first.fast.clone().unwrap_or_default();
        let fast = self.fast.iter().find(|a| {
            a.mask & !first.mask == 0
                && (first.fast.is_none()
                    || pivots
                        .iter()
                        .find(|(slot, _)| *slot == a.pivot)
                        .is_some_and(|(_, set)| set.within(&a.pivot_set)))
                && first.within(a.conjunct)
                && contains_all(a.rule)
        });
        let slow = self
            .slow
            .iter()
            .find(|(rule, a)| first.within(a) && contains_all(*rule));
        match (fast.map(|a| a.rule), slow.map(|(r, _)| *r)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

fn report(cx: &LintContext<'_>, shadowed: usize, by: usize, out: &mut Vec<Diagnostic>) {
    let (Some(rule), Some(info), Some(earlier), Some(earlier_info)) = (
        cx.rules.get(shadowed),
        cx.infos.get(shadowed),
        cx.rules.get(by),
        cx.infos.get(by),
    ) else {
        return;
    };
    out.push(
        Diagnostic::warning(
            Code::ShadowedRule,
            rule.condition.span,
            format!(
                "rule `{}` is never used: rule `{}` above matches every debtor it would",
                info.name, earlier_info.name
            ),
        )
        .with_label("every debtor matching this")
        .with_secondary(
            earlier.condition.span,
            format!("is already matched here, by rule `{}`", earlier_info.name),
        )
        .with_help(format!(
            "with `hit first` only the first matching rule acts: move rule `{}` above rule `{}`, narrow rule `{}`, or use `hit all`",
            info.name, earlier_info.name, earlier_info.name
        )),
    );
}

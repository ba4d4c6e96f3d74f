//! The `impossible-installment` lint. Its documentation is [`DOC`], in the sections every code's
//! documentation has; `strat check --explain impossible-installment` prints it and
//! `docs/diagnostics.md` is generated from it.

use super::LintContext;
use crate::check::analysis::{Bound, Conjunct};
use crate::check::docs::code_doc;
use crate::diagnostics::{Code, Diagnostic};
use crate::money::format::brl;
use crate::schema::Builtin;
use crate::syntax::ast::ActionKind;
use rust_decimal::Decimal;

code_doc! {
    /// ## What it does
    /// For a rule that offers `up to N installments` (N ≥ 2) under a policy `min installment M`,
    /// looks at the balances the rule's condition lets through (`balance` / `updated_balance`
    /// bounds; segments expanded):
    ///
    /// - **error** when the largest balance the rule can reach is below 2 × M: no debtor it
    ///   matches can ever split the debt, so the offer is never made as written;
    /// - **warning** when the condition sets no lower bound on the balance, or one below 2 × M:
    ///   the smallest debtors it reaches get no installments. The help suggests the `balance >= X`
    ///   to add.
    ///
    /// An upper bound on `balance` alone counts only when the policy charges no late fee and no
    /// interest (offers are computed on `updated_balance`, which may be higher).
    ///
    /// ## Why is this bad?
    /// Installments may not be below `min installment`, so a debt under 2 × M can only be paid in
    /// one go. The analyst sees "offer up to 6 installments" but the small debtors get a one-off
    /// payment (or no offer) — say so in the condition.
    ///
    /// ## Example
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   min installment 50.00
    ///   max installments 12
    /// }
    /// rule "pequenos": when days_overdue >= 30 and balance < 80 and updated_balance < 90 then offer up to 6 installments
    /// rule "parcelar": when days_overdue >= 30 then offer up to 6 installments
    /// rule "resto": when days_overdue >= 1 then sms
    /// ```
    /// Bound the balance the offer applies to. Use instead:
    /// ```text
    /// creditor "Loja Exemplo S.A." document "12.345.678/0001-90"
    /// policy {
    ///   min installment 50.00
    ///   max installments 12
    /// }
    /// rule "parcelar": when days_overdue >= 30 and balance >= 100.00 then offer up to 6 installments
    /// rule "resto": when days_overdue >= 1 then sms
    /// ```
    const DOC = [Error, Warning];
}

pub fn run(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(flow) = cx.flow else { return };
    let min = cx.policy.min_installment;
    if min <= Decimal::ZERO {
        return;
    }
    let threshold = min * Decimal::TWO;
    let fees_free = cx.policy.late_fee.is_zero() && cx.policy.interest_per_month.is_zero();
    for ((rule, info), dnf) in cx.rules.iter().zip(cx.infos).zip(flow) {
        if dnf.never_matches() {
            continue;
        }
        for action in &rule.actions {
            let ActionKind::OfferInstallments(n) = &action.node.kind else {
                continue;
            };
            if n.node < 2 {
                continue;
            }
            let highest = fold(
                &dnf.conjuncts,
                |c| upper(c, fees_free),
                |a, b| if a.value >= b.value { a } else { b },
            );
            if let Some(hi) =
                highest.filter(|hi| hi.value < threshold || hi.value == threshold && !hi.inclusive)
            {
                out.push(
                    Diagnostic::error(
                        Code::ImpossibleInstallment,
                        action.span,
                        format!(
                            "rule `{}` only reaches balances up to {}, too small to split into installments of at least {}",
                            info.name, brl(hi.value), brl(min)
                        ),
                    )
                    .with_label("no debtor can get this offer")
                    .with_help(format!("installments need a balance of at least {} (2 × `min installment`): remove the offer or lower `min installment`", brl(threshold))),
                );
                continue;
            }
            let lowest = fold(&dnf.conjuncts, lower, |a, b| {
                if a.value <= b.value {
                    a
                } else {
                    b
                }
            });
            if lowest.is_none_or(|lo| lo.value < threshold) {
                let reach = match lowest {
                    Some(lo) => format!("reaches balances from {}", brl(lo.value)),
                    None => "sets no minimum balance".to_string(),
                };
                out.push(
                    Diagnostic::warning(
                        Code::ImpossibleInstallment,
                        action.span,
                        format!("rule `{}` {reach}, but debts under {} cannot be split into installments of at least {}", info.name, brl(threshold), brl(min)),
                    )
                    .with_label("the smallest debtors get no installments")
                    .with_help(format!("add `balance >= {threshold}` to the condition so the offer reaches only debts that can be split")),
                );
            }
        }
    }
}

/// Combine a per-conjunct bound over all conjuncts; `None` (unbounded) wins.
fn fold(
    conjuncts: &[Conjunct],
    bound: impl Fn(&Conjunct) -> Option<Bound>,
    pick: impl Fn(Bound, Bound) -> Bound,
) -> Option<Bound> {
    let mut acc: Option<Bound> = None;
    for c in conjuncts {
        let b = bound(c)?;
        acc = Some(match acc {
            None => b,
            Some(a) => pick(a, b),
        });
    }
    acc
}

/// The largest balance an offer in this conjunct can be computed on.
fn upper(c: &Conjunct, fees_free: bool) -> Option<Bound> {
    let updated = c
        .interval(Builtin::UpdatedBalance.slot())
        .and_then(|i| i.hi);
    let balance = c
        .interval(Builtin::Balance.slot())
        .and_then(|i| i.hi)
        .filter(|_| fees_free);
    match (updated, balance) {
        (Some(a), Some(b)) => Some(if a.value <= b.value { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The smallest balance this conjunct lets through (`updated_balance` ≥ `balance` always).
fn lower(c: &Conjunct) -> Option<Bound> {
    let updated = c
        .interval(Builtin::UpdatedBalance.slot())
        .and_then(|i| i.lo);
    let balance = c.interval(Builtin::Balance.slot()).and_then(|i| i.lo);
    match (updated, balance) {
        (Some(a), Some(b)) => Some(if a.value >= b.value { a } else { b }),
        (a, b) => a.or(b),
    }
}

//! The `policy { ... }` block → [`Policy`] with defaults, plus where each setting was written
//! (lints point at it). Owns `invalid-setting` for the policy; the legal and customary limits
//! are lints (`lints/late_fee_above_legal.rs`, `lints/interest_above_customary.rs`).

use super::Policy;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{Item, PolicySetting, Strategy};
use rust_decimal::Decimal;

/// Where the settings lints care about were written (`None` = default).
#[derive(Debug, Clone, Default)]
pub struct PolicySpans {
    pub block: Option<Span>,
    pub late_fee: Option<Span>,
    pub interest: Option<Span>,
    pub max_installments: Option<Span>,
    pub min_installment: Option<Span>,
    pub max_discount: Option<Span>,
    pub bureau_notice: Option<Span>,
}

/// Resolve every `policy` block (normally one). A setting written twice is `invalid-setting`.
pub fn resolve(ast: &Strategy, out: &mut Vec<Diagnostic>) -> (Policy, PolicySpans) {
    let mut policy = Policy::default();
    let mut spans = PolicySpans::default();
    let mut seen: Vec<(String, Span)> = Vec::new();
    let mut hours_written = false;
    for item in &ast.items {
        let Item::Policy(block) = item else { continue };
        if let Some(first) = spans.block {
            out.push(
                Diagnostic::error(Code::InvalidSetting, block.span, "a second `policy` block")
                    .with_label("second block")
                    .with_secondary(first, "first block here")
                    .with_help("merge the settings into one `policy { ... }` block"),
            );
        } else {
            spans.block = Some(block.span);
        }
        for setting in &block.settings {
            let key = setting_key(&setting.node);
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                out.push(
                    Diagnostic::error(
                        Code::InvalidSetting,
                        setting.span,
                        format!("the policy setting `{key}` is written twice"),
                    )
                    .with_label("repeated here")
                    .with_secondary(*first, "first written here")
                    .with_help("keep one line per setting"),
                );
                continue;
            }
            seen.push((key, setting.span));
            apply(&setting.node, setting.span, &mut policy, &mut spans, out);
            if let PolicySetting::ContactHours(windows) = &setting.node {
                if !hours_written {
                    policy.contact_hours = windows.iter().map(|w| w.node.clone()).collect();
                    hours_written = true;
                }
            }
        }
    }
    (policy, spans)
}

fn setting_key(setting: &PolicySetting) -> String {
    match setting {
        PolicySetting::LateFee(_) => "late_fee".into(),
        PolicySetting::InterestPerMonth(_) => "interest".into(),
        PolicySetting::MaxInstallments(_) => "max installments".into(),
        PolicySetting::MinInstallment(_) => "min installment".into(),
        PolicySetting::MaxDiscount(_) => "max discount".into(),
        PolicySetting::ContactHours(_) => "contact hours".into(),
        PolicySetting::MaxContacts { channel: None, .. } => "max contacts".into(),
        PolicySetting::MaxContacts {
            channel: Some(c), ..
        } => format!("max {} contacts", c.node.as_str()),
        PolicySetting::BureauNotice(_) => "bureau notice".into(),
        PolicySetting::OfferValid(_) => "offer valid".into(),
        PolicySetting::ContactOnHolidays => "contact on holidays".into(),
        PolicySetting::ContactOnSundays => "contact on sundays".into(),
    }
}

fn invalid(span: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(Code::InvalidSetting, span, message)
        .with_label("invalid value")
        .with_help(help)
}

/// A policy percentage must lie between 0% and 100%; report it as an invalid setting
/// otherwise (the message is built only when it is needed).
fn percent_in_range(
    p: &Spanned<Decimal>,
    message: impl FnOnce() -> String,
    help: &str,
    out: &mut Vec<Diagnostic>,
) {
    if p.node < Decimal::ZERO || p.node > Decimal::ONE_HUNDRED {
        out.push(invalid(p.span, message(), help));
    }
}

fn apply(
    setting: &PolicySetting,
    span: Span,
    policy: &mut Policy,
    spans: &mut PolicySpans,
    out: &mut Vec<Diagnostic>,
) {
    match setting {
        PolicySetting::LateFee(p) => {
            percent_in_range(
                p,
                || format!("a late fee of `{}%`", p.node),
                "a late fee is a percentage between 0% and 100% (the legal limit is 2%)",
                out,
            );
            policy.late_fee = p.node;
            spans.late_fee = Some(span);
        }
        PolicySetting::InterestPerMonth(p) => {
            percent_in_range(
                p,
                || format!("an interest of `{}%` per month", p.node),
                "interest is a percentage per month between 0% and 100%",
                out,
            );
            policy.interest_per_month = p.node;
            spans.interest = Some(span);
        }
        PolicySetting::MaxInstallments(n) => {
            if n.node == 0 {
                out.push(invalid(
                    n.span,
                    "`max installments 0` allows no offer at all".into(),
                    "write at least `max installments 1`, or remove the line",
                ));
            }
            policy.max_installments = Some(n.node);
            spans.max_installments = Some(span);
        }
        PolicySetting::MinInstallment(m) => {
            if m.node < Decimal::ZERO {
                out.push(invalid(
                    m.span,
                    format!("a minimum installment of `{}`", m.node),
                    "the minimum installment is an amount of money, 0 or more",
                ));
            }
            policy.min_installment = m.node;
            spans.min_installment = Some(span);
        }
        PolicySetting::MaxDiscount(p) => {
            percent_in_range(
                p,
                || format!("a maximum discount of `{}%`", p.node),
                "a discount is a percentage between 0% and 100%",
                out,
            );
            policy.max_discount = Some(p.node);
            spans.max_discount = Some(span);
        }
        PolicySetting::ContactHours(windows) => {
            for w in windows {
                if w.node.from_minute >= w.node.to_minute || w.node.to_minute > 24 * 60 {
                    out.push(invalid(
                        w.span,
                        "this contact window is empty: it ends before it starts".into(),
                        "write the start time before the end time, e.g. `08:00-20:00`",
                    ));
                } else if w.node.first_day > w.node.last_day {
                    out.push(invalid(
                        w.span,
                        format!(
                            "the day range `{}-{}` runs backwards",
                            w.node.first_day.as_str(),
                            w.node.last_day.as_str()
                        ),
                        "write the days from Monday towards Sunday, e.g. `mon-fri`",
                    ));
                }
            }
        }
        PolicySetting::MaxContacts {
            channel,
            count,
            days,
        } => {
            if days.node == 0 {
                out.push(invalid(
                    days.span,
                    "a contact limit over `0` days".into(),
                    "count contacts over at least 1 day, e.g. `per 7 days`",
                ));
            }
            match channel {
                None => policy.max_contacts = Some((count.node, days.node)),
                Some(c) => policy.channel_caps.push((c.node, count.node, days.node)),
            }
        }
        PolicySetting::BureauNotice(d) => {
            policy.bureau_notice_days = Some(d.node);
            spans.bureau_notice = Some(span);
        }
        PolicySetting::OfferValid(d) => {
            if d.node == 0 {
                out.push(invalid(
                    d.span,
                    "an offer valid for `0` days expires before it is sent".into(),
                    "write at least `offer valid 1 days`",
                ));
            }
            policy.offer_valid_days = d.node;
        }
        PolicySetting::ContactOnHolidays => policy.contact_on_holidays = true,
        PolicySetting::ContactOnSundays => policy.contact_on_sundays = true,
    }
}

//! The canonical one-line text of each item, policy setting, action and test statement.
//! Knows nothing about comments or blank lines (that is `layout`).

use super::expr::expr;
use super::literal::{clock, date, decimal, quoted};
use crate::syntax::ast::{
    Action, ActionKind, Channel, ContactWindow, FieldDecl, HitPolicy, PolicySetting, Repeat, Rule,
    SegmentDecl, TemplateDecl, TypeExpr,
};

pub(crate) fn strategy(name: &str, version: Option<u32>) -> String {
    match version {
        Some(v) => format!("strategy {} version {v}", quoted(name)),
        None => format!("strategy {}", quoted(name)),
    }
}

pub(crate) fn creditor(name: &str, document: Option<&str>) -> String {
    match document {
        Some(d) => format!("creditor {} document {}", quoted(name), quoted(d)),
        None => format!("creditor {}", quoted(name)),
    }
}

pub(crate) fn hit(policy: HitPolicy) -> String {
    match policy {
        HitPolicy::First => "hit first".into(),
        HitPolicy::All => "hit all".into(),
    }
}

pub(crate) fn field(f: &FieldDecl) -> String {
    let ty = match &f.ty.node {
        TypeExpr::Int => "int".to_string(),
        TypeExpr::Money => "money".into(),
        TypeExpr::Percent => "percent".into(),
        TypeExpr::Date => "date".into(),
        TypeExpr::Days => "days".into(),
        TypeExpr::Text => "text".into(),
        TypeExpr::Bool => "bool".into(),
        TypeExpr::Channel => "channel".into(),
        TypeExpr::Enum(variants) => {
            let names: Vec<&str> = variants.iter().map(|v| v.node.as_str()).collect();
            format!("enum({})", names.join(", "))
        }
    };
    format!("field {}: {ty}", f.name.node)
}

pub(crate) fn policy_setting(s: &PolicySetting) -> String {
    match s {
        PolicySetting::LateFee(p) => format!("late_fee {}%", decimal(p.node)),
        PolicySetting::InterestPerMonth(p) => format!("interest {}% per month", decimal(p.node)),
        PolicySetting::MaxInstallments(n) => format!("max installments {}", n.node),
        PolicySetting::MinInstallment(x) => format!("min installment {}", decimal(x.node)),
        PolicySetting::MaxDiscount(p) => format!("max discount {}%", decimal(p.node)),
        PolicySetting::ContactHours(windows) => {
            let parts: Vec<String> = windows.iter().map(|w| contact_window(&w.node)).collect();
            format!("contact hours {}", parts.join(", "))
        }
        PolicySetting::MaxContacts {
            channel,
            count,
            days,
        } => {
            let noun = match channel.as_ref().map(|c| c.node) {
                None => "contacts",
                Some(Channel::Call) => "calls",
                Some(Channel::Email) => "emails",
                Some(Channel::Sms) => "sms",
                Some(Channel::Whatsapp) => "whatsapp",
                Some(Channel::Letter) => "letters",
            };
            format!("max {noun} {} per {} days", count.node, days.node)
        }
        PolicySetting::BureauNotice(n) => format!("bureau notice {} days", n.node),
        PolicySetting::OfferValid(n) => format!("offer valid {} days", n.node),
        PolicySetting::ContactOnHolidays => "contact on holidays".into(),
        PolicySetting::ContactOnSundays => "contact on sundays".into(),
    }
}

fn contact_window(w: &ContactWindow) -> String {
    let days = if w.first_day == w.last_day {
        w.first_day.as_str().to_string()
    } else {
        format!("{}-{}", w.first_day.as_str(), w.last_day.as_str())
    };
    format!("{days} {}-{}", clock(w.from_minute), clock(w.to_minute))
}

pub(crate) fn segment(s: &SegmentDecl) -> String {
    format!("segment {} = {}", s.name.node, expr(&s.condition))
}

pub(crate) fn template(t: &TemplateDecl) -> String {
    format!(
        "template {} for {}: {}",
        t.name.node,
        t.channel.as_str(),
        quoted(&t.text.node)
    )
}

pub(crate) fn rule(r: &Rule) -> String {
    let actions: Vec<String> = r.actions.iter().map(|a| action(&a.node)).collect();
    let body = format!("when {} then {}", expr(&r.condition), actions.join("; "));
    match &r.name {
        Some(name) => format!("rule {}: {body}", quoted(name)),
        None => body,
    }
}

pub(crate) fn action(a: &Action) -> String {
    let mut out = match &a.kind {
        ActionKind::Contact { channel, template } => match template {
            Some(t) => format!("{} template {}", channel.as_str(), quoted(t)),
            None => channel.as_str().to_string(),
        },
        ActionKind::OfferInstallments(n) => format!("offer up to {} installments", n.node),
        ActionKind::OfferDiscount(p) => format!("offer discount up to {}%", decimal(p.node)),
        ActionKind::ReportToBureau => "report to bureau".into(),
        ActionKind::EscalateToAgency(x) => format!("escalate to agency {}", quoted(x)),
        ActionKind::AssignToQueue(x) => format!("assign to queue {}", quoted(x)),
        ActionKind::Tag(x) => format!("tag {}", quoted(x)),
        ActionKind::SuspendService => "suspend service".into(),
    };
    match a.repeat.as_ref().map(|r| r.node) {
        Some(Repeat::Once) => out.push_str(" once"),
        Some(Repeat::EveryDays(n)) => out.push_str(&format!(" every {n} days")),
        None => {}
    }
    out
}

pub(crate) fn as_of(d: chrono::NaiveDate) -> String {
    format!("as of {}", date(d))
}

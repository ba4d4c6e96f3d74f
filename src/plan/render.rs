//! Template rendering: templates are data, never code. A template is split once into literal
//! text and placeholders from a fixed, typed set (a field slot, an offer value, the creditor's
//! name or document); rendering is one pass of plain substitution. A substituted value is
//! never scanned again, so a debtor whose name is `{balance}` gets exactly that text, and
//! nothing in a template can reach anything outside the set. Must not decide guardrails.

use super::action::Offer;
use crate::check::{CheckedStrategy, FieldInfo, Header};
use crate::schema::{Row, Type, Value};
use crate::syntax::ast::Channel;
use rust_decimal::Decimal;

/// One piece of a compiled template.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Literal(String),
    /// A field by slot (built-in or declared).
    Field(usize),
    Creditor(CreditorPart),
    Offer(OfferPart),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditorPart {
    Name,
    Document,
}

/// Values of the offers computed by the same rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferPart {
    /// Number of installments of the rule's installment offer.
    Installments,
    /// The first installment's amount.
    InstallmentValue,
    /// The discount percent of the rule's discount offer (`30%`).
    Discount,
    /// The total to pay after the discount.
    DiscountedTotal,
    /// The discount offer's deadline, or else the first installment's due date.
    OfferDeadline,
}

impl OfferPart {
    fn from_name(name: &str) -> Option<OfferPart> {
        Some(match name {
            "installments" => OfferPart::Installments,
            "installment_value" => OfferPart::InstallmentValue,
            "discount" => OfferPart::Discount,
            "discounted_total" => OfferPart::DiscountedTotal,
            "offer_deadline" => OfferPart::OfferDeadline,
            _ => return None,
        })
    }
}

/// A template split into segments, ready to render many times.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledTemplate {
    pub name: String,
    pub channel: Channel,
    pub segments: Vec<Segment>,
}

/// A placeholder the checker should have rejected (a strategy that bypassed it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("template `{template}` has an unknown placeholder `{{{placeholder}}}`")]
pub struct UnknownPlaceholder {
    pub template: String,
    pub placeholder: String,
}

/// Compile every template of a strategy, in declaration order.
pub fn compile_templates(
    strategy: &CheckedStrategy,
) -> Result<Vec<CompiledTemplate>, UnknownPlaceholder> {
    strategy
        .templates
        .iter()
        .map(|t| {
            Ok(CompiledTemplate {
                name: t.name.clone(),
                channel: t.channel,
                segments: split(&t.name, &t.text, &strategy.fields)?,
            })
        })
        .collect()
}

/// Split template text into segments. `{{` and `}}` are literal braces; a `{` with no closing
/// `}` is literal text.
pub fn split(
    template: &str,
    text: &str,
    fields: &[FieldInfo],
) -> Result<Vec<Segment>, UnknownPlaceholder> {
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("{{") {
            literal.push('{');
            rest = &rest[2..];
        } else if rest.starts_with("}}") {
            literal.push('}');
            rest = &rest[2..];
        } else if c == '{' {
            match rest[1..].find('}') {
                Some(end) => {
                    let name = rest[1..1 + end].trim();
                    if !literal.is_empty() {
                        segments.push(Segment::Literal(std::mem::take(&mut literal)));
                    }
                    segments.push(resolve(template, name, fields)?);
                    rest = &rest[end + 2..];
                }
                None => {
                    literal.push_str(rest);
                    rest = "";
                }
            }
        } else {
            literal.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if !literal.is_empty() {
        segments.push(Segment::Literal(literal));
    }
    Ok(segments)
}

fn resolve(
    template: &str,
    name: &str,
    fields: &[FieldInfo],
) -> Result<Segment, UnknownPlaceholder> {
    if let Some(part) = OfferPart::from_name(name) {
        return Ok(Segment::Offer(part));
    }
    match name {
        "creditor_name" => return Ok(Segment::Creditor(CreditorPart::Name)),
        "creditor_document" => return Ok(Segment::Creditor(CreditorPart::Document)),
        _ => {}
    }
    fields
        .iter()
        .find(|f| f.name == name)
        .map(|f| Segment::Field(f.slot))
        .ok_or_else(|| UnknownPlaceholder {
            template: template.to_string(),
            placeholder: name.to_string(),
        })
}

/// The offers one rule computed, for `{installments}`, `{discount}` and the like.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleOffers<'a> {
    pub installments: Option<&'a Offer>,
    pub discount: Option<&'a Offer>,
}

/// What a template can read: the debtor's row, the strategy's fields and header, the rule's
/// offers. Nothing else is reachable.
#[derive(Debug, Clone, Copy)]
pub struct RenderInputs<'a> {
    pub row: &'a Row,
    pub fields: &'a [FieldInfo],
    pub header: &'a Header,
    pub offers: RuleOffers<'a>,
}

/// Render a compiled template. A missing value renders as empty text.
pub fn render(template: &CompiledTemplate, inputs: &RenderInputs<'_>) -> String {
    let mut out = String::new();
    for segment in &template.segments {
        match segment {
            Segment::Literal(text) => out.push_str(text),
            Segment::Field(slot) => push_field(&mut out, *slot, inputs),
            Segment::Creditor(CreditorPart::Name) => {
                out.push_str(inputs.header.creditor_name.as_deref().unwrap_or(""))
            }
            Segment::Creditor(CreditorPart::Document) => {
                out.push_str(inputs.header.creditor_document.as_deref().unwrap_or(""))
            }
            Segment::Offer(part) => push_offer(&mut out, *part, inputs.offers),
        }
    }
    out
}

fn push_field(out: &mut String, slot: usize, inputs: &RenderInputs<'_>) {
    let value = inputs.row.get(slot);
    match value {
        Value::Missing => {}
        Value::Int(n) | Value::Days(n) => out.push_str(&n.to_string()),
        Value::Money(m) => out.push_str(&format_brl(m)),
        Value::Percent(p) => out.push_str(&format_percent(p)),
        Value::Date(d) => out.push_str(&format_date(d)),
        Value::Bool(b) => out.push_str(if b { "sim" } else { "não" }),
        Value::Channel(c) => out.push_str(c.as_str()),
        Value::Text => out.push_str(inputs.row.text(slot).unwrap_or("")),
        Value::Enum(index) => {
            let variant = inputs
                .fields
                .iter()
                .find(|f| f.slot == slot)
                .and_then(|f| match &f.ty {
                    Type::Enum { variants, .. } => variants.get(index as usize),
                    _ => None,
                });
            out.push_str(variant.map(String::as_str).unwrap_or(""));
        }
    }
}

fn push_offer(out: &mut String, part: OfferPart, offers: RuleOffers<'_>) {
    let installments = match offers.installments {
        Some(Offer::Installments {
            count,
            installments,
            ..
        }) => Some((*count, installments.first())),
        _ => None,
    };
    let discount = match offers.discount {
        Some(Offer::Discount {
            percent,
            total,
            deadline,
            ..
        }) => Some((*percent, *total, *deadline)),
        _ => None,
    };
    let text = match part {
        OfferPart::Installments => installments.map(|(count, _)| count.to_string()),
        OfferPart::InstallmentValue => installments
            .and_then(|(_, first)| first)
            .map(|i| format_brl(i.amount)),
        OfferPart::Discount => discount.map(|(percent, _, _)| format_percent(percent)),
        OfferPart::DiscountedTotal => discount.map(|(_, total, _)| format_brl(total)),
        OfferPart::OfferDeadline => discount
            .map(|(_, _, deadline)| deadline)
            .or_else(|| installments.and_then(|(_, first)| first).map(|i| i.due_on))
            .map(format_date),
    };
    if let Some(text) = text {
        out.push_str(&text);
    }
}

/// `R$ 1.234,56` (negative: `-R$ 1.234,56`), rounded half-up to cents.
pub fn format_brl(amount: Decimal) -> String {
    let cents =
        amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let negative = cents.is_sign_negative() && !cents.is_zero();
    let text = format!("{:.2}", cents.abs());
    let (units, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, digit) in units.chars().enumerate() {
        if i > 0 && (units.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    format!("{}R$ {grouped},{fraction}", if negative { "-" } else { "" })
}

/// `31/01/2025`.
pub fn format_date(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `30%`, `12,5%`.
pub fn format_percent(percent: Decimal) -> String {
    format!("{}%", percent.normalize()).replace('.', ",")
}

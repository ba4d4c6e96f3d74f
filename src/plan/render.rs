//! Template rendering: templates are data, never code. A template is split once into literal
//! text and placeholders from a fixed, typed set (a field slot, an offer value, the creditor's
//! name or document); rendering is one pass of plain substitution. A substituted value is
//! never scanned again, so a debtor whose name is `{balance}` gets exactly that text, and
//! nothing in a template can reach anything outside the set. Must not decide guardrails.

use crate::check::{CheckedStrategy, FieldInfo, Header};
use crate::money::format::{brl, date_br, percent_br};
use crate::money::offers::{DiscountOffer, InstallmentOffer};
use crate::money::placeholders::{offer_value, OFFER_PLACEHOLDERS};
use crate::schema::Channel;
use crate::schema::{Row, Type, Value};

/// One piece of a compiled template.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Literal(String),
    /// A field by slot (built-in or declared).
    Field(usize),
    Creditor(CreditorPart),
    /// An offer value (`installments`, `discount`, ...), rendered by the money module.
    Offer(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditorPart {
    Name,
    Document,
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
    if let Some(part) = OFFER_PLACEHOLDERS.iter().find(|p| **p == name) {
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
    pub installments: Option<&'a InstallmentOffer>,
    pub discount: Option<&'a DiscountOffer>,
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
            Segment::Offer(name) => push_offer(&mut out, name, inputs.offers),
        }
    }
    out
}

fn push_field(out: &mut String, slot: usize, inputs: &RenderInputs<'_>) {
    let value = inputs.row.get(slot);
    match value {
        Value::Missing => {}
        Value::Int(n) | Value::Days(n) => out.push_str(&n.to_string()),
        Value::Money(m) => out.push_str(&brl(m)),
        Value::Percent(p) => out.push_str(&percent_br(p)),
        Value::Date(d) => out.push_str(&date_br(d)),
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

fn push_offer(out: &mut String, name: &str, offers: RuleOffers<'_>) {
    if let Some(text) = offer_value(name, offers.installments, offers.discount) {
        out.push_str(&text);
    }
}

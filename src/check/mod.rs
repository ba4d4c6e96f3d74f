//! The checker: turns a parsed [`Strategy`] into a [`CheckedStrategy`] (names resolved to
//! slots, literals typed, policy resolved) or reports why it cannot, plus lints. Needs no
//! portfolio data. Must not evaluate rules against debtors, read files or print.
//!
//! Only a `CheckedStrategy` can be compiled by `eval`; it is the contract between the two.

pub mod analysis;
pub mod docs;
mod driver;
pub mod fields;
pub mod header;
pub mod lints;
pub mod names;
pub mod ops;
pub mod phrases;
pub mod policy;
pub mod rules;
pub mod segments;
mod suggest;
pub mod suppress;
pub mod templates;
pub mod tests;
pub mod typed;
pub mod types;

use crate::diagnostics::Diagnostic;
use crate::schema::{Channel, ContactWindow, HitPolicy, Weekday};
use crate::schema::{Type, Value};
use crate::source::{SourceFile, Span};
use crate::syntax::ast::Strategy;
use chrono::NaiveDate;
pub use ops::{ArithOp, CmpOp};
use rust_decimal::Decimal;
pub use typed::{ActionSpec, RuleAction, TExpr, TExprKind};

/// A strategy that passed the checker with no errors. Warnings are in `diagnostics`.
#[derive(Debug, Clone)]
pub struct CheckedStrategy {
    pub source: SourceFile,
    pub header: Header,
    /// Every field a rule may read: the built-ins (slots `0..BUILTIN_SLOTS`, in
    /// `Builtin::ALL` order) then the declared fields in declaration order.
    pub fields: Vec<FieldInfo>,
    pub policy: Policy,
    pub segments: Vec<SegmentInfo>,
    pub templates: Vec<TemplateInfo>,
    /// Rules in source order.
    pub rules: Vec<RuleInfo>,
    /// The strategy's own `test` blocks, in source order.
    pub tests: Vec<TestInfo>,
    /// Warnings (a checked strategy has no errors).
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckedStrategy {
    pub fn field(&self, name: &str) -> Option<&FieldInfo> {
        self.fields.iter().find(|f| f.name == name)
    }
    pub fn template(&self, name: &str) -> Option<&TemplateInfo> {
        self.templates.iter().find(|t| t.name == name)
    }
    /// Fields declared by the strategy (custom portfolio columns), in slot order.
    pub fn custom_fields(&self) -> impl Iterator<Item = &FieldInfo> {
        self.fields.iter().filter(|f| f.builtin.is_none())
    }
}

/// The resolved header. Defaults: name = file stem, version 1, currency BRL,
/// timezone America/Sao_Paulo, hit first.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub name: String,
    pub version: u32,
    pub creditor_name: Option<String>,
    pub creditor_document: Option<String>,
    pub currency: String,
    pub timezone: chrono_tz::Tz,
    pub hit: HitPolicy,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldInfo {
    pub name: String,
    pub ty: Type,
    pub slot: usize,
    /// `Some` for a built-in field, `None` for a declared (custom) one.
    pub builtin: Option<crate::schema::Builtin>,
    /// Where a declared field was declared (default span for built-ins).
    pub span: Span,
}

impl FieldInfo {
    /// The entry of built-in field `b` (its own slot, no declaration span).
    pub fn builtin(b: crate::schema::Builtin) -> FieldInfo {
        FieldInfo {
            name: b.name().to_string(),
            ty: b.ty(),
            slot: b.slot(),
            builtin: Some(b),
            span: Span::default(),
        }
    }

    /// Every built-in field, in slot order: the start of every strategy's field table.
    pub fn builtins() -> Vec<FieldInfo> {
        crate::schema::Builtin::ALL
            .iter()
            .map(|b| FieldInfo::builtin(*b))
            .collect()
    }
}

/// The policy block with defaults filled in. Percentages are kept as the number written
/// before `%` (`2%` is `2`).
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Multa, percent of the overdue principal, charged once per debt. Default 0.
    pub late_fee: Decimal,
    /// Juros de mora, percent per 30-day month, simple, pro rata die. Default 0.
    pub interest_per_month: Decimal,
    /// Default: no limit beyond what the rule offers.
    pub max_installments: Option<u32>,
    /// Default 0.
    pub min_installment: Decimal,
    /// Default: no limit beyond what the rule offers.
    pub max_discount: Option<Decimal>,
    /// Default: mon-fri 08:00-20:00, sat 08:00-14:00.
    pub contact_hours: Vec<ContactWindow>,
    /// `max contacts N per D days`: (N, D).
    pub max_contacts: Option<(u32, u32)>,
    /// `max calls 7 per 7 days` and the like: (channel, N, D).
    pub channel_caps: Vec<(Channel, u32, u32)>,
    pub bureau_notice_days: Option<u32>,
    /// Days from the as-of date to an offer's deadline and first installment. Default 7.
    pub offer_valid_days: u32,
    pub contact_on_sundays: bool,
    pub contact_on_holidays: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            late_fee: Decimal::ZERO,
            interest_per_month: Decimal::ZERO,
            max_installments: None,
            min_installment: Decimal::ZERO,
            max_discount: None,
            contact_hours: default_contact_hours(),
            max_contacts: None,
            channel_caps: Vec::new(),
            bureau_notice_days: None,
            offer_valid_days: 7,
            contact_on_sundays: false,
            contact_on_holidays: false,
        }
    }
}

/// Mon–Fri 08:00–20:00 and Sat 08:00–14:00 (PRODUCT.md §4; never Sunday by default).
pub fn default_contact_hours() -> Vec<ContactWindow> {
    vec![
        ContactWindow {
            first_day: Weekday::Mon,
            last_day: Weekday::Fri,
            from_minute: 8 * 60,
            to_minute: 20 * 60,
        },
        ContactWindow {
            first_day: Weekday::Sat,
            last_day: Weekday::Sat,
            from_minute: 8 * 60,
            to_minute: 14 * 60,
        },
    ]
}

#[derive(Debug, Clone, PartialEq)]
pub struct SegmentInfo {
    pub name: String,
    pub condition: TExpr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateInfo {
    pub name: String,
    pub channel: Channel,
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleInfo {
    /// The written name, or `line N` for an unnamed rule.
    pub name: String,
    /// 1-based line of the rule's start.
    pub line: u32,
    pub condition: TExpr,
    pub actions: Vec<RuleAction>,
    pub span: Span,
}

/// A `test` block as checked: what the debtor is given, typed by its fields, and what it
/// must get. `strat test` runs these; nothing after the checker reads the written block.
#[derive(Debug, Clone, PartialEq)]
pub struct TestInfo {
    pub name: String,
    /// 1-based line of the `test` keyword.
    pub line: u32,
    /// The `given` bindings in written order, each field at most once.
    pub given: Vec<TestGiven>,
    /// `expect ...`: the actions the debtor must get, in any order; empty is `expect nothing`.
    pub expect: Vec<ActionSpec>,
    /// `expect rule "name"`: the first matching rule must be this one.
    pub expect_rule: Option<String>,
    /// `as of 2025-01-31`; `None` takes the documented default.
    pub as_of: Option<NaiveDate>,
    pub span: Span,
}

/// One `given field = literal` binding: the field's slot and the literal as a value of the
/// field's type.
#[derive(Debug, Clone, PartialEq)]
pub struct TestGiven {
    pub slot: usize,
    pub value: GivenValue,
}

/// A given literal. Text lives beside the row's values, so it is kept apart.
#[derive(Debug, Clone, PartialEq)]
pub enum GivenValue {
    /// A value of the field's type; `Value::Missing` for `field = missing`.
    Value(Value),
    Text(String),
}

/// Check a parsed strategy. Returns the checked strategy when there are no errors, and every
/// diagnostic (errors and warnings) found either way.
pub fn check(source: &SourceFile, ast: &Strategy) -> (Option<CheckedStrategy>, Vec<Diagnostic>) {
    driver::check(source, ast)
}

#[cfg(test)]
mod unit_tests;

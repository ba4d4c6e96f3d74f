//! The owned, typed syntax tree of a strategy file. Every node that a diagnostic can point at
//! carries a [`Span`]; spans never take part in `==`: [`Spanned`] leaves its own out, and the
//! nodes with a bare `span` field get their `PartialEq` from [`equality`], which leaves theirs
//! out. Two files that differ only in layout parse to equal ASTs.
//!
//! This is the parser's output and the checker's input. It holds exactly what the analyst
//! wrote: names are unresolved text, literals are unconverted to the type their context needs
//! (the checker decides that).

mod equality;

use crate::source::{Span, Spanned};
use rust_decimal::Decimal;

pub use crate::schema::{BinOp, Channel, ContactWindow, HitPolicy, Repeat, Weekday};
use serde::Serialize;

pub type Ident = Spanned<String>;

/// A whole strategy file.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Strategy {
    pub items: Vec<Item>,
    /// Every `#` comment in the file, in source order, with its span (the formatter re-attaches
    /// them; nothing else reads them except `# strat: allow CODE` suppressions).
    #[serde(skip)]
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    /// The text after `#`, without the line break.
    pub text: String,
    pub span: Span,
}

/// One top-level declaration, in source order.
#[derive(Debug, Clone, Serialize)]
pub enum Item {
    /// `strategy "varejo-pf" version 3`
    Strategy {
        name: Spanned<String>,
        version: Option<Spanned<u32>>,
        span: Span,
    },
    /// `creditor "Loja Exemplo S.A." document "12.345.678/0001-90"`
    Creditor {
        name: Spanned<String>,
        document: Option<Spanned<String>>,
        span: Span,
    },
    /// `currency BRL`
    Currency(Ident),
    /// `timezone "America/Sao_Paulo"`
    Timezone(Spanned<String>),
    /// `hit first` / `hit all`
    Hit(Spanned<HitPolicy>),
    /// `field segment: enum(high_value, standard, low_value)`
    Field(FieldDecl),
    /// `policy { ... }`
    Policy(PolicyBlock),
    /// `segment priority = balance >= 5000 and score >= 600`
    Segment(SegmentDecl),
    /// `template lembrete for email: "Olá {first_name} ..."`
    Template(TemplateDecl),
    /// `rule "name": when ... then ...` or an unnamed `when ... then ...`
    Rule(Rule),
    /// `test "name" { given ... expect ... }`
    Test(TestBlock),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Strategy { span, .. } | Item::Creditor { span, .. } => *span,
            Item::Currency(i) => i.span,
            Item::Timezone(s) => s.span,
            Item::Hit(h) => h.span,
            Item::Field(f) => f.span,
            Item::Policy(p) => p.span,
            Item::Segment(s) => s.span,
            Item::Template(t) => t.span,
            Item::Rule(r) => r.span,
            Item::Test(t) => t.span,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldDecl {
    pub name: Ident,
    pub ty: Spanned<TypeExpr>,
    pub span: Span,
}

/// A type as written in a `field` declaration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TypeExpr {
    Int,
    Money,
    Percent,
    Date,
    Days,
    Text,
    Bool,
    Channel,
    /// `enum(a, b, c)`
    Enum(Vec<Ident>),
}

/// `policy { ... }`: one setting per line.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyBlock {
    pub settings: Vec<Spanned<PolicySetting>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PolicySetting {
    /// `late_fee 2%`
    LateFee(Spanned<Decimal>),
    /// `interest 1% per month`
    InterestPerMonth(Spanned<Decimal>),
    /// `max installments 12`
    MaxInstallments(Spanned<u32>),
    /// `min installment 50.00`
    MinInstallment(Spanned<Decimal>),
    /// `max discount 30%`
    MaxDiscount(Spanned<Decimal>),
    /// `contact hours mon-fri 08:00-20:00, sat 09:00-13:00`
    ContactHours(Vec<Spanned<ContactWindow>>),
    /// `max contacts 3 per 7 days` (channel = None) or `max calls 7 per 7 days`
    MaxContacts {
        channel: Option<Spanned<Channel>>,
        count: Spanned<u32>,
        days: Spanned<u32>,
    },
    /// `bureau notice 10 days`
    BureauNotice(Spanned<u32>),
    /// `offer valid 7 days`: days from the as-of date to an offer's deadline / first installment.
    OfferValid(Spanned<u32>),
    /// `contact on holidays` / `contact on sundays`: lift the default ban.
    ContactOnHolidays,
    ContactOnSundays,
}

/// `segment priority = <condition>`: a named, reusable condition.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentDecl {
    pub name: Ident,
    pub condition: Expr,
    pub span: Span,
}

/// `template NAME for CHANNEL: "text with {placeholders}"`
#[derive(Debug, Clone, Serialize)]
pub struct TemplateDecl {
    pub name: Ident,
    pub channel: Spanned<Channel>,
    /// The template text as written (escapes already decoded).
    pub text: Spanned<String>,
    /// Each `{placeholder}` in the text, with the span of the name inside the source string.
    pub placeholders: Vec<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    /// `rule "name":`; `None` for a bare `when ... then ...` line.
    pub name: Option<Spanned<String>>,
    pub condition: Expr,
    pub actions: Vec<Spanned<Action>>,
    pub span: Span,
    /// Span of the `when` keyword, where a rule's line is counted from.
    pub when_span: Span,
}

/// One action of a rule's `then` part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    pub kind: ActionKind,
    pub repeat: Option<Spanned<Repeat>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ActionKind {
    /// `email`, `sms template "aviso_d1"`, `call`, ...
    Contact {
        channel: Spanned<Channel>,
        template: Option<Spanned<String>>,
    },
    /// `offer up to 6 installments`
    OfferInstallments(Spanned<u32>),
    /// `offer discount up to 30%`
    OfferDiscount(Spanned<Decimal>),
    /// `report to bureau`
    ReportToBureau,
    /// `escalate to agency "X"`
    EscalateToAgency(Spanned<String>),
    /// `assign to queue "X"`
    AssignToQueue(Spanned<String>),
    /// `tag "X"`
    Tag(Spanned<String>),
    /// `suspend service`
    SuspendService,
}

/// An expression of a condition or segment.
#[derive(Debug, Clone, Serialize)]
pub struct Expr {
    pub kind: Box<ExprKind>,
    #[serde(skip)]
    pub span: Span,
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Expr {
            kind: Box::new(kind),
            span,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ExprKind {
    /// A bare name: a field, a segment, an enum variant or a channel (the checker decides).
    Name(String),
    /// `5000`, `8000.00`, `-3` (unary minus is folded into number literals by the parser).
    Number(Decimal),
    /// `30%`
    Percent(Decimal),
    /// `2025-01-31`
    Date(chrono::NaiveDate),
    /// `"text"`
    Text(String),
    /// `true` / `false`
    Bool(bool),
    Not(Expr),
    Neg(Expr),
    Binary {
        op: Spanned<BinOp>,
        lhs: Expr,
        rhs: Expr,
    },
    /// `x in [a, b, c]`
    In {
        value: Expr,
        set: Vec<Expr>,
    },
    /// `x between a and b` (inclusive on both ends)
    Between {
        value: Expr,
        low: Expr,
        high: Expr,
    },
    /// `x is missing` (`present = false`) / `x is present` (`present = true`)
    Is {
        value: Expr,
        present: bool,
    },
    /// `days_since(last_payment)`
    Call {
        function: Ident,
        args: Vec<Expr>,
    },
}

/// `test "name" { given a = 1, b = x  expect call, offer up to 6 installments }`
#[derive(Debug, Clone, Serialize)]
pub struct TestBlock {
    pub name: Spanned<String>,
    /// `given` bindings: field name = literal (or `missing`).
    pub given: Vec<Given>,
    /// `expect ...`: the actions the debtor must get, in any order; empty means `expect nothing`.
    pub expect: Vec<Spanned<Action>>,
    /// Optional `expect rule "name"`: the first matching rule must be this one.
    pub expect_rule: Option<Spanned<String>>,
    /// Optional `as of 2025-01-31` (defaults to a fixed date documented in docs/language.md).
    pub as_of: Option<Spanned<chrono::NaiveDate>>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Given {
    pub field: Ident,
    /// A literal expression (number, percent, date, text, bool, name); `None` for `missing`.
    pub value: Option<Expr>,
    pub span: Span,
}

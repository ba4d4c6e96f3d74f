//! Typed, resolved expressions: the checker's output and the evaluator's input. Names are
//! slots or segment indices, literals carry their contextual type, every node keeps its span
//! (for `strat explain`).

use super::ops::{ArithOp, CmpOp};
use crate::schema::{Channel, Repeat, Type, Value};
use crate::source::{Span, Spanned};
use crate::syntax::ast;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub struct TExpr {
    pub kind: TExprKind,
    /// The expression's type (`Bool` for conditions).
    pub ty: Type,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TExprKind {
    /// Read a row slot (built-in or declared field).
    Field(usize),
    /// A named segment, by index into `CheckedStrategy::segments` (its condition is
    /// evaluated in place; segments cannot refer to themselves).
    Segment(usize),
    /// A typed constant: number as money/int/percent/days, date, bool, enum variant, channel.
    Const(Value),
    /// A text constant.
    Text(String),
    Not(Box<TExpr>),
    Neg(Box<TExpr>),
    And(Box<TExpr>, Box<TExpr>),
    Or(Box<TExpr>, Box<TExpr>),
    /// A comparison; both operands have the same type (or int/days-compatible numbers).
    Compare {
        op: CmpOp,
        lhs: Box<TExpr>,
        rhs: Box<TExpr>,
    },
    /// `+ - * /`, as the arithmetic the checker chose from the operand types (the table is
    /// [`super::ops::arith`]).
    Arith {
        op: ArithOp,
        lhs: Box<TExpr>,
        rhs: Box<TExpr>,
    },
    In {
        value: Box<TExpr>,
        set: Vec<TExpr>,
    },
    /// Inclusive at both ends.
    Between {
        value: Box<TExpr>,
        low: Box<TExpr>,
        high: Box<TExpr>,
    },
    /// `is present` (true) / `is missing` (false).
    IsPresent {
        value: Box<TExpr>,
        present: bool,
    },
    /// `days_since(date)`: as-of date minus the date, in days.
    DaysSince(Box<TExpr>),
    /// `days_until(date)`: the date minus the as-of date, in days.
    DaysUntil(Box<TExpr>),
}

/// One action of a checked rule, as later stages act on it: the written action with its
/// spans dropped (the rule keeps where it was written).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleAction {
    pub kind: ActionSpec,
    pub repeat: Option<Repeat>,
    /// Where the action is written (for `strat explain`).
    pub span: Span,
}

/// What an action does. Offers carry the limit the rule wrote; the engine makes them concrete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionSpec {
    /// `email`, `sms template "aviso_d1"`, `call`, ...
    Contact {
        channel: Channel,
        template: Option<String>,
    },
    /// `offer up to 6 installments`
    OfferInstallments(u32),
    /// `offer discount up to 30%` (the number written before `%`)
    OfferDiscount(Decimal),
    /// `report to bureau`
    ReportToBureau,
    /// `escalate to agency "X"`
    EscalateToAgency(String),
    /// `assign to queue "X"`
    AssignToQueue(String),
    /// `tag "X"`
    Tag(String),
    /// `suspend service`
    SuspendService,
}

impl ActionSpec {
    /// The checked form of a written action.
    pub fn from_ast(kind: &ast::ActionKind) -> ActionSpec {
        match kind {
            ast::ActionKind::Contact { channel, template } => ActionSpec::Contact {
                channel: channel.node,
                template: template.as_ref().map(|t| t.node.clone()),
            },
            ast::ActionKind::OfferInstallments(n) => ActionSpec::OfferInstallments(n.node),
            ast::ActionKind::OfferDiscount(p) => ActionSpec::OfferDiscount(p.node),
            ast::ActionKind::ReportToBureau => ActionSpec::ReportToBureau,
            ast::ActionKind::EscalateToAgency(a) => ActionSpec::EscalateToAgency(a.node.clone()),
            ast::ActionKind::AssignToQueue(q) => ActionSpec::AssignToQueue(q.node.clone()),
            ast::ActionKind::Tag(t) => ActionSpec::Tag(t.node.clone()),
            ast::ActionKind::SuspendService => ActionSpec::SuspendService,
        }
    }
}

impl std::fmt::Display for ActionSpec {
    /// The action as the analyst writes it (`offer up to 6 installments`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ActionSpec::Contact { channel, template } => match template {
                Some(t) => write!(f, "{} template {t:?}", channel.as_str()),
                None => f.write_str(channel.as_str()),
            },
            ActionSpec::OfferInstallments(n) => write!(f, "offer up to {n} installments"),
            ActionSpec::OfferDiscount(p) => write!(f, "offer discount up to {p}%"),
            ActionSpec::ReportToBureau => f.write_str("report to bureau"),
            ActionSpec::EscalateToAgency(a) => write!(f, "escalate to agency {a:?}"),
            ActionSpec::AssignToQueue(q) => write!(f, "assign to queue {q:?}"),
            ActionSpec::Tag(t) => write!(f, "tag {t:?}"),
            ActionSpec::SuspendService => f.write_str("suspend service"),
        }
    }
}

impl RuleAction {
    /// The checked form of a written action.
    pub fn from_ast(action: &Spanned<ast::Action>) -> RuleAction {
        RuleAction {
            kind: ActionSpec::from_ast(&action.node.kind),
            repeat: action.node.repeat.as_ref().map(|r| r.node),
            span: action.span,
        }
    }
}

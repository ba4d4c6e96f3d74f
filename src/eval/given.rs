//! A test block's `given` bindings → a debtor [`Row`]: literals typed by the field they are
//! given for, the documented defaults for fields not given. Pure; must not evaluate rules.

use crate::check::{CheckedStrategy, FieldInfo};
use crate::schema::{Builtin, Row, Type, Value};
use crate::syntax::ast::{Channel, Expr, ExprKind, Given};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Why a `given` binding cannot become a value (the checker normally reports these first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GivenError {
    #[error("`{field}` is not a field of this strategy")]
    UnknownField { field: String },
    #[error("`{field}` is {expected}, so `{written}` cannot be given for it")]
    WrongType {
        field: String,
        expected: String,
        written: String,
    },
}

/// The value of a field nobody gave: counts and `days_overdue` are 0, `has_agreement` is
/// false, everything else is missing (docs/language.md, Tests).
pub fn default_value(field: &FieldInfo) -> Value {
    match field.builtin {
        Some(Builtin::DaysOverdue) => Value::Days(0),
        Some(Builtin::HasAgreement) => Value::Bool(false),
        Some(b) if b.ty() == Type::Int => Value::Int(0),
        _ => Value::Missing,
    }
}

/// Build the debtor a test describes. `first_name` follows `name` unless given itself.
pub fn given_row(strategy: &CheckedStrategy, given: &[Given]) -> Result<Row, GivenError> {
    let slots = strategy
        .fields
        .iter()
        .map(|f| f.slot + 1)
        .max()
        .unwrap_or(0);
    let mut row = Row::with_slots(slots);
    for field in &strategy.fields {
        row.set(field.slot, default_value(field));
    }
    for g in given {
        let field = strategy
            .field(&g.field.node)
            .ok_or_else(|| GivenError::UnknownField {
                field: g.field.node.clone(),
            })?;
        match &g.value {
            None => row.set(field.slot, Value::Missing),
            Some(expr) => set_literal(&mut row, field, expr)?,
        }
    }
    let first_name_given = given.iter().any(|g| g.field.node == "first_name");
    if !first_name_given {
        let first = row
            .text(Builtin::Name.slot())
            .and_then(|n| n.split_whitespace().next())
            .map(str::to_owned);
        if let Some(first) = first {
            row.set_text(Builtin::FirstName.slot(), Some(&first));
        }
    }
    Ok(row)
}

fn set_literal(row: &mut Row, field: &FieldInfo, expr: &Expr) -> Result<(), GivenError> {
    let wrong = || GivenError::WrongType {
        field: field.name.clone(),
        expected: field.ty.describe(),
        written: describe_literal(expr),
    };
    if let (Type::Text, ExprKind::Text(s)) = (&field.ty, expr.kind.as_ref()) {
        row.set_text(field.slot, Some(s));
        return Ok(());
    }
    let value = literal_value(&field.ty, expr).ok_or_else(wrong)?;
    row.set(field.slot, value);
    Ok(())
}

/// A literal typed by the field's type; `None` when it does not fit.
fn literal_value(ty: &Type, expr: &Expr) -> Option<Value> {
    let whole = |d: &Decimal| {
        if d.fract().is_zero() {
            d.to_i64()
        } else {
            None
        }
    };
    Some(match (ty, expr.kind.as_ref()) {
        (_, ExprKind::Neg(inner)) => match literal_value(ty, inner)? {
            Value::Int(n) => Value::Int(n.checked_neg()?),
            Value::Days(n) => Value::Days(n.checked_neg()?),
            Value::Money(d) => Value::Money(-d),
            Value::Percent(d) => Value::Percent(-d),
            _ => return None,
        },
        (Type::Int, ExprKind::Number(d)) => Value::Int(whole(d)?),
        (Type::Days, ExprKind::Number(d)) => Value::Days(whole(d)?),
        (Type::Money, ExprKind::Number(d)) => Value::Money(*d),
        (Type::Percent, ExprKind::Number(d) | ExprKind::Percent(d)) => Value::Percent(*d),
        (Type::Date, ExprKind::Date(d)) => Value::Date(*d),
        (Type::Bool, ExprKind::Bool(b)) => Value::Bool(*b),
        (Type::Channel, ExprKind::Name(n)) => Value::Channel(Channel::parse(n)?),
        (Type::Enum { variants, .. }, ExprKind::Name(n)) => {
            let i = variants.iter().position(|v| v == n)?;
            Value::Enum(u32::try_from(i).ok()?)
        }
        _ => return None,
    })
}

fn describe_literal(expr: &Expr) -> String {
    match expr.kind.as_ref() {
        ExprKind::Name(n) => n.clone(),
        ExprKind::Number(d) => d.to_string(),
        ExprKind::Percent(d) => format!("{d}%"),
        ExprKind::Date(d) => d.to_string(),
        ExprKind::Text(s) => format!("{s:?}"),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Neg(inner) => format!("-{}", describe_literal(inner)),
        _ => "this expression".into(),
    }
}

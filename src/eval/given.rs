//! A checked test's `given` bindings → a debtor [`Row`]: the checker already typed each
//! literal by its field; here the documented defaults fill the fields not given. Pure; must
//! not evaluate rules.

use crate::check::{CheckedStrategy, FieldInfo, GivenValue, TestGiven};
use crate::schema::{Builtin, Row, Type, Value};

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
pub fn given_row(strategy: &CheckedStrategy, given: &[TestGiven]) -> Row {
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
        match &g.value {
            GivenValue::Value(v) => row.set(g.slot, *v),
            GivenValue::Text(s) => row.set_text(g.slot, Some(s)),
        }
    }
    let first_name_given = given.iter().any(|g| g.slot == Builtin::FirstName.slot());
    if !first_name_given {
        let first = row
            .text(Builtin::Name.slot())
            .and_then(|n| n.split_whitespace().next())
            .map(str::to_owned);
        if let Some(first) = first {
            row.set_text(Builtin::FirstName.slot(), Some(&first));
        }
    }
    row
}

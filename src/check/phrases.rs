//! Types as words in messages: "an int", "money", an example value to write. Shared by every
//! checker step that explains a type mismatch; must not decide types.

use crate::schema::Type;

/// An example value of a type, for help lines.
pub fn example(ty: &Type) -> String {
    match ty {
        Type::Int => "600".into(),
        Type::Money => "5000.00".into(),
        Type::Percent => "30%".into(),
        Type::Date => "2025-01-31".into(),
        Type::Days => "30".into(),
        Type::Text => "\"texto\"".into(),
        Type::Bool => "true".into(),
        Type::Channel => "email".into(),
        Type::Enum { variants, .. } => variants.first().cloned().unwrap_or_default(),
    }
}

/// A type as a noun phrase in a sentence: "an int", "money", "a date".
pub fn a_type(ty: &Type) -> String {
    match ty {
        Type::Money => "money".into(),
        Type::Text => "text".into(),
        Type::Days => "a number of days".into(),
        other => format!("{} {}", article(other), other.describe()),
    }
}

pub fn article(ty: &Type) -> &'static str {
    match ty {
        Type::Int | Type::Enum { .. } => "an",
        _ => "a",
    }
}

pub fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

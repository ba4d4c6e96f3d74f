//! The error of deriving a debtor's row: a custom cell that does not fit its declared type.
//! A leaf so [`super::custom`] (which finds the bad cell) and [`super::derive`] (which
//! returns it) need not import each other.

/// A custom column whose text does not fit the declared field's type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeriveError {
    #[error("debtor `{debtor}`: column `{column}` holds `{value}`, which is not {expected}")]
    BadCustomValue {
        debtor: String,
        column: String,
        value: String,
        expected: String,
    },
}

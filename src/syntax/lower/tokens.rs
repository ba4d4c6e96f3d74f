//! Lowering of tokens and literals: names, strings (escapes decoded), whole numbers,
//! decimals, percentages, dates and channels. A literal that does not fit its type (too large,
//! not a real date) is a syntax error on that token. Must not decide what a literal means in
//! its context (the checker does).

use super::children::Children;
use super::{Lowered, Lowerer};
use crate::source::Spanned;
use crate::syntax::ast::{Channel, Ident};
use crate::syntax::parser::Rule;
use crate::syntax::report::{internal, syntax_error};
use crate::syntax::template::decode_string;
use pest::iterators::Pair;
use rust_decimal::Decimal;
use std::str::FromStr;

impl Lowerer {
    pub(super) fn lower_ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Spanned::new(pair.as_str().to_string(), self.span(pair))
    }

    pub(super) fn lower_string(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<String>> {
        let span = self.span(&pair);
        let body = Children::only(&pair, Rule::string_body, span)?;
        Ok(Spanned::new(decode_string(body.as_str()), span))
    }

    pub(super) fn lower_uint(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<u32>> {
        let span = self.span(&pair);
        let text = pair.as_str();
        text.parse::<u32>()
            .map(|n| Spanned::new(n, span))
            .map_err(|_| {
                syntax_error(
                    span,
                    format!("`{text}` is too large"),
                    format!("whole numbers here go up to {}", u32::MAX),
                )
            })
    }

    pub(super) fn lower_decimal(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<Decimal>> {
        let span = self.span(&pair);
        let text = pair.as_str();
        Decimal::from_str(text)
            .map(|d| Spanned::new(d, span))
            .map_err(|_| {
                syntax_error(
                    span,
                    format!("`{text}` is too large or too precise"),
                    "numbers may have at most 28 significant digits",
                )
            })
    }

    /// `30%` → 30 (the number written before `%`).
    pub(super) fn lower_percent(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<Decimal>> {
        let span = self.span(&pair);
        let digits = Children::only(&pair, Rule::number_part, span)?;
        Ok(Spanned::new(self.lower_decimal(digits)?.node, span))
    }

    pub(super) fn lower_date(&self, pair: &Pair<'_, Rule>) -> Lowered<Spanned<chrono::NaiveDate>> {
        let span = self.span(pair);
        let text = pair.as_str();
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(|d| Spanned::new(d, span))
            .map_err(|_| {
                syntax_error(
                    span,
                    format!("`{text}` is not a valid date"),
                    "write dates as YYYY-MM-DD, e.g. `2025-01-31`",
                )
            })
    }

    pub(super) fn lower_channel(&self, pair: &Pair<'_, Rule>) -> Lowered<Spanned<Channel>> {
        let span = self.span(pair);
        Channel::parse(pair.as_str())
            .map(|c| Spanned::new(c, span))
            .ok_or_else(|| internal(span, Rule::channel))
    }
}

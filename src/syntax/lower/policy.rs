//! Lowering of the `policy { ... }` block: one setting per line, with contact windows
//! (weekdays, times of day) and contact limits. Must not judge the values (the checker and the
//! lints do).

use super::{Lowered, Lowerer};
use crate::source::Spanned;
use crate::syntax::ast::{Channel, ContactWindow, PolicyBlock, PolicySetting, Weekday};
use crate::syntax::keywords::is_keyword;
use crate::syntax::parser::Rule;
use crate::syntax::report::{internal, syntax_error};
use pest::iterators::Pair;

impl Lowerer {
    pub(super) fn lower_policy_item(&self, pair: Pair<'_, Rule>) -> Lowered<PolicyBlock> {
        let span = self.span(&pair);
        let mut settings = Vec::new();
        for setting in pair.into_inner().filter(|p| !is_keyword(p.as_rule())) {
            settings.push(self.lower_policy_setting(setting)?);
        }
        Ok(PolicyBlock { settings, span })
    }

    fn lower_policy_setting(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<PolicySetting>> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        let setting = match pair.as_rule() {
            Rule::late_fee => PolicySetting::LateFee(self.lower_percent(c.take(Rule::percent)?)?),
            Rule::interest => {
                PolicySetting::InterestPerMonth(self.lower_percent(c.take(Rule::percent)?)?)
            }
            Rule::max_installments => {
                PolicySetting::MaxInstallments(self.lower_uint(c.take(Rule::uint)?)?)
            }
            Rule::min_installment => {
                PolicySetting::MinInstallment(self.lower_decimal(c.take(Rule::number)?)?)
            }
            Rule::max_discount => {
                PolicySetting::MaxDiscount(self.lower_percent(c.take(Rule::percent)?)?)
            }
            Rule::contact_hours => self.lower_contact_hours(pair)?,
            Rule::contact_on => {
                let which = c.take_one_of(&[Rule::kw_sundays, Rule::kw_holidays])?;
                match which.as_rule() {
                    Rule::kw_sundays => PolicySetting::ContactOnSundays,
                    Rule::kw_holidays => PolicySetting::ContactOnHolidays,
                    other => return Err(internal(self.span(&which), other)),
                }
            }
            Rule::max_contacts => self.lower_max_contacts(pair)?,
            Rule::bureau_notice => {
                PolicySetting::BureauNotice(self.lower_uint(c.take(Rule::uint)?)?)
            }
            Rule::offer_valid => PolicySetting::OfferValid(self.lower_uint(c.take(Rule::uint)?)?),
            other => return Err(internal(span, other)),
        };
        Ok(Spanned::new(setting, span))
    }

    fn lower_contact_hours(&self, pair: Pair<'_, Rule>) -> Lowered<PolicySetting> {
        let mut windows = Vec::new();
        for window in pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::contact_window)
        {
            windows.push(self.lower_contact_window(window)?);
        }
        Ok(PolicySetting::ContactHours(windows))
    }

    fn lower_contact_window(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<ContactWindow>> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        let first_day = self.lower_weekday(&c.take(Rule::weekday)?)?;
        let last_day = match c.take_opt(Rule::weekday) {
            Some(p) => self.lower_weekday(&p)?,
            None => first_day,
        };
        let from_minute = self.lower_clock_time(c.take(Rule::clock_time)?)?;
        let to_minute = self.lower_clock_time(c.take(Rule::clock_time)?)?;
        Ok(Spanned::new(
            ContactWindow {
                first_day,
                last_day,
                from_minute,
                to_minute,
            },
            span,
        ))
    }

    fn lower_weekday(&self, pair: &Pair<'_, Rule>) -> Lowered<Weekday> {
        let text = pair.as_str();
        Weekday::ALL
            .into_iter()
            .find(|d| d.as_str() == text)
            .ok_or_else(|| internal(self.span(pair), Rule::weekday))
    }

    fn lower_clock_time(&self, pair: Pair<'_, Rule>) -> Lowered<u32> {
        let text = pair.as_str();
        let mut parts = text.split(':').map(str::parse::<u32>);
        let valid = match (parts.next(), parts.next()) {
            (Some(Ok(h)), Some(Ok(m))) if m < 60 && (h < 24 || (h == 24 && m == 0)) => {
                Some(h * 60 + m)
            }
            _ => None,
        };
        valid.ok_or_else(|| {
            syntax_error(
                self.span(&pair),
                format!("`{text}` is not a time of day"),
                "write times as HH:MM between 00:00 and 24:00, e.g. `08:00`",
            )
        })
    }

    fn lower_max_contacts(&self, pair: Pair<'_, Rule>) -> Lowered<PolicySetting> {
        let mut c = self.children(&pair);
        let noun = c.take(Rule::contact_noun)?;
        let channel = match noun.as_str() {
            "contacts" => None,
            "calls" => Some(Channel::Call),
            "emails" => Some(Channel::Email),
            "sms" => Some(Channel::Sms),
            "whatsapp" => Some(Channel::Whatsapp),
            "letters" => Some(Channel::Letter),
            _ => return Err(internal(self.span(&noun), Rule::contact_noun)),
        }
        .map(|ch| Spanned::new(ch, self.span(&noun)));
        let count = self.lower_uint(c.take(Rule::uint)?)?;
        let days = self.lower_uint(c.take(Rule::uint)?)?;
        Ok(PolicySetting::MaxContacts {
            channel,
            count,
            days,
        })
    }
}

//! Lowering of rules (`rule "name": when <condition> then <actions>`) and of actions, which
//! test blocks' `expect` lines share. Must not look up templates or judge offers (the checker
//! does).

use super::{Lowered, Lowerer};
use crate::source::Spanned;
use crate::syntax::ast::{Action, ActionKind, Repeat, Rule as RuleAst};
use crate::syntax::parser::Rule;
use crate::syntax::report::internal;
use pest::iterators::Pair;

impl Lowerer {
    pub(super) fn lower_rule_item(&self, pair: Pair<'_, Rule>) -> Lowered<RuleAst> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        let name = match c.take_opt(Rule::rule_name) {
            Some(p) => Some(self.lower_rule_name(p)?),
            None => None,
        };
        let when_span = self.span(&c.take(Rule::kw_when)?);
        let condition = self.lower_expr(c.take(Rule::expr)?)?;
        let mut actions = Vec::new();
        while let Some(action) = c.take_opt(Rule::action) {
            actions.push(self.lower_action(action)?);
        }
        Ok(RuleAst {
            name,
            condition,
            actions,
            span,
            when_span,
        })
    }

    fn lower_rule_name(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<String>> {
        let name = self.children(&pair).take(Rule::string)?;
        self.lower_string(name)
    }

    pub(super) fn lower_action(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<Action>> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        let kind = self.lower_action_kind(c.next_pair()?)?;
        let repeat = match c.take_opt(Rule::repeat) {
            Some(p) => Some(self.lower_repeat(p)?),
            None => None,
        };
        Ok(Spanned::new(Action { kind, repeat }, span))
    }

    fn lower_action_kind(&self, pair: Pair<'_, Rule>) -> Lowered<ActionKind> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        Ok(match pair.as_rule() {
            Rule::contact => {
                let channel = self.lower_channel(&c.take(Rule::channel)?)?;
                let template = match c.take_opt(Rule::string) {
                    Some(p) => Some(self.lower_string(p)?),
                    None => None,
                };
                ActionKind::Contact { channel, template }
            }
            Rule::offer_installments => {
                ActionKind::OfferInstallments(self.lower_uint(c.take(Rule::uint)?)?)
            }
            Rule::offer_discount => {
                ActionKind::OfferDiscount(self.lower_percent(c.take(Rule::percent)?)?)
            }
            Rule::report_to_bureau => ActionKind::ReportToBureau,
            Rule::escalate => {
                ActionKind::EscalateToAgency(self.lower_string(c.take(Rule::string)?)?)
            }
            Rule::assign => ActionKind::AssignToQueue(self.lower_string(c.take(Rule::string)?)?),
            Rule::tag => ActionKind::Tag(self.lower_string(c.take(Rule::string)?)?),
            Rule::suspend_service => ActionKind::SuspendService,
            other => return Err(internal(span, other)),
        })
    }

    fn lower_repeat(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<Repeat>> {
        let span = self.span(&pair);
        let inner = self
            .children(&pair)
            .take_one_of(&[Rule::kw_once, Rule::every_days])?;
        let repeat = match inner.as_rule() {
            Rule::kw_once => Repeat::Once,
            Rule::every_days => Repeat::EveryDays(self.lower_every_days(inner)?),
            other => return Err(internal(self.span(&inner), other)),
        };
        Ok(Spanned::new(repeat, span))
    }

    fn lower_every_days(&self, pair: Pair<'_, Rule>) -> Lowered<u32> {
        let days = self.children(&pair).take(Rule::uint)?;
        Ok(self.lower_uint(days)?.node)
    }
}

//! Lowering of the top-level items: the dispatch over item kinds, the header (`strategy`,
//! `creditor`, `currency`, `timezone`, `hit`), `field` declarations with their types,
//! `segment` and `template`. Blocks and rules have their own files.

use super::children::Children;
use super::{Lowered, Lowerer};
use crate::diagnostics::Diagnostic;
use crate::source::Spanned;
use crate::syntax::ast::{FieldDecl, HitPolicy, Item, SegmentDecl, TemplateDecl, TypeExpr};
use crate::syntax::parser::Rule;
use crate::syntax::report::internal;
use crate::syntax::template::{decode_string, placeholders};
use pest::iterators::{Pair, Pairs};

impl Lowerer {
    /// Lower every item pair of a `file` or `item_chunk`, collecting one diagnostic per item
    /// that cannot be lowered.
    pub(crate) fn lower_items(&self, pairs: Pairs<'_, Rule>) -> (Vec<Item>, Vec<Diagnostic>) {
        let mut items = Vec::new();
        for pair in pairs.flat_map(|p| p.into_inner()) {
            if pair.as_rule() == Rule::EOI {
                continue;
            }
            self.operators.set(0);
            match self.lower_item(pair) {
                Ok(item) => items.push(item),
                Err(diagnostic) => self.diagnostics.borrow_mut().push(diagnostic),
            }
        }
        (items, self.diagnostics.take())
    }

    fn lower_item(&self, pair: Pair<'_, Rule>) -> Lowered<Item> {
        match pair.as_rule() {
            Rule::strategy_item => self.lower_strategy_item(pair),
            Rule::creditor_item => self.lower_creditor_item(pair),
            Rule::currency_item => self.lower_currency_item(pair),
            Rule::timezone_item => self.lower_timezone_item(pair),
            Rule::hit_item => self.lower_hit_item(pair),
            Rule::field_item => self.lower_field_item(pair).map(Item::Field),
            Rule::policy_item => self.lower_policy_item(pair).map(Item::Policy),
            Rule::segment_item => self.lower_segment_item(pair).map(Item::Segment),
            Rule::template_item => self.lower_template_item(pair).map(Item::Template),
            Rule::rule_item => self.lower_rule_item(pair).map(Item::Rule),
            Rule::test_item => self.lower_test_item(pair).map(Item::Test),
            other => Err(internal(self.span(&pair), other)),
        }
    }

    // ───────────── header ─────────────

    fn lower_strategy_item(&self, pair: Pair<'_, Rule>) -> Lowered<Item> {
        let mut c = self.children(&pair);
        let name = self.lower_string(c.take(Rule::string)?)?;
        let version = match c.take_opt(Rule::uint) {
            Some(p) => Some(self.lower_uint(p)?),
            None => None,
        };
        Ok(Item::Strategy {
            name,
            version,
            span: self.span(&pair),
        })
    }

    fn lower_creditor_item(&self, pair: Pair<'_, Rule>) -> Lowered<Item> {
        let mut c = self.children(&pair);
        let name = self.lower_string(c.take(Rule::string)?)?;
        let document = match c.take_opt(Rule::string) {
            Some(p) => Some(self.lower_string(p)?),
            None => None,
        };
        Ok(Item::Creditor {
            name,
            document,
            span: self.span(&pair),
        })
    }

    fn lower_currency_item(&self, pair: Pair<'_, Rule>) -> Lowered<Item> {
        let code = self.children(&pair).take(Rule::currency_code)?;
        Ok(Item::Currency(self.lower_ident(&code)))
    }

    fn lower_timezone_item(&self, pair: Pair<'_, Rule>) -> Lowered<Item> {
        let zone = self.children(&pair).take(Rule::string)?;
        Ok(Item::Timezone(self.lower_string(zone)?))
    }

    fn lower_hit_item(&self, pair: Pair<'_, Rule>) -> Lowered<Item> {
        let choice = self
            .children(&pair)
            .take_one_of(&[Rule::kw_first, Rule::kw_all])?;
        let span = self.span(&choice);
        let policy = match choice.as_rule() {
            Rule::kw_first => HitPolicy::First,
            Rule::kw_all => HitPolicy::All,
            other => return Err(internal(span, other)),
        };
        Ok(Item::Hit(Spanned::new(policy, span)))
    }

    // ───────────── fields ─────────────

    fn lower_field_item(&self, pair: Pair<'_, Rule>) -> Lowered<FieldDecl> {
        let mut c = self.children(&pair);
        let name = self.lower_ident(&c.take(Rule::ident)?);
        let ty = self.lower_type_expr(c.take(Rule::type_expr)?)?;
        Ok(FieldDecl {
            name,
            ty,
            span: self.span(&pair),
        })
    }

    fn lower_type_expr(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<TypeExpr>> {
        let span = self.span(&pair);
        let inner = self
            .children(&pair)
            .take_one_of(&[Rule::enum_type, Rule::type_name])?;
        let ty = match inner.as_rule() {
            Rule::enum_type => self.lower_enum_type(inner)?,
            Rule::type_name => self.lower_type_name(&inner)?,
            other => return Err(internal(self.span(&inner), other)),
        };
        Ok(Spanned::new(ty, span))
    }

    fn lower_enum_type(&self, pair: Pair<'_, Rule>) -> Lowered<TypeExpr> {
        let variants = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::ident)
            .map(|p| self.lower_ident(&p))
            .collect();
        Ok(TypeExpr::Enum(variants))
    }

    fn lower_type_name(&self, pair: &Pair<'_, Rule>) -> Lowered<TypeExpr> {
        Ok(match pair.as_str() {
            "int" => TypeExpr::Int,
            "money" => TypeExpr::Money,
            "percent" => TypeExpr::Percent,
            "date" => TypeExpr::Date,
            "days" => TypeExpr::Days,
            "text" => TypeExpr::Text,
            "bool" => TypeExpr::Bool,
            "channel" => TypeExpr::Channel,
            _ => return Err(internal(self.span(pair), Rule::type_name)),
        })
    }

    // ───────────── segments and templates ─────────────

    fn lower_segment_item(&self, pair: Pair<'_, Rule>) -> Lowered<SegmentDecl> {
        let mut c = self.children(&pair);
        let name = self.lower_ident(&c.take(Rule::ident)?);
        let condition = self.lower_expr(c.take(Rule::expr)?)?;
        Ok(SegmentDecl {
            name,
            condition,
            span: self.span(&pair),
        })
    }

    fn lower_template_item(&self, pair: Pair<'_, Rule>) -> Lowered<TemplateDecl> {
        let mut c = self.children(&pair);
        let name = self.lower_ident(&c.take(Rule::ident)?);
        let channel = self.lower_channel(&c.take(Rule::channel)?)?;
        let string = c.take(Rule::string)?;
        let body = Children::only(&string, Rule::string_body, self.span(&string))?;
        let body_start = self.span(&body).start as usize;
        let text = decode_string(body.as_str());
        let (names, problems) = placeholders(body.as_str(), body_start);
        self.diagnostics.borrow_mut().extend(problems);
        Ok(TemplateDecl {
            name,
            channel,
            text: Spanned::new(text, self.span(&string)),
            placeholders: names,
            span: self.span(&pair),
        })
    }
}

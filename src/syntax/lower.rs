//! Lowering: pest `Pair`s → the owned AST in [`super::ast`], one `lower_*` function per grammar
//! rule. Owns literal conversion (numbers, dates, strings, template placeholders) and the
//! expression limits that keep later recursive stages safe. Must not resolve names or types.

use super::ast::{
    Action, ActionKind, BinOp, Channel, ContactWindow, Expr, ExprKind, FieldDecl, Given, HitPolicy,
    Ident, Item, PolicyBlock, PolicySetting, Repeat, Rule as RuleAst, SegmentDecl, TemplateDecl,
    TestBlock, TypeExpr, Weekday,
};
use super::parser::{Rule, PRATT};
use super::template::{decode_string, placeholders};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{Span, Spanned};
use pest::iterators::{Pair, Pairs};
use rust_decimal::Decimal;
use std::cell::{Cell, RefCell};
use std::iter::Peekable;
use std::str::FromStr;

/// Most operators one item's expressions may hold: deeper trees would make every recursive
/// stage (checker, formatter, even `drop`) risk the stack. Real conditions use a handful.
pub(crate) const MAX_OPERATORS: usize = 2_000;

/// Most prefix operators (`not`, unary `-`) in a row: the Pratt parser recurses on each.
const MAX_PREFIX_RUN: usize = 64;

/// A lowering step either yields its node or the diagnostic that sinks the current item.
type Lowered<T> = Result<T, Diagnostic>;

/// Lowers the pairs of one parsed chunk of the file.
pub(crate) struct Lowerer {
    /// Byte offset of the chunk inside the file: pest positions are relative to the chunk.
    offset: usize,
    /// Errors that do not sink their item (a template placeholder problem keeps the template).
    diagnostics: RefCell<Vec<Diagnostic>>,
    /// Operators lowered so far in the current item (see [`MAX_OPERATORS`]).
    operators: Cell<usize>,
}

impl Lowerer {
    pub(crate) fn new(offset: usize) -> Self {
        Lowerer {
            offset,
            diagnostics: RefCell::new(Vec::new()),
            operators: Cell::new(0),
        }
    }

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

    /// The pair's span in the file, without the blanks and comments pest lets a rule swallow
    /// at its end (`a ~ b?` skips blanks even when `b` is absent).
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        let start = self.offset + s.start();
        Span::new(start, start + code_len(s.as_str()))
    }

    fn children<'i>(&self, pair: &Pair<'i, Rule>) -> Children<'i> {
        Children {
            pairs: pair.clone().into_inner().peekable(),
            parent: self.span(pair),
        }
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
        let policy = if choice.as_rule() == Rule::kw_all {
            HitPolicy::All
        } else {
            HitPolicy::First
        };
        Ok(Item::Hit(Spanned::new(policy, self.span(&choice))))
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
        let ty = if inner.as_rule() == Rule::enum_type {
            self.lower_enum_type(inner)?
        } else {
            lower_type_name(inner.as_str())
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

    // ───────────── policy ─────────────

    fn lower_policy_item(&self, pair: Pair<'_, Rule>) -> Lowered<PolicyBlock> {
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
                if which.as_rule() == Rule::kw_sundays {
                    PolicySetting::ContactOnSundays
                } else {
                    PolicySetting::ContactOnHolidays
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
        let first_day = lower_weekday(c.take(Rule::weekday)?.as_str());
        let last_day = match c.take_opt(Rule::weekday) {
            Some(p) => lower_weekday(p.as_str()),
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

    // ───────────── rules ─────────────

    fn lower_rule_item(&self, pair: Pair<'_, Rule>) -> Lowered<RuleAst> {
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

    fn lower_action(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<Action>> {
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
        let repeat = if inner.as_rule() == Rule::kw_once {
            Repeat::Once
        } else {
            Repeat::EveryDays(self.lower_every_days(inner)?)
        };
        Ok(Spanned::new(repeat, span))
    }

    fn lower_every_days(&self, pair: Pair<'_, Rule>) -> Lowered<u32> {
        let days = self.children(&pair).take(Rule::uint)?;
        Ok(self.lower_uint(days)?.node)
    }

    fn lower_channel(&self, pair: &Pair<'_, Rule>) -> Lowered<Spanned<Channel>> {
        let span = self.span(pair);
        Channel::parse(pair.as_str())
            .map(|c| Spanned::new(c, span))
            .ok_or_else(|| internal(span, Rule::channel))
    }

    // ───────────── tests ─────────────

    fn lower_test_item(&self, pair: Pair<'_, Rule>) -> Lowered<TestBlock> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        let name = self.lower_string(c.take(Rule::string)?)?;
        let mut test = TestBlock {
            name,
            given: Vec::new(),
            expect: Vec::new(),
            expect_rule: None,
            as_of: None,
            span,
        };
        for statement in pair
            .into_inner()
            .filter(|p| !is_keyword(p.as_rule()))
            .skip(1)
        {
            self.lower_test_statement(statement, &mut test)?;
        }
        Ok(test)
    }

    fn lower_test_statement(&self, pair: Pair<'_, Rule>, test: &mut TestBlock) -> Lowered<()> {
        let mut c = self.children(&pair);
        match pair.as_rule() {
            Rule::test_as_of => test.as_of = Some(self.lower_date(&c.take(Rule::date)?)?),
            Rule::test_given => {
                while let Some(binding) = c.take_opt(Rule::binding) {
                    test.given.push(self.lower_binding(binding)?);
                }
            }
            Rule::test_expect_rule => {
                test.expect_rule = Some(self.lower_string(c.take(Rule::string)?)?)
            }
            Rule::test_expect_nothing => {}
            Rule::test_expect => {
                while let Some(action) = c.take_opt(Rule::action) {
                    test.expect.push(self.lower_action(action)?);
                }
            }
            other => return Err(internal(self.span(&pair), other)),
        }
        Ok(())
    }

    fn lower_binding(&self, pair: Pair<'_, Rule>) -> Lowered<Given> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        let field = self.lower_ident(&c.take(Rule::ident)?);
        let value = match c.take_opt(Rule::given_value) {
            Some(v) => Some(self.lower_given_value(v)?),
            None => None,
        };
        Ok(Given { field, value, span })
    }

    fn lower_given_value(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        let negative = c.take_opt(Rule::op_neg).is_some();
        // Not `next_pair`: `true` and `false` are keyword pairs, and here they are the value.
        let value = self.lower_primary(c.next_any()?)?;
        if negative {
            Ok(negate(value, span))
        } else {
            Ok(value)
        }
    }

    // ───────────── expressions ─────────────

    /// Lower an `expr` or `arith` pair with the Pratt parser.
    fn lower_expr(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        self.check_operator_limits(&pair)?;
        PRATT
            .map_primary(|p| self.lower_primary(p))
            .map_prefix(|op, rhs| self.lower_prefix(op, rhs?))
            .map_postfix(|lhs, op| self.lower_postfix(lhs?, op))
            .map_infix(|lhs, op, rhs| self.lower_infix(lhs?, op, rhs?))
            .parse(pair.into_inner())
    }

    fn check_operator_limits(&self, pair: &Pair<'_, Rule>) -> Lowered<()> {
        let mut prefix_run = 0usize;
        let mut operators = self.operators.get();
        for p in pair.clone().into_inner() {
            let rule = p.as_rule();
            let is_prefix = matches!(rule, Rule::op_not | Rule::op_neg);
            prefix_run = if is_prefix { prefix_run + 1 } else { 0 };
            if is_prefix
                || is_infix(rule)
                || matches!(rule, Rule::in_set | Rule::between_range | Rule::is_test)
            {
                operators += 1;
            }
            if prefix_run > MAX_PREFIX_RUN {
                return Err(syntax_error(
                    self.span(&p),
                    format!("more than {MAX_PREFIX_RUN} `not` or `-` in a row"),
                    "remove the repeated operators: two `not` cancel out",
                ));
            }
            if operators > MAX_OPERATORS {
                return Err(syntax_error(
                    self.span(pair),
                    format!("this condition is too long (more than {MAX_OPERATORS} operators)"),
                    "split it into named segments (`segment NAME = ...`) and combine those",
                ));
            }
        }
        self.operators.set(operators);
        Ok(())
    }

    fn lower_primary(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::paren => return self.lower_expr(Children::only(&pair, Rule::expr, span)?),
            Rule::call => return self.lower_call(pair),
            Rule::ident => ExprKind::Name(pair.as_str().to_string()),
            Rule::number => ExprKind::Number(self.lower_decimal(pair)?.node),
            Rule::percent => ExprKind::Percent(self.lower_percent(pair)?.node),
            Rule::date => ExprKind::Date(self.lower_date(&pair)?.node),
            Rule::string => ExprKind::Text(self.lower_string(pair)?.node),
            Rule::kw_true => ExprKind::Bool(true),
            Rule::kw_false => ExprKind::Bool(false),
            other => return Err(internal(span, other)),
        };
        Ok(Expr::new(kind, span))
    }

    fn lower_call(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        let span = self.span(&pair);
        let mut c = self.children(&pair);
        let function = self.lower_ident(&c.take(Rule::ident)?);
        let mut args = Vec::new();
        while let Some(arg) = c.take_opt(Rule::expr) {
            args.push(self.lower_expr(arg)?);
        }
        Ok(Expr::new(ExprKind::Call { function, args }, span))
    }

    fn lower_prefix(&self, op: Pair<'_, Rule>, rhs: Expr) -> Lowered<Expr> {
        let span = self.span(&op).to(rhs.span);
        match op.as_rule() {
            Rule::op_not => Ok(Expr::new(ExprKind::Not(rhs), span)),
            Rule::op_neg => Ok(negate(rhs, span)),
            other => Err(internal(span, other)),
        }
    }

    fn lower_postfix(&self, lhs: Expr, op: Pair<'_, Rule>) -> Lowered<Expr> {
        let span = lhs.span.to(self.span(&op));
        let mut c = self.children(&op);
        let kind = match op.as_rule() {
            Rule::in_set => {
                let mut set = Vec::new();
                while let Some(element) = c.take_opt(Rule::expr) {
                    set.push(self.lower_expr(element)?);
                }
                ExprKind::In { value: lhs, set }
            }
            Rule::between_range => {
                let low = self.lower_expr(c.take(Rule::arith)?)?;
                let high = self.lower_expr(c.take(Rule::arith)?)?;
                ExprKind::Between {
                    value: lhs,
                    low,
                    high,
                }
            }
            Rule::is_test => {
                let which = c.take_one_of(&[Rule::kw_missing, Rule::kw_present])?;
                ExprKind::Is {
                    value: lhs,
                    present: which.as_rule() == Rule::kw_present,
                }
            }
            other => return Err(internal(span, other)),
        };
        Ok(Expr::new(kind, span))
    }

    fn lower_infix(&self, lhs: Expr, op: Pair<'_, Rule>, rhs: Expr) -> Lowered<Expr> {
        let op_span = self.span(&op);
        let bin = match op.as_rule() {
            Rule::op_or => BinOp::Or,
            Rule::op_and => BinOp::And,
            Rule::op_eq => BinOp::Eq,
            Rule::op_ne => BinOp::Ne,
            Rule::op_lt => BinOp::Lt,
            Rule::op_le => BinOp::Le,
            Rule::op_gt => BinOp::Gt,
            Rule::op_ge => BinOp::Ge,
            Rule::op_add => BinOp::Add,
            Rule::op_sub => BinOp::Sub,
            Rule::op_mul => BinOp::Mul,
            Rule::op_div => BinOp::Div,
            other => return Err(internal(op_span, other)),
        };
        let span = lhs.span.to(rhs.span);
        Ok(Expr::new(
            ExprKind::Binary {
                op: Spanned::new(bin, op_span),
                lhs,
                rhs,
            },
            span,
        ))
    }

    // ───────────── tokens ─────────────

    fn lower_ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Spanned::new(pair.as_str().to_string(), self.span(pair))
    }

    fn lower_string(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<String>> {
        let span = self.span(&pair);
        let body = Children::only(&pair, Rule::string_body, span)?;
        Ok(Spanned::new(decode_string(body.as_str()), span))
    }

    fn lower_uint(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<u32>> {
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

    fn lower_decimal(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<Decimal>> {
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
    fn lower_percent(&self, pair: Pair<'_, Rule>) -> Lowered<Spanned<Decimal>> {
        let span = self.span(&pair);
        let digits = Children::only(&pair, Rule::number_part, span)?;
        Ok(Spanned::new(self.lower_decimal(digits)?.node, span))
    }

    fn lower_date(&self, pair: &Pair<'_, Rule>) -> Lowered<Spanned<chrono::NaiveDate>> {
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
}

/// The children of a pair, walked in order. Keyword pairs (`kw_*`) are skipped unless asked for.
struct Children<'i> {
    pairs: Peekable<Pairs<'i, Rule>>,
    parent: Span,
}

impl<'i> Children<'i> {
    /// The single child of `pair` with `rule`.
    fn only(pair: &Pair<'i, Rule>, rule: Rule, span: Span) -> Lowered<Pair<'i, Rule>> {
        Children {
            pairs: pair.clone().into_inner().peekable(),
            parent: span,
        }
        .take(rule)
    }

    /// The next child with `rule`, skipping keywords before it.
    fn take(&mut self, rule: Rule) -> Lowered<Pair<'i, Rule>> {
        self.take_opt(rule).ok_or(internal(self.parent, rule))
    }

    /// The next child if (after keywords) it has `rule`; nothing is consumed otherwise.
    fn take_opt(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        self.take_if(|r| r == rule)
    }

    /// The next child, after keywords, if it has one of `rules`.
    fn take_one_of(&mut self, rules: &[Rule]) -> Lowered<Pair<'i, Rule>> {
        let parent = self.parent;
        let first = rules.first().copied().unwrap_or(Rule::EOI);
        self.take_if(|r| rules.contains(&r))
            .ok_or(internal(parent, first))
    }

    /// The next child that is not a keyword, whatever its rule.
    fn next_pair(&mut self) -> Lowered<Pair<'i, Rule>> {
        self.skip_keywords();
        self.pairs.next().ok_or(internal(self.parent, Rule::EOI))
    }

    /// The next child, keyword or not.
    fn next_any(&mut self) -> Lowered<Pair<'i, Rule>> {
        self.pairs.next().ok_or(internal(self.parent, Rule::EOI))
    }

    fn take_if(&mut self, wanted: impl Fn(Rule) -> bool) -> Option<Pair<'i, Rule>> {
        let mut lookahead = self.pairs.clone();
        let mut skipped = 0usize;
        while let Some(p) = lookahead.peek() {
            let rule = p.as_rule();
            if wanted(rule) {
                for _ in 0..skipped {
                    self.pairs.next();
                }
                return self.pairs.next();
            }
            if !is_keyword(rule) {
                return None;
            }
            skipped += 1;
            lookahead.next();
        }
        None
    }

    fn skip_keywords(&mut self) {
        while let Some(p) = self.pairs.peek() {
            if is_keyword(p.as_rule()) {
                self.pairs.next();
            } else {
                break;
            }
        }
    }
}

/// Length of `text` once trailing blanks and trailing comments are cut off.
fn code_len(text: &str) -> usize {
    let mut code = text.trim_end();
    loop {
        let line_start = code.rfind('\n').map_or(0, |k| k + 1);
        match super::scan::comment_start(&code[line_start..]) {
            Some(hash) => code = code[..line_start + hash].trim_end(),
            None => return code.len(),
        }
    }
}

/// `-x`: folded into a number literal (`-3`), otherwise a negation node.
fn negate(value: Expr, span: Span) -> Expr {
    match *value.kind {
        ExprKind::Number(n) => Expr::new(ExprKind::Number(-n), span),
        kind => Expr::new(ExprKind::Neg(Expr::new(kind, value.span)), span),
    }
}

fn lower_type_name(text: &str) -> TypeExpr {
    match text {
        "money" => TypeExpr::Money,
        "percent" => TypeExpr::Percent,
        "date" => TypeExpr::Date,
        "days" => TypeExpr::Days,
        "text" => TypeExpr::Text,
        "bool" => TypeExpr::Bool,
        "channel" => TypeExpr::Channel,
        _ => TypeExpr::Int,
    }
}

fn lower_weekday(text: &str) -> Weekday {
    Weekday::ALL
        .into_iter()
        .find(|d| d.as_str() == text)
        .unwrap_or(Weekday::Mon)
}

fn is_infix(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::op_or
            | Rule::op_and
            | Rule::op_eq
            | Rule::op_ne
            | Rule::op_lt
            | Rule::op_le
            | Rule::op_gt
            | Rule::op_ge
            | Rule::op_add
            | Rule::op_sub
            | Rule::op_mul
            | Rule::op_div
    )
}

/// Keyword pairs carry no data beyond their presence; lowering skips them by default.
pub(crate) fn is_keyword(rule: Rule) -> bool {
    super::errors::keyword_text(rule).is_some()
}

pub(crate) fn syntax_error(
    span: Span,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(Code::SyntaxError, span, message).with_help(help)
}

/// A grammar/lowering mismatch: a bug in strat, reported instead of panicking.
fn internal(span: Span, rule: Rule) -> Diagnostic {
    Diagnostic::error(
        Code::SyntaxError,
        span,
        format!("internal parser error: could not read a `{rule:?}` here"),
    )
    .with_help("this is a bug in strat; please report it with the file that caused it")
}

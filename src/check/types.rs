//! Typing of conditions: AST [`Expr`] → [`TExpr`] with a type and span on every node. Resolves
//! names (field, then segment, then — where the other operand is an enum or a channel — a
//! variant or channel name), gives number literals the type their context needs, and reports
//! `unknown-field` and `type-mismatch`. The arithmetic rules are those documented on
//! [`ops::arith`]. Must not look at rules, templates or policy.

use super::names::Names;
use super::ops::{self, CmpOp};
use super::phrases::{a_type, article, example};
use super::suggest::did_you_mean;
use super::typed::{TExpr, TExprKind};
use crate::diagnostics::{Code, Diagnostic};
use crate::schema::{Type, Value};
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{BinOp, Expr, ExprKind};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Types one condition at a time, pushing diagnostics as it goes.
pub struct Typer<'a, 'd> {
    pub source: &'a SourceFile,
    pub names: &'a Names<'a>,
    /// Segments with an index below this may be used (a segment sees only earlier ones).
    pub visible_segments: usize,
    pub out: &'d mut Vec<Diagnostic>,
}

fn is_ordered(ty: &Type) -> bool {
    ty.is_numeric() || *ty == Type::Date
}

impl Typer<'_, '_> {
    fn text(&self, span: Span) -> String {
        let s = self.source.slice(span).trim();
        if s.chars().count() > 40 {
            let cut: String = s.chars().take(37).collect();
            format!("{cut}...")
        } else {
            s.to_string()
        }
    }

    fn mismatch(&mut self, span: Span, message: String, label: String, help: String) {
        self.out.push(
            Diagnostic::error(Code::TypeMismatch, span, message)
                .with_label(label)
                .with_help(help),
        );
    }

    /// A condition: an expression of type bool.
    pub fn condition(&mut self, e: &Expr) -> Option<TExpr> {
        let t = self.infer(e, Some(&Type::Bool))?;
        if t.ty != Type::Bool {
            let text = self.text(e.span);
            let help = if t.ty.is_numeric() || t.ty == Type::Date {
                format!(
                    "compare it with a value, e.g. `{text} >= {}`",
                    example(&t.ty)
                )
            } else {
                format!(
                    "compare it with a value, e.g. `{text} = {}`",
                    example(&t.ty)
                )
            };
            self.mismatch(
                e.span,
                format!(
                    "a condition must be true or false, but `{text}` is {}",
                    a_type(&t.ty)
                ),
                format!("this is {}", t.ty.describe()),
                help,
            );
            return None;
        }
        Some(t)
    }

    /// Can this expression only be typed from its context (a bare number, an unresolved name)?
    fn is_flexible(&self, e: &Expr) -> bool {
        match &*e.kind {
            ExprKind::Number(_) => true,
            ExprKind::Neg(x) => self.is_flexible(x),
            ExprKind::Binary { op, lhs, rhs } if !op.node.is_comparison() => {
                !matches!(op.node, BinOp::And | BinOp::Or)
                    && self.is_flexible(lhs)
                    && self.is_flexible(rhs)
            }
            ExprKind::Name(n) => self.names.field(n).is_none() && self.names.segment(n).is_none(),
            _ => false,
        }
    }

    /// Type `e`; `expected` is the type its context would like (a hint for literals and
    /// variant names, not a requirement: callers compare the result).
    pub fn infer(&mut self, e: &Expr, expected: Option<&Type>) -> Option<TExpr> {
        let span = e.span;
        let node = |kind: TExprKind, ty: Type| Some(TExpr { kind, ty, span });
        match &*e.kind {
            ExprKind::Name(n) => {
                self.names
                    .resolve(n, span, expected, self.visible_segments, self.out)
            }
            ExprKind::Number(d) => self.number(*d, span, expected),
            ExprKind::Percent(d) => node(TExprKind::Const(Value::Percent(*d)), Type::Percent),
            ExprKind::Date(d) => node(TExprKind::Const(Value::Date(*d)), Type::Date),
            ExprKind::Text(t) => node(TExprKind::Text(t.clone()), Type::Text),
            ExprKind::Bool(b) => node(TExprKind::Const(Value::Bool(*b)), Type::Bool),
            ExprKind::Not(x) => {
                let x = self.condition(x)?;
                node(TExprKind::Not(Box::new(x)), Type::Bool)
            }
            ExprKind::Neg(x) => self.negate(x, span, expected),
            ExprKind::Binary { op, lhs, rhs } => match op.node {
                BinOp::And | BinOp::Or => {
                    let l = self.condition(lhs);
                    let r = self.condition(rhs);
                    let (l, r) = (Box::new(l?), Box::new(r?));
                    let kind = if op.node == BinOp::And {
                        TExprKind::And(l, r)
                    } else {
                        TExprKind::Or(l, r)
                    };
                    node(kind, Type::Bool)
                }
                o => match CmpOp::of(o) {
                    Some(cmp) => self.compare(cmp, lhs, rhs, span),
                    None => self.arith(o, op.span, lhs, rhs, span, expected),
                },
            },
            ExprKind::In { value, set } => {
                let v = self.infer(value, None)?;
                let mut items = Vec::with_capacity(set.len());
                let mut ok = true;
                for item in set {
                    match self.infer(item, Some(&v.ty)) {
                        Some(t) if t.ty == v.ty => items.push(t),
                        Some(t) => {
                            ok = false;
                            self.operand_mismatch(&v, &t, "is not in the list's type");
                        }
                        None => ok = false,
                    }
                }
                ok.then_some(())?;
                node(
                    TExprKind::In {
                        value: Box::new(v),
                        set: items,
                    },
                    Type::Bool,
                )
            }
            ExprKind::Between { value, low, high } => {
                let v = self.infer(value, None)?;
                let lo = self.infer(low, Some(&v.ty));
                let hi = self.infer(high, Some(&v.ty));
                let (lo, hi) = (lo?, hi?);
                if !is_ordered(&v.ty) {
                    self.unordered(&v, "between");
                    return None;
                }
                let mut ok = true;
                for bound in [&lo, &hi] {
                    if bound.ty != v.ty {
                        ok = false;
                        self.operand_mismatch(&v, bound, "cannot bound it");
                    }
                }
                ok.then_some(())?;
                node(
                    TExprKind::Between {
                        value: Box::new(v),
                        low: Box::new(lo),
                        high: Box::new(hi),
                    },
                    Type::Bool,
                )
            }
            ExprKind::Is { value, present } => {
                let v = self.infer(value, None)?;
                node(
                    TExprKind::IsPresent {
                        value: Box::new(v),
                        present: *present,
                    },
                    Type::Bool,
                )
            }
            ExprKind::Call { function, args } => self.call(function, args, span),
        }
    }

    fn number(&mut self, d: Decimal, span: Span, expected: Option<&Type>) -> Option<TExpr> {
        let whole = if d.fract().is_zero() {
            d.to_i64()
        } else {
            None
        };
        let (value, ty) = match expected {
            Some(Type::Int) | Some(Type::Days) => {
                let Some(n) = whole else {
                    let ty = expected.cloned().unwrap_or(Type::Int);
                    self.mismatch(
                        span,
                        format!(
                            "`{d}` is not a whole number, but {} is counted in whole units",
                            ty.describe()
                        ),
                        format!("expected {}", ty.describe()),
                        format!("write a whole number such as `{}`", d.trunc()),
                    );
                    return None;
                };
                if expected == Some(&Type::Days) {
                    (Value::Days(n), Type::Days)
                } else {
                    (Value::Int(n), Type::Int)
                }
            }
            Some(Type::Money) => (Value::Money(d), Type::Money),
            Some(Type::Percent) => {
                self.mismatch(
                    span,
                    format!("the number `{d}` is compared with a percent"),
                    "expected a percent".into(),
                    format!("write percentages with `%`: `{d}%`"),
                );
                return None;
            }
            _ => match whole {
                Some(n) => (Value::Int(n), Type::Int),
                None => (Value::Money(d), Type::Money),
            },
        };
        Some(TExpr {
            kind: TExprKind::Const(value),
            ty,
            span,
        })
    }

    fn negate(&mut self, x: &Expr, span: Span, expected: Option<&Type>) -> Option<TExpr> {
        let t = self.infer(x, expected)?;
        let folded = match &t.kind {
            TExprKind::Const(Value::Int(n)) => Some(Value::Int(-n)),
            TExprKind::Const(Value::Days(n)) => Some(Value::Days(-n)),
            TExprKind::Const(Value::Money(m)) => Some(Value::Money(-m)),
            TExprKind::Const(Value::Percent(p)) => Some(Value::Percent(-p)),
            _ => None,
        };
        if !t.ty.is_numeric() {
            let text = self.text(x.span);
            self.mismatch(
                span,
                format!("`-` needs a number, but `{text}` is {}", a_type(&t.ty)),
                t.ty.describe(),
                "only numbers, money, percentages and days can be negative".into(),
            );
            return None;
        }
        let ty = t.ty.clone();
        let kind = match folded {
            Some(v) => TExprKind::Const(v),
            None => TExprKind::Neg(Box::new(t)),
        };
        Some(TExpr { kind, ty, span })
    }

    /// Type both operands, the context-free one first so a literal takes its type.
    fn pair(
        &mut self,
        lhs: &Expr,
        rhs: &Expr,
        hint: impl Fn(&Type) -> Option<Type>,
    ) -> Option<(TExpr, TExpr)> {
        if self.is_flexible(lhs) && !self.is_flexible(rhs) {
            let r = self.infer(rhs, None)?;
            let l = self.infer(lhs, hint(&r.ty).as_ref())?;
            Some((l, r))
        } else {
            let l = self.infer(lhs, None);
            if l.is_none() && self.is_flexible(rhs) {
                // `tier = gold` with `tier` unknown: `gold` cannot be judged, say nothing more.
                return None;
            }
            let r = self.infer(rhs, l.as_ref().and_then(|l| hint(&l.ty)).as_ref());
            Some((l?, r?))
        }
    }

    fn operand_mismatch(&mut self, l: &TExpr, r: &TExpr, what: &str) {
        let (lt, rt) = (self.text(l.span), self.text(r.span));
        let help = match (&l.ty, &r.ty) {
            (Type::Date, t) | (t, Type::Date) if t.is_numeric() => format!(
                "a date is not a number of days; compare dates with dates (e.g. `{}`) or use `days_since(...)`",
                example(&Type::Date)
            ),
            _ => format!(
                "a field never changes type: compare `{lt}` with {} {} value such as `{}`",
                article(&l.ty),
                l.ty.describe(),
                example(&l.ty)
            ),
        };
        // Primary on the right operand, secondary on the left: miette draws overlapping
        // spans poorly, and the right side is usually what was typed wrong.
        self.out.push(
            Diagnostic::error(
                Code::TypeMismatch,
                r.span,
                format!(
                    "`{lt}` is {} but `{rt}` is {}: {what}",
                    a_type(&l.ty),
                    a_type(&r.ty)
                ),
            )
            .with_label(r.ty.describe())
            .with_secondary(l.span, l.ty.describe())
            .with_help(help),
        );
    }

    fn unordered(&mut self, v: &TExpr, op: &str) {
        let text = self.text(v.span);
        self.mismatch(
            v.span,
            format!(
                "`{op}` needs numbers, money, days or dates, but `{text}` is {}",
                a_type(&v.ty)
            ),
            v.ty.describe(),
            "use `=`, `!=` or `in [...]` for values without an order".into(),
        );
    }

    fn compare(&mut self, op: CmpOp, lhs: &Expr, rhs: &Expr, span: Span) -> Option<TExpr> {
        let (l, r) = self.pair(lhs, rhs, |t| Some(t.clone()))?;
        if l.ty != r.ty {
            self.operand_mismatch(&l, &r, "they cannot be compared");
            return None;
        }
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) && !is_ordered(&l.ty) {
            self.unordered(&l, op.as_str());
            return None;
        }
        Some(TExpr {
            kind: TExprKind::Compare {
                op,
                lhs: Box::new(l),
                rhs: Box::new(r),
            },
            ty: Type::Bool,
            span,
        })
    }

    fn arith(
        &mut self,
        op: BinOp,
        op_span: Span,
        lhs: &Expr,
        rhs: &Expr,
        span: Span,
        expected: Option<&Type>,
    ) -> Option<TExpr> {
        let outer = expected.filter(|t| t.is_numeric()).cloned();
        let (l, r) = if self.is_flexible(lhs) && self.is_flexible(rhs) {
            let l = self.infer(lhs, outer.as_ref());
            let r = self.infer(rhs, outer.as_ref());
            (l?, r?)
        } else {
            self.pair(lhs, rhs, |t| match (op, t) {
                (BinOp::Add | BinOp::Sub, Type::Date) => Some(Type::Days),
                (_, t) if t.is_numeric() => Some(t.clone()),
                _ => None,
            })?
        };
        let Some((arith, ty)) = ops::arith(op, &l.ty, &r.ty) else {
            let (lt, rt) = (self.text(l.span), self.text(r.span));
            self.out.push(
                Diagnostic::error(
                    Code::TypeMismatch,
                    op_span,
                    format!(
                        "cannot apply `{}` to `{lt}` ({}) and `{rt}` ({})",
                        op.as_str(),
                        l.ty.describe(),
                        r.ty.describe()
                    ),
                )
                .with_label("no such arithmetic")
                .with_secondary(l.span, l.ty.describe())
                .with_secondary(r.span, r.ty.describe())
                .with_help("arithmetic works on two values of the same kind, money × percent, money × or ÷ int, and date ± days"),
            );
            return None;
        };
        Some(TExpr {
            kind: TExprKind::Arith {
                op: arith,
                lhs: Box::new(l),
                rhs: Box::new(r),
            },
            ty,
            span,
        })
    }

    fn call(
        &mut self,
        function: &crate::syntax::ast::Ident,
        args: &[Expr],
        span: Span,
    ) -> Option<TExpr> {
        let name = function.node.as_str();
        if !matches!(name, "days_since" | "days_until") {
            let help = did_you_mean(name, ["days_since", "days_until"]).unwrap_or_else(|| {
                "the functions are `days_since(date)` and `days_until(date)`".into()
            });
            self.out.push(
                Diagnostic::error(
                    Code::UnknownField,
                    function.span,
                    format!("unknown function `{name}`"),
                )
                .with_label("not a function")
                .with_help(help),
            );
            return None;
        }
        let [arg] = args else {
            self.mismatch(
                span,
                format!(
                    "`{name}` takes exactly one date, but {} were given",
                    args.len()
                ),
                "wrong number of arguments".into(),
                format!("write e.g. `{name}(last_payment)`"),
            );
            return None;
        };
        let a = self.infer(arg, Some(&Type::Date))?;
        if a.ty != Type::Date {
            let text = self.text(a.span);
            self.mismatch(
                a.span,
                format!("`{name}` needs a date, but `{text}` is {}", a_type(&a.ty)),
                "expected a date".into(),
                format!("pass a date field, e.g. `{name}(last_payment)`"),
            );
            return None;
        }
        let kind = if name == "days_since" {
            TExprKind::DaysSince(Box::new(a))
        } else {
            TExprKind::DaysUntil(Box::new(a))
        };
        Some(TExpr {
            kind,
            ty: Type::Days,
            span,
        })
    }
}

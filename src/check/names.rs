//! What a bare name in a condition means: a field (by slot), else a segment declared above,
//! else — where the other operand is an enum or a channel — one of its variants or a channel
//! name. Owns [`Names`] and the `unknown-field` reports for names that are none of these;
//! used by the typer in [`super::types`].

use super::phrases::quoted_list;
use super::suggest::did_you_mean;
use super::typed::{TExpr, TExprKind};
use super::FieldInfo;
use crate::diagnostics::{Code, Diagnostic};
use crate::schema::{Channel, Type, Value};
use crate::source::Span;
use std::collections::HashMap;

/// The names a condition can use: fields (by slot) and segments (by declaration index).
pub struct Names<'a> {
    pub fields: &'a [FieldInfo],
    field_index: HashMap<&'a str, usize>,
    pub segments: Vec<&'a str>,
    segment_index: HashMap<&'a str, usize>,
}

impl<'a> Names<'a> {
    pub fn new(fields: &'a [FieldInfo], segments: Vec<&'a str>) -> Self {
        let mut field_index = HashMap::new();
        for (i, f) in fields.iter().enumerate() {
            field_index.entry(f.name.as_str()).or_insert(i);
        }
        let mut segment_index = HashMap::new();
        for (i, s) in segments.iter().enumerate() {
            segment_index.entry(*s).or_insert(i);
        }
        Names {
            fields,
            field_index,
            segments,
            segment_index,
        }
    }

    pub fn field(&self, name: &str) -> Option<&'a FieldInfo> {
        self.field_index.get(name).and_then(|&i| self.fields.get(i))
    }

    pub fn segment(&self, name: &str) -> Option<usize> {
        self.segment_index.get(name).copied()
    }

    fn candidates(&self) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .map(|f| f.name.as_str())
            .chain(self.segments.iter().copied())
    }
}

/// The name of the value of `ty` in the constant's value, if it has one.
pub fn variant_value(ty: &Type, name: &str) -> Option<Value> {
    match ty {
        Type::Enum { variants, .. } => variants
            .iter()
            .position(|v| v == name)
            .and_then(|i| u32::try_from(i).ok())
            .map(Value::Enum),
        Type::Channel => Channel::parse(name).map(Value::Channel),
        _ => None,
    }
}

impl Names<'_> {
    /// What the name `n` at `span` means where `expected` is the type its context would like;
    /// a segment is usable only if its index is below `visible_segments`. Reports why not
    /// into `out`.
    pub fn resolve(
        &self,
        n: &str,
        span: Span,
        expected: Option<&Type>,
        visible_segments: usize,
        out: &mut Vec<Diagnostic>,
    ) -> Option<TExpr> {
        let field = self.field(n);
        if let Some(exp @ (Type::Enum { .. } | Type::Channel)) = expected {
            if field.is_none_or(|f| f.ty != *exp) {
                if let Some(v) = variant_value(exp, n) {
                    return Some(TExpr {
                        kind: TExprKind::Const(v),
                        ty: exp.clone(),
                        span,
                    });
                }
            }
        }
        if let Some(f) = field {
            return Some(TExpr {
                kind: TExprKind::Field(f.slot),
                ty: f.ty.clone(),
                span,
            });
        }
        if let Some(index) = self.segment(n) {
            if index < visible_segments {
                return Some(TExpr {
                    kind: TExprKind::Segment(index),
                    ty: Type::Bool,
                    span,
                });
            }
            out.push(
                Diagnostic::error(
                    Code::UnknownField,
                    span,
                    format!("the segment `{n}` is not declared before this one"),
                )
                .with_label("declared later (or this segment itself)")
                .with_help(format!(
                    "a segment may use only segments declared above it; move `{n}` up"
                )),
            );
            return None;
        }
        if let Some(exp @ (Type::Enum { .. } | Type::Channel)) = expected {
            let (what, variants): (String, Vec<&str>) = match exp {
                Type::Enum { name, variants } => (
                    format!("a variant of `{name}`"),
                    variants.iter().map(String::as_str).collect(),
                ),
                _ => (
                    "a channel".to_string(),
                    Channel::ALL.iter().map(|c| c.as_str()).collect(),
                ),
            };
            let help = did_you_mean(n, variants.iter().copied())
                .unwrap_or_else(|| format!("the possible values are {}", quoted_list(&variants)));
            out.push(
                Diagnostic::error(
                    Code::TypeMismatch,
                    span,
                    format!("`{n}` is not {what}, nor a field or segment"),
                )
                .with_label(format!("expected {}", exp.describe()))
                .with_help(help),
            );
            return None;
        }
        let help = did_you_mean(n, self.candidates()).unwrap_or_else(|| {
            format!("declare it as a portfolio column, e.g. `field {n}: int`, or see `strat fields` for the built-in fields")
        });
        out.push(
            Diagnostic::error(Code::UnknownField, span, format!("unknown field `{n}`"))
                .with_label("not a field or segment")
                .with_help(help),
        );
        None
    }
}

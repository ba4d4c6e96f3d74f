//! Printing conditions with the fewest parentheses that keep the same tree: an operand is
//! parenthesized only when its operator binds more loosely than its position requires.
//! Must mirror the precedence table in `syntax::parser` (loosest first: or, and, not,
//! comparison/in/between/is, + -, * /, unary -).

use super::literal::{date, decimal, quoted};
use crate::syntax::ast::{BinOp, Expr, ExprKind};

const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const COMPARE: u8 = 4;
const SUM: u8 = 5;
const PRODUCT: u8 = 6;
const NEG: u8 = 7;
const ATOM: u8 = 8;

/// The canonical text of an expression.
pub(crate) fn expr(e: &Expr) -> String {
    let mut out = String::new();
    write(e, 0, &mut out);
    out
}

fn precedence(e: &Expr) -> u8 {
    match &*e.kind {
        ExprKind::Binary { op, .. } => binary_precedence(op.node),
        ExprKind::Not(_) => NOT,
        ExprKind::In { .. } | ExprKind::Between { .. } | ExprKind::Is { .. } => COMPARE,
        ExprKind::Neg(_) => NEG,
        _ => ATOM,
    }
}

fn binary_precedence(op: BinOp) -> u8 {
    match op {
        BinOp::Or => OR,
        BinOp::And => AND,
        BinOp::Add | BinOp::Sub => SUM,
        BinOp::Mul | BinOp::Div => PRODUCT,
        _ => COMPARE,
    }
}

/// Write `e` where an operand of at least precedence `min` is expected.
fn write(e: &Expr, min: u8, out: &mut String) {
    let wrap = precedence(e) < min;
    if wrap {
        out.push('(');
    }
    write_bare(e, out);
    if wrap {
        out.push(')');
    }
}

fn write_bare(e: &Expr, out: &mut String) {
    match &*e.kind {
        ExprKind::Name(name) => out.push_str(name),
        ExprKind::Number(n) => out.push_str(&decimal(*n)),
        ExprKind::Percent(p) => {
            out.push_str(&decimal(*p));
            out.push('%');
        }
        ExprKind::Date(d) => out.push_str(&date(*d)),
        ExprKind::Text(t) => out.push_str(&quoted(t)),
        ExprKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        ExprKind::Not(inner) => {
            out.push_str("not ");
            write(inner, NOT, out);
        }
        ExprKind::Neg(inner) => {
            out.push('-');
            let mut operand = String::new();
            write(inner, NEG, &mut operand);
            // `- -x`, not `--x`: keep the two signs visibly apart.
            if operand.starts_with('-') {
                out.push(' ');
            }
            out.push_str(&operand);
        }
        ExprKind::Binary { op, lhs, rhs } => {
            let p = binary_precedence(op.node);
            write(lhs, p, out);
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            write(rhs, p + 1, out);
        }
        ExprKind::In { value, set } => {
            write(value, SUM, out);
            out.push_str(" in [");
            for (i, element) in set.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(element, 0, out);
            }
            out.push(']');
        }
        ExprKind::Between { value, low, high } => {
            write(value, SUM, out);
            out.push_str(" between ");
            write(low, SUM, out);
            out.push_str(" and ");
            write(high, SUM, out);
        }
        ExprKind::Is { value, present } => {
            write(value, SUM, out);
            out.push_str(if *present {
                " is present"
            } else {
                " is missing"
            });
        }
        ExprKind::Call { function, args } => {
            out.push_str(function);
            out.push('(');
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(arg, 0, out);
            }
            out.push(')');
        }
    }
}

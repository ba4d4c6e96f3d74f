//! Plan writers for people and pipes: JSON Lines (one action per line, fixed field order,
//! decimals as strings, so two runs on the same input are byte-identical), a fixed-width
//! table, and the [`TextSink`] that writes either. Must not decide anything about actions.

use super::action::{format_rfc3339, Action, ActionKind, Offer, Status};
use super::sink::{PlanSink, Shard, SinkError, TextFormat};
use crate::money::format::{brl, date_br, percent_br};
use chrono::NaiveDate;
use std::io::{self, Write};

/// JSON Lines or a table, written to `out` (stdout for `strat plan`).
pub struct TextSink<W: Write> {
    out: W,
    format: TextFormat,
    header_written: bool,
}

impl<W: Write> TextSink<W> {
    pub fn new(out: W, format: TextFormat) -> Self {
        TextSink {
            out,
            format,
            header_written: false,
        }
    }
}

impl<W: Write> PlanSink for TextSink<W> {
    fn text_format(&self) -> Option<TextFormat> {
        Some(self.format)
    }

    fn keeps_actions(&self) -> bool {
        false
    }

    fn begin_day(&mut self, _: NaiveDate, _: &str, _: u32) -> Result<(), SinkError> {
        Ok(())
    }

    fn deliver(&mut self, shard: &Shard) -> Result<(), SinkError> {
        if shard.text.is_empty() {
            return Ok(());
        }
        if self.format == TextFormat::Table && !self.header_written {
            write_table_header(&mut self.out).map_err(SinkError::Write)?;
            self.header_written = true;
        }
        self.out.write_all(&shard.text).map_err(SinkError::Write)
    }

    fn end_day(&mut self) -> Result<(), SinkError> {
        if self.format == TextFormat::Table && !self.header_written {
            write_table_empty(&mut self.out).map_err(SinkError::Write)?;
        }
        self.out.flush().map_err(SinkError::Write)
    }
}

/// The table's columns and their widths (0: as wide as the value).
const COLUMNS: [(&str, usize); 7] = [
    ("debtor", 10),
    ("rule", 22),
    ("kind", 9),
    ("channel", 9),
    ("scheduled_for", 26),
    ("status", 11),
    ("detail", 0),
];

/// One action as one JSON line (the JSON Lines format's unit; shards of a plan written on
/// several threads are concatenations of these).
pub fn write_json_line(out: &mut impl Write, action: &Action) -> io::Result<()> {
    serde_json::to_writer(&mut *out, action)?;
    out.write_all(b"\n")
}

/// The table's header line (written once, before the first row).
pub fn write_table_header(out: &mut impl Write) -> io::Result<()> {
    let names = COLUMNS.map(|(name, _)| name.to_string());
    writeln!(out, "{}", table_line(&names))
}

/// What the table says when the plan is empty (instead of a header).
pub fn write_table_empty(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "no actions")
}

/// One action as one table row.
pub fn write_table_row(out: &mut impl Write, action: &Action) -> io::Result<()> {
    let cells = [
        action.debtor_id.clone(),
        action.rule.clone(),
        action.kind.as_str().to_string(),
        action
            .channel
            .map(|c| c.as_str())
            .unwrap_or("-")
            .to_string(),
        format_rfc3339(&action.scheduled_for),
        action.status.as_str().to_string(),
        detail(action),
    ];
    writeln!(out, "{}", table_line(&cells))
}

fn table_line(cells: &[String; 7]) -> String {
    let mut line = String::new();
    for (cell, (_, width)) in cells.iter().zip(COLUMNS) {
        line.push_str(cell);
        let used = cell.chars().count();
        let pad = if width == 0 {
            0
        } else {
            width.saturating_sub(used).max(1)
        };
        line.extend(std::iter::repeat_n(' ', pad));
    }
    line.trim_end().to_string()
}

/// The one column that says what the action is about: the suppression reason, else the
/// offer, target or rendered text.
pub fn detail(action: &Action) -> String {
    if action.status == Status::Suppressed {
        return action.reason.clone().unwrap_or_default();
    }
    if let Some(offer) = &action.offer {
        return describe_offer(offer);
    }
    if let Some(target) = &action.target {
        return target.clone();
    }
    let fallback = match action.kind {
        ActionKind::Bureau => "report to bureau",
        ActionKind::Suspend => "suspend service",
        _ => "",
    };
    action
        .text
        .clone()
        .or_else(|| action.template.as_ref().map(|t| format!("template {t}")))
        .unwrap_or_else(|| fallback.to_string())
}

/// `6 x R$ 173,33 (total R$ 1.040,00), first due 18/03/2025` or
/// `20% off: R$ 832,00 instead of R$ 1.040,00 until 18/03/2025`.
pub fn describe_offer(offer: &Offer) -> String {
    match offer {
        Offer::Installments(plan) => match plan.first_due() {
            Some(first) => format!(
                "{} x {} (total {}), first due {}",
                plan.count,
                brl(plan.installment_value()),
                brl(plan.total),
                date_br(first)
            ),
            None => format!("{} installments, total {}", plan.count, brl(plan.total)),
        },
        Offer::Discount(discount) => format!(
            "{} off: {} instead of {} until {}",
            percent_br(discount.pct_applied),
            brl(discount.discounted_total),
            brl(discount.discounted_total + discount.discount_amount),
            date_br(discount.deadline)
        ),
    }
}

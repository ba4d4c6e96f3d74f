//! Which debtors and which of their contacts a stream reads, and the contact scope as an SQL
//! condition.

use crate::schema::Channel;
use chrono::NaiveDate;

/// Which debtors a stream reads (ids compare as bytes, SQLite's default collation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Debtors<'a> {
    All,
    One(&'a str),
    /// Ids from `from` (inclusive) to `to` (exclusive; `None`: to the last): one shard of a
    /// portfolio planned on several threads.
    Range {
        from: &'a str,
        to: Option<&'a str>,
    },
}

/// Which stored contacts a stream reads. Everything reads them all except `strat plan`,
/// which needs only part of each debtor's history for one as-of date (`plan::scope` says
/// which) and leaves the rest in SQLite: on the benchmark portfolio, contacts (reading them
/// and planning with them) were about a tenth of a plan's instructions.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactScope {
    /// `None`: every contact. Otherwise only contacts whose local date (the date part of the
    /// stored RFC 3339 text, in the offset it was recorded with) is on or after this day,
    /// plus those matching `channels` or `rules`.
    pub since: Option<NaiveDate>,
    /// Contacts on these channels, whatever their date.
    pub channels: Vec<Channel>,
    /// Contacts that name one of these rules, whatever their date.
    pub rules: Vec<String>,
}

impl ContactScope {
    /// Every contact.
    pub fn all() -> ContactScope {
        ContactScope::default()
    }

    /// The SQL condition on `contacts` (empty for every contact). Literals, not parameters:
    /// the six queries share one parameter list.
    pub(super) fn condition(&self) -> String {
        let Some(since) = self.since else {
            return String::new();
        };
        let mut any = vec![format!("at >= {}", sql_text(&since.to_string()))];
        if !self.channels.is_empty() {
            let names = sql_list(self.channels.iter().map(|c| c.as_str()));
            any.push(format!("channel IN ({names})"));
        }
        if !self.rules.is_empty() {
            let names = sql_list(self.rules.iter().map(String::as_str));
            any.push(format!("rule IN ({names})"));
        }
        format!("({})", any.join(" OR "))
    }
}

/// A SQL string literal (quotes doubled).
pub(super) fn sql_text(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// SQL string literals, comma-separated.
pub(super) fn sql_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.map(sql_text).collect::<Vec<_>>().join(", ")
}

//! The vocabulary shared by every stage: value types, the built-in fields every portfolio
//! provides, runtime values, and the words strategies, portfolios and plans all use (channels,
//! weekdays and contact windows, the hit policy, repetition, operators). Owns no logic beyond
//! naming; must not depend on any other module of the crate but [`crate::source`].

mod calendar;
mod channel;
mod rule;

pub use calendar::{ContactWindow, Weekday};
pub use channel::Channel;
pub use rule::{BinOp, HitPolicy, Repeat};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

/// The type of a field, a literal in context, or an expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Type {
    Int,
    Money,
    Percent,
    Date,
    /// A duration in whole days.
    Days,
    Text,
    Bool,
    Channel,
    /// A declared enum: the field's name is the enum's name; variants in declaration order.
    Enum {
        name: String,
        variants: Vec<String>,
    },
}

impl Type {
    /// How the type is spelled to the analyst in messages.
    pub fn describe(&self) -> String {
        match self {
            Type::Int => "int".into(),
            Type::Money => "money".into(),
            Type::Percent => "percent".into(),
            Type::Date => "date".into(),
            Type::Days => "days".into(),
            Type::Text => "text".into(),
            Type::Bool => "bool".into(),
            Type::Channel => "channel".into(),
            Type::Enum { variants, .. } => format!("enum({})", variants.join(", ")),
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Money | Type::Percent | Type::Days)
    }
}

macro_rules! builtins {
    ($( $(#[doc = $doc:literal])* $variant:ident => $name:literal : $ty:ident, )*) => {
        /// The fields every portfolio provides, derived per debtor for the as-of date
        /// (PRODUCT.md §3). Their slot in a [`crate::schema::Row`] is their position here.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Builtin {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Builtin {
            pub const ALL: &'static [Builtin] = &[ $( Builtin::$variant, )* ];

            pub fn name(self) -> &'static str {
                match self { $( Builtin::$variant => $name, )* }
            }

            pub fn ty(self) -> Type {
                match self { $( Builtin::$variant => Type::$ty, )* }
            }

            pub fn doc(self) -> &'static str {
                match self { $( Builtin::$variant => concat!($($doc),*), )* }
            }
        }
    };
}

builtins! {
    /// Open principal of all the debtor's debts on the as-of date.
    Balance => "balance": Money,
    /// Open principal plus late fee and interest per policy, rounded per debt.
    UpdatedBalance => "updated_balance": Money,
    /// Days since the oldest open due date (0 when nothing is overdue).
    DaysOverdue => "days_overdue": Days,
    /// Days until the next open due date not yet past (missing when there is none).
    DaysToDue => "days_to_due": Days,
    /// Number of debts with open principal.
    OpenDebts => "open_debts": Int,
    /// Number of debts that were paid after their due date (past delays).
    PreviousDelays => "previous_delays": Int,
    /// Date of the latest payment on or before the as-of date (missing when none).
    LastPayment => "last_payment": Date,
    /// Days since `last_payment` (missing when none).
    DaysSinceLastPayment => "days_since_last_payment": Days,
    /// An agreement (negotiated plan) is in force.
    HasAgreement => "has_agreement": Bool,
    /// The oldest open due date (missing when no debt is open).
    DueDate => "due_date": Date,
    /// Contacts on any channel in the last 7 days.
    Contacts7d => "contacts_7d": Int,
    /// Contacts on any channel in the last 30 days.
    Contacts30d => "contacts_30d": Int,
    /// Emails in the last 7 days.
    EmailContacts7d => "email_contacts_7d": Int,
    /// Emails in the last 30 days.
    EmailContacts30d => "email_contacts_30d": Int,
    /// SMS in the last 7 days.
    SmsContacts7d => "sms_contacts_7d": Int,
    /// SMS in the last 30 days.
    SmsContacts30d => "sms_contacts_30d": Int,
    /// WhatsApp messages in the last 7 days.
    WhatsappContacts7d => "whatsapp_contacts_7d": Int,
    /// WhatsApp messages in the last 30 days.
    WhatsappContacts30d => "whatsapp_contacts_30d": Int,
    /// Letters in the last 7 days.
    LetterContacts7d => "letter_contacts_7d": Int,
    /// Letters in the last 30 days.
    LetterContacts30d => "letter_contacts_30d": Int,
    /// Calls in the last 7 days.
    CallContacts7d => "call_contacts_7d": Int,
    /// Calls in the last 30 days.
    CallContacts30d => "call_contacts_30d": Int,
    /// The debtor's full name.
    Name => "name": Text,
    /// The first word of the debtor's name.
    FirstName => "first_name": Text,
    /// The debtor's CPF or CNPJ.
    Document => "document": Text,
    /// The debtor's email address (missing when none).
    Email => "email": Text,
    /// The debtor's phone number (missing when none).
    Phone => "phone": Text,
}

impl Builtin {
    pub fn slot(self) -> usize {
        self as usize
    }

    pub fn from_name(name: &str) -> Option<Builtin> {
        Builtin::ALL.iter().copied().find(|b| b.name() == name)
    }

    /// The recent-contact count field for a channel and window (7 or 30 days).
    pub fn contacts_for(channel: Option<Channel>, days_30: bool) -> Builtin {
        use Builtin::*;
        match (channel, days_30) {
            (None, false) => Contacts7d,
            (None, true) => Contacts30d,
            (Some(Channel::Email), false) => EmailContacts7d,
            (Some(Channel::Email), true) => EmailContacts30d,
            (Some(Channel::Sms), false) => SmsContacts7d,
            (Some(Channel::Sms), true) => SmsContacts30d,
            (Some(Channel::Whatsapp), false) => WhatsappContacts7d,
            (Some(Channel::Whatsapp), true) => WhatsappContacts30d,
            (Some(Channel::Letter), false) => LetterContacts7d,
            (Some(Channel::Letter), true) => LetterContacts30d,
            (Some(Channel::Call), false) => CallContacts7d,
            (Some(Channel::Call), true) => CallContacts30d,
        }
    }
}

/// Number of built-in slots; custom fields take slots from here on, in declaration order.
pub const BUILTIN_SLOTS: usize = Builtin::ALL.len();

/// A runtime value in a row slot. `Copy`, so evaluating never allocates; text lives in the
/// row's `texts` buffer at the same slot and `Value::Text` only says it is present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Value {
    #[default]
    Missing,
    Int(i64),
    Money(Decimal),
    Percent(Decimal),
    Date(NaiveDate),
    Days(i64),
    Bool(bool),
    /// Index of the variant in the enum's declaration.
    Enum(u32),
    Channel(Channel),
    /// Present text; the characters are in `Row::texts[slot]`.
    Text,
}

/// One debtor's field values for one as-of date: a slot per built-in field, then a slot per
/// declared field. Reused across debtors (clear, refill) so streaming does not allocate.
///
/// Beside each value the row keeps its kind tag and integer key ([`key`]), written by
/// [`Row::set`], so the evaluator's hot loop tests a slot with one uniform integer check
/// instead of a match on `Value` per check kind (see `eval::flat`). Writes go through
/// `set`/`set_text`/`reset`, which keep them in step; that is why the fields are private.
#[derive(Debug, Clone, Default)]
pub struct Row {
    values: Vec<Value>,
    tags: Vec<u8>,
    keys: Vec<i64>,
    /// Text buffers, by slot, grown on the first text set in a slot and reused after.
    texts: Vec<String>,
}

/// A value's kind tag in [`Row::tags`]; each is below 16, so a set of tags fits a `u16`.
pub mod tag {
    pub const MISSING: u8 = 0;
    pub const INT: u8 = 1;
    pub const DAYS: u8 = 2;
    /// Money at two decimal places whose mantissa fits `i64` (the key is the cents).
    pub const MONEY: u8 = 3;
    /// Percent at two decimal places whose mantissa fits `i64`.
    pub const PERCENT: u8 = 4;
    /// Money or percent with no such key (another scale, or too large): only the exact
    /// decimal comparison can decide it.
    pub const DECIMAL_OTHER: u8 = 5;
    /// The key is the day number from the common era (`num_days_from_ce`).
    pub const DATE: u8 = 6;
    /// The key is 0 or 1.
    pub const BOOL: u8 = 7;
    /// The key is the variant index.
    pub const ENUM: u8 = 8;
    /// The key is the channel's index in `Channel::ALL`.
    pub const CHANNEL: u8 = 9;
    pub const TEXT: u8 = 10;
}

/// A value as (kind tag, integer key): the value's order and equality as plain integers,
/// for every kind but text and unusual decimals (whose key is 0).
#[inline]
pub fn key(value: Value) -> (u8, i64) {
    match value {
        Value::Missing => (tag::MISSING, 0),
        Value::Int(n) => (tag::INT, n),
        Value::Days(n) => (tag::DAYS, n),
        Value::Money(d) => decimal_key(d, tag::MONEY),
        Value::Percent(d) => decimal_key(d, tag::PERCENT),
        Value::Date(d) => (tag::DATE, i64::from(d.num_days_from_ce())),
        Value::Bool(b) => (tag::BOOL, i64::from(b)),
        Value::Enum(n) => (tag::ENUM, i64::from(n)),
        Value::Channel(c) => (tag::CHANNEL, c as i64),
        Value::Text => (tag::TEXT, 0),
    }
}

/// Cents as the key when the decimal is at two places and fits `i64`.
#[inline]
fn decimal_key(d: Decimal, kind: u8) -> (u8, i64) {
    match i64::try_from(d.mantissa()) {
        Ok(cents) if d.scale() == 2 => (kind, cents),
        _ => (tag::DECIMAL_OTHER, 0),
    }
}

impl Row {
    pub fn with_slots(n: usize) -> Self {
        let mut row = Row::default();
        row.reset(n);
        row
    }

    /// Every slot missing, with at least `n` slots (the buffers are kept).
    pub fn reset(&mut self, n: usize) {
        let n = n.max(self.values.len());
        self.values.clear();
        self.values.resize(n, Value::Missing);
        self.tags.clear();
        self.tags.resize(n, tag::MISSING);
        self.keys.clear();
        self.keys.resize(n, 0);
    }

    /// Every slot's value, by slot.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// Every slot's kind tag (see [`tag`]).
    pub fn tags(&self) -> &[u8] {
        &self.tags
    }

    /// Every slot's integer key (see [`key`]).
    pub fn keys(&self) -> &[i64] {
        &self.keys
    }

    /// A slot's kind tag and integer key; missing past the end.
    #[inline(always)]
    pub fn key(&self, slot: usize) -> (u8, i64) {
        match (self.tags.get(slot), self.keys.get(slot)) {
            (Some(t), Some(k)) => (*t, *k),
            _ => (tag::MISSING, 0),
        }
    }

    pub fn get(&self, slot: usize) -> Value {
        self.values.get(slot).copied().unwrap_or(Value::Missing)
    }

    pub fn text(&self, slot: usize) -> Option<&str> {
        match self.get(slot) {
            Value::Text => self.texts.get(slot).map(String::as_str),
            _ => None,
        }
    }

    /// Set one slot's value (a slot past the row's end is ignored).
    #[inline]
    pub fn set(&mut self, slot: usize, value: Value) {
        if let (Some(v), Some(t), Some(k)) = (
            self.values.get_mut(slot),
            self.tags.get_mut(slot),
            self.keys.get_mut(slot),
        ) {
            *v = value;
            (*t, *k) = key(value);
        }
    }

    /// Set one slot to a text, or to missing (a slot past the row's end is ignored).
    pub fn set_text(&mut self, slot: usize, text: Option<&str>) {
        let Some(t) = text.filter(|_| slot < self.values.len()) else {
            self.set(slot, Value::Missing);
            return;
        };
        if self.texts.len() <= slot {
            self.texts.resize(slot + 1, String::new());
        }
        if let Some(buf) = self.texts.get_mut(slot) {
            buf.clear();
            buf.push_str(t);
            self.set(slot, Value::Text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Value {
        Value::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    fn money(m: i64, scale: u32) -> Value {
        Value::Money(Decimal::new(m, scale))
    }

    /// Within a kind, keys order and equate exactly as the values do: that is what lets the
    /// evaluator compare keys instead of values.
    #[test]
    fn keys_order_like_their_values() {
        let kinds: Vec<Vec<Value>> = vec![
            [i64::MIN, -5, 0, 1, 7, i64::MAX].map(Value::Int).to_vec(),
            [-3, 0, 30, 400].map(Value::Days).to_vec(),
            [-150_000, -1, 0, 1, 99, 100, 500_000, i64::MAX]
                .map(|m| money(m, 2))
                .to_vec(),
            [0, 250, 10_000]
                .map(|m| Value::Percent(Decimal::new(m, 2)))
                .to_vec(),
            [
                "1999-12-31",
                "2000-01-01",
                "2024-02-29",
                "2025-03-31",
                "2262-04-11",
            ]
            .map(date)
            .to_vec(),
            [false, true].map(Value::Bool).to_vec(),
            [0, 1, 2, 63].map(Value::Enum).to_vec(),
            Channel::ALL.map(Value::Channel).to_vec(),
        ];
        for values in &kinds {
            let tag = key(values[0]).0;
            for a in values {
                for b in values {
                    let (ta, ka) = key(*a);
                    let (tb, kb) = key(*b);
                    assert_eq!((ta, tb), (tag, tag), "{a:?} {b:?}");
                    let expected = match (a, b) {
                        (Value::Int(x), Value::Int(y)) | (Value::Days(x), Value::Days(y)) => {
                            x.cmp(y)
                        }
                        (Value::Money(x), Value::Money(y))
                        | (Value::Percent(x), Value::Percent(y)) => x.cmp(y),
                        (Value::Date(x), Value::Date(y)) => x.cmp(y),
                        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
                        (Value::Enum(x), Value::Enum(y)) => x.cmp(y),
                        (Value::Channel(x), Value::Channel(y)) => (*x as u8).cmp(&(*y as u8)),
                        _ => panic!("mixed kinds {a:?} {b:?}"),
                    };
                    assert_eq!(ka.cmp(&kb), expected, "{a:?} {b:?}");
                }
            }
        }
    }

    /// A decimal the key cannot hold exactly gets its own tag (the exact test decides it),
    /// never a wrong key.
    #[test]
    fn decimals_without_an_exact_key_are_tagged_so() {
        for v in [
            money(12_345, 3),
            money(5, 0),
            Value::Money(Decimal::MAX),
            Value::Percent(Decimal::new(1, 4)),
        ] {
            assert_eq!(key(v), (tag::DECIMAL_OTHER, 0), "{v:?}");
        }
        assert_eq!(key(money(-12_345, 2)), (tag::MONEY, -12_345));
        assert_eq!(key(Value::Missing).0, tag::MISSING);
        assert_eq!(key(Value::Text).0, tag::TEXT);
    }

    /// `set`, `set_text` and `reset` keep every slot's value, tag and key in step.
    #[test]
    fn rows_keep_values_and_keys_in_step() {
        let mut row = Row::with_slots(3);
        row.set(0, Value::Days(12));
        row.set_text(1, Some("ana@example.com"));
        row.set(2, money(1_050, 2));
        row.set(9, Value::Int(1)); // past the end: ignored
        let keys: Vec<(u8, i64)> = row.values().iter().map(|v| key(*v)).collect();
        let stored: Vec<(u8, i64)> = row
            .tags()
            .iter()
            .copied()
            .zip(row.keys().iter().copied())
            .collect();
        assert_eq!(stored, keys);
        assert_eq!(row.text(1), Some("ana@example.com"));
        row.set_text(1, None);
        assert_eq!((row.get(1), row.tags()[1]), (Value::Missing, tag::MISSING));
        row.reset(4);
        assert_eq!(row.values(), &[Value::Missing; 4]);
        assert_eq!(row.tags(), &[tag::MISSING; 4]);
        assert_eq!(row.keys(), &[0; 4]);
        assert_eq!(row.text(1), None);
    }
}

//! The vocabulary shared by the checker, the portfolio and the evaluator: value types, the
//! built-in fields every portfolio provides, and runtime values. Owns no logic beyond naming;
//! must not depend on any stage module.

use crate::syntax::ast::Channel;
use chrono::NaiveDate;
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
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub values: Vec<Value>,
    pub texts: Vec<String>,
}

impl Row {
    pub fn with_slots(n: usize) -> Self {
        Row {
            values: vec![Value::Missing; n],
            texts: vec![String::new(); n],
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

    pub fn set(&mut self, slot: usize, value: Value) {
        if let Some(v) = self.values.get_mut(slot) {
            *v = value;
        }
    }

    pub fn set_text(&mut self, slot: usize, text: Option<&str>) {
        match (self.texts.get_mut(slot), text) {
            (Some(buf), Some(t)) => {
                buf.clear();
                buf.push_str(t);
                self.set(slot, Value::Text);
            }
            _ => self.set(slot, Value::Missing),
        }
    }
}

//! Days of the week and contact windows: when a debtor may be contacted, as a policy states it
//! and as the planner schedules it.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }
    /// 0 = Monday.
    pub fn index(self) -> u32 {
        self as u32
    }
}

/// One window of `contact hours`: a day range and a time range, e.g. `mon-fri 08:00-20:00`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactWindow {
    pub first_day: Weekday,
    pub last_day: Weekday,
    /// Minutes since midnight, start inclusive.
    pub from_minute: u32,
    /// Minutes since midnight, end exclusive.
    pub to_minute: u32,
}

//! Rendering of diagnostics, the only place that turns [`Diagnostic`](super::Diagnostic) data
//! into text: human (miette graphical reports), JSON, SARIF 2.1.0 and GitHub workflow
//! commands. Pure functions from diagnostics to strings/values; must not read files, look at
//! the terminal or print (the CLI decides width, colour and where output goes).

mod github;
mod human;
mod json;
mod region;
mod sarif;

pub use github::github;
pub use human::human;
pub use json::json;
pub use region::Region;
pub use sarif::sarif;

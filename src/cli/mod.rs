//! The command line: one file per subcommand. All IO (reading files, opening the store,
//! printing, exit codes) happens here, at the edge.

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    0
}

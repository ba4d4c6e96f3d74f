//! `strat fmt` (not built yet).

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(args: Args) -> i32 {
    let _ = args;
    eprintln!("strat fmt: not built yet");
    2
}

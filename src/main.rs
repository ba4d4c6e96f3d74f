fn main() {
    std::process::exit(strat::cli::main());
}

fn main() {
    std::process::exit(drs_tui::commands::main());
}

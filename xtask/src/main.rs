//! `cargo xtask`: maintainer commands for the workspace.

fn main() {}

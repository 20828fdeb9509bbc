//! The generator's fixtures as modules, each included from `OUT_DIR` where
//! `build.rs` generated it: that this crate builds, passes clippy and
//! documents without a warning is the check.

include!(concat!(env!("OUT_DIR"), "/modules.rs"));

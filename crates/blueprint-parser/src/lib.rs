//! A tolerant parser for API Blueprint 1A documents.
//!
//! [`parse`] turns any input into a [`Blueprint`] IR plus diagnostics; it never panics.

pub mod diagnostic;
pub mod ir;

pub use diagnostic::{Diagnostic, Severity};
pub use ir::*;

//! Schema inference and Rust code emission for the Cloud 66 client.
//!
//! The data flows one way: [`blueprint_parser`] IR → [`infer`] → [`model`] →
//! [`emit`] → formatted files; [`pipeline::generate`] runs all of it, and
//! [`endpoints::check`] reads the spec again to check that every operation
//! of the model is sent where the spec says. [`build`] is the same for a
//! build script: the client as a module in `OUT_DIR`, to `include!`.

pub mod build;
pub mod config;
pub mod diff;
pub mod emit;
pub mod endpoints;
pub mod explain;
pub mod infer;
pub mod lint;
pub mod model;
pub mod model_json;
pub mod names;
pub mod pipeline;

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

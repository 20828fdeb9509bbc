//! Schema inference and Rust code emission for the Cloud 66 client.
//!
//! The data flows one way: [`blueprint_parser`] IR → [`infer`] → [`model`] →
//! [`emit`] → formatted files; [`pipeline::generate`] runs all of it.

pub mod config;
pub mod diff;
pub mod emit;
pub mod explain;
pub mod infer;
pub mod lint;
pub mod model;
pub mod model_json;
pub mod names;
pub mod pipeline;

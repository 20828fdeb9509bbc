//! Schema inference and Rust code emission for the Cloud 66 client.

pub mod model;

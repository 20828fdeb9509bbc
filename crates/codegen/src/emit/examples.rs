//! The spec's example bodies as the generated tests embed them.

use std::sync::OnceLock;

use crate::model::TypeModel;

/// Every example body of the model as pretty JSON, rendered once on first use:
/// the contract test and the round-trip test (built on different threads)
/// embed the same bodies.
pub struct ExampleBodies<'m> {
    model: &'m TypeModel,
    /// One slot per example, per operation.
    rendered: Vec<Vec<OnceLock<String>>>,
}

impl<'m> ExampleBodies<'m> {
    /// Empty slots for the examples of `model`.
    pub fn new(model: &'m TypeModel) -> Self {
        let rendered = model
            .operations
            .iter()
            .map(|op| op.examples.iter().map(|_| OnceLock::new()).collect())
            .collect();
        Self { model, rendered }
    }

    /// Example `index` of operation `op` (indices into the model) as pretty JSON.
    pub fn get(&self, op: usize, index: usize) -> &str {
        self.rendered[op][index].get_or_init(|| {
            serde_json::to_string_pretty(&self.model.operations[op].examples[index].value)
                .unwrap_or_default()
        })
    }
}

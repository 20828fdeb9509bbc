//! Glue between the generated [`StackAction`] model and the runtime's action
//! waiting: the operations that start asynchronous work (stack create, run
//! stack action, service scale and stop, container stop, environment variable
//! and setting updates) return a `StackAction` that can be waited for.

use crate::models::StackAction;
use crate::{Client, TrackedAction, Wait};

impl TrackedAction for StackAction {
    fn action_id(&self) -> i64 {
        // Action ids are small positive integers; saturate rather than wrap.
        i64::try_from(self.id).unwrap_or(i64::MAX)
    }

    fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }

    fn succeeded(&self) -> Option<bool> {
        self.finished_success
    }
}

impl StackAction {
    /// Waits for this action to finish by polling
    /// `GET /stacks/{stack_id}/actions/{id}`; tune with [`Wait::every`] and
    /// [`Wait::at_most`], then `.await` the [`ActionOutcome`](crate::ActionOutcome).
    pub fn wait<'a>(&self, client: &'a Client, stack_id: &str) -> Wait<'a, StackAction> {
        client.wait_for_action(stack_id, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(finished_at: serde_json::Value, success: serde_json::Value) -> StackAction {
        serde_json::from_value(serde_json::json!({
            "id": 10, "user": "test@cloud66.com", "resource_type": "stack", "action": "restart",
            "resource_id": "283", "started_via": "api", "started_at": "2015-09-01T19:08:05Z",
            "finished_at": finished_at, "finished_success": success, "finished_message": null
        }))
        .expect("the spec's stack action shape decodes")
    }

    #[test]
    fn running_action_is_not_finished() {
        let running = action(serde_json::Value::Null, serde_json::Value::Null);
        assert_eq!(running.action_id(), 10);
        assert!(!running.is_finished());
        assert_eq!(running.succeeded(), None);
    }

    #[test]
    fn finished_action_reports_its_outcome() {
        let done = action("2015-09-01T19:08:09Z".into(), false.into());
        assert!(done.is_finished());
        assert_eq!(done.succeeded(), Some(false));
    }
}

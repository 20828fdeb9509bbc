//! Test-local operations, models and helpers shared by the runtime tests.
#![allow(dead_code)]

use cloud66::{Client, Method, Operation, RetryPolicy, Scope};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use wiremock::MockServer;

pub const TOKEN: &str = "tok-SECRET-1234567890";

pub static LIST_THINGS: Operation = Operation::new(
    "List things",
    Method::Get,
    "/stacks/{stack_id}/things",
    Some(Scope::Public),
    "things().list",
    "Page<Thing>",
);
pub static GET_THING: Operation = Operation::new(
    "View a thing",
    Method::Get,
    "/stacks/{stack_id}/things/{id}",
    Some(Scope::Public),
    "things().get",
    "Thing",
);
pub static CREATE_THING: Operation = Operation::new(
    "Create a thing",
    Method::Post,
    "/stacks/{stack_id}/things",
    Some(Scope::Redeploy),
    "things().create",
    "Thing",
);
pub static DELETE_THING: Operation = Operation::new(
    "Delete a thing",
    Method::Delete,
    "/stacks/{stack_id}/things/{id}",
    Some(Scope::Admin),
    "things().delete",
    "()",
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thing {
    pub id: i64,
    pub name: String,
}

/// Fast retries so that fault tests stay quick.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(40))
        .max_retry_after(Duration::from_secs(2))
}

pub fn client_for(server: &MockServer) -> Client {
    builder_for(server).build().expect("client")
}

pub fn builder_for(server: &MockServer) -> cloud66::ClientBuilder {
    Client::builder()
        .token(TOKEN)
        .base_url(format!("{}/api/3", server.uri()))
        .timeout(Duration::from_secs(5))
        .retry_policy(fast_retries())
}

pub fn json(body: &str) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200)
        .set_body_raw(body.as_bytes().to_vec(), "application/json")
        .insert_header("X-RateLimit-Limit", "3600")
        .insert_header("X-RateLimit-Remaining", "3597")
}

pub fn status_json(status: u16, body: &str) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(status)
        .set_body_raw(body.as_bytes().to_vec(), "application/json")
}

pub async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

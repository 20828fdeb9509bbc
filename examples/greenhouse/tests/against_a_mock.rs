//! The generated module, and the crate's own code over it, against a mock
//! of the Greenhouse API: every answer only for the client's token.

use greenhouse_example::greenhouse::models::{NewPlant, PlantCreateWateringRequest, Problem};
use greenhouse_example::greenhouse::{Client, DateTime};
use greenhouse_example::thirsty_plants;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "t-test";

fn answer(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn plant(id: &str, name: &str, moisture: i64) -> serde_json::Value {
    json!({"id": id, "name": name, "species": "basil", "moisture": moisture})
}

/// The basil plants, one that is not there, a watering, a new plant, and
/// the latest readings of a plant (the operation of the included file).
async fn greenhouse_mock() -> MockServer {
    let server = MockServer::start().await;
    let authorized = || Mock::given(header("authorization", format!("Bearer {TOKEN}").as_str()));
    let mounts = [
        authorized()
            .and(method("GET"))
            .and(path("/plants"))
            .and(query_param("species", "basil"))
            .respond_with(answer(
                200,
                json!([
                    plant("basil-1", "Genovese basil", 41),
                    plant("basil-2", "Thai basil", 18),
                    plant("basil-3", "Lemon basil", 33),
                ]),
            )),
        authorized()
            .and(method("GET"))
            .and(path("/plants/basil-9"))
            .respond_with(answer(
                404,
                json!({"code": "not_found", "message": "No plant has this id"}),
            )),
        authorized()
            .and(method("POST"))
            .and(path("/plants/basil-1/waterings"))
            .and(body_json(json!({"millilitres": 250})))
            .respond_with(answer(
                201,
                json!({"plant_id": "basil-1", "millilitres": 250, "at": "2025-06-01T07:30:00Z"}),
            )),
        authorized()
            .and(method("POST"))
            .and(path("/plants"))
            .and(body_json(
                json!({"name": "Purple basil", "species": "basil"}),
            ))
            .respond_with(answer(201, plant("basil-4", "Purple basil", 0))),
        authorized()
            .and(method("GET"))
            .and(path("/plants/basil-1/readings"))
            .and(query_param("limit", "2"))
            .and(query_param_is_missing("since"))
            .respond_with(answer(
                200,
                json!([
                    {"sensor": "soil", "value": 38.5, "taken_at": "2025-06-02T06:00:00Z"},
                    {"sensor": "air", "value": 21.0, "taken_at": "2025-06-02T06:00:00Z"}
                ]),
            )),
    ];
    for mock in mounts {
        mock.mount(&server).await;
    }
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .build()
        .expect("a client for the mock")
}

#[tokio::test]
async fn the_crate_s_own_code_calls_the_api_through_the_generated_module() {
    let server = greenhouse_mock().await;
    let client = client(&server);

    let thirsty = thirsty_plants(&client, "basil", 40)
        .await
        .expect("the plants");
    let ids: Vec<&str> = thirsty.iter().map(|plant| plant.id.as_str()).collect();
    assert_eq!(
        ids,
        ["basil-2", "basil-3"],
        "driest first, the moist one left out"
    );
    assert_eq!(thirsty[0].name, "Thai basil");
    assert_eq!(thirsty[0].planted_on, None);

    let watering = client
        .plants()
        .create_watering("basil-1", PlantCreateWateringRequest { millilitres: 250 })
        .send()
        .await
        .expect("watered");
    assert_eq!(
        (watering.plant_id.as_str(), watering.millilitres),
        ("basil-1", 250)
    );
    assert_eq!(
        watering.at,
        DateTime::parse("2025-06-01T07:30:00Z").expect("a date")
    );

    let added = client
        .plants()
        .create(NewPlant {
            name: "Purple basil".to_owned(),
            species: "basil".to_owned(),
        })
        .send()
        .await
        .expect("added");
    assert_eq!(added.id, "basil-4");

    // The operation of the included file.
    let readings = client
        .readings()
        .list("basil-1")
        .limit(2)
        .send()
        .await
        .expect("the readings");
    let values: Vec<(&str, f64)> = readings
        .iter()
        .map(|reading| (reading.sensor.as_str(), reading.value))
        .collect();
    assert_eq!(values, [("soil", 38.5), ("air", 21.0)]);
}

#[tokio::test]
async fn a_documented_error_keeps_its_status_and_body() {
    let server = greenhouse_mock().await;
    let error = client(&server)
        .plants()
        .get("basil-9")
        .send()
        .await
        .expect_err("no such plant");
    assert_eq!(error.status(), Some(404));
    let problem: Problem = error.api_body().expect("the documented body");
    assert_eq!(problem.code, "not_found");
    assert_eq!(problem.message, "No plant has this id");
}

#[tokio::test]
async fn a_client_without_the_token_is_refused_before_sending() {
    let server = MockServer::start().await;
    let refused = Client::builder().base_url(server.uri()).build();
    let error = refused.expect_err("the spec asks every call for a bearer token");
    // The title says "API" once; the message must not say it twice.
    assert!(
        error
            .to_string()
            .contains("the Greenhouse API needs an API token, and none was given"),
        "{error}"
    );
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

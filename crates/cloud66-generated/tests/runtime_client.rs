//! Client configuration, authentication, scopes and request encoding.

mod common;

use cloud66::oauth::{OAuthApp, OOB_REDIRECT_URI};
use cloud66::{encode_path_segment, json_param, ApiCode, Client, Error, Request, Scope};
use common::*;
use secrecy::ExposeSecret;
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn sends_bearer_user_agent_and_records_rate_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/3/stacks/s1/things/1"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .respond_with(json(r#"{"response":{"id":1,"name":"one"}}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    assert_eq!(client.rate_limit(), None);
    let thing: Thing = client
        .send(Request::new(&GET_THING, "/stacks/s1/things/1".into()))
        .await
        .unwrap();
    assert_eq!(
        thing,
        Thing {
            id: 1,
            name: "one".into()
        }
    );
    let reqs = requests(&server).await;
    let ua = reqs[0].headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(ua.starts_with("cloud66-generated/"), "{ua}");
    assert_eq!(client.rate_limit().map(|r| r.remaining), Some(3597));
}

#[tokio::test]
async fn missing_scope_fails_without_sending() {
    let server = MockServer::start().await;
    let client = builder_for(&server)
        .scopes([Scope::Redeploy])
        .build()
        .unwrap();
    let req = Request::new(&DELETE_THING, "/stacks/s1/things/1".into());
    let err = client.send_no_content(req).await.unwrap_err();
    let Error::MissingScope {
        operation,
        required,
        granted,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*operation, "Delete a thing");
    assert_eq!(*required, Scope::Admin);
    assert_eq!(granted, &vec![Scope::Redeploy]);
    assert!(err.to_string().contains("admin") && err.to_string().contains("redeploy"));
    assert!(requests(&server).await.is_empty());

    // `public` needs no declaration; a granted scope passes.
    Mock::given(method("GET"))
        .respond_with(json(r#"{"response":{"id":1,"name":"one"}}"#))
        .mount(&server)
        .await;
    let thing: Thing = client
        .send(Request::new(&GET_THING, "/stacks/s1/things/1".into()))
        .await
        .unwrap();
    assert_eq!(thing.id, 1);
}

#[tokio::test]
async fn token_never_appears_in_debug_output() {
    let server = MockServer::start().await;
    let builder = builder_for(&server);
    assert!(!format!("{builder:?}").contains(TOKEN));
    let client = builder.build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("[redacted]"), "{debug}");
    Mock::given(method("GET"))
        .respond_with(status_json(401, r#"{"error":"unauthenticated"}"#))
        .mount(&server)
        .await;
    let err = client
        .send::<Thing>(Request::new(&GET_THING, "/stacks/s1/things/1".into()))
        .await
        .unwrap_err();
    assert!(!format!("{err:?}").contains(TOKEN));
    assert!(!err.to_string().contains(TOKEN));
}

#[test]
fn base_url_must_be_https_unless_loopback() {
    let err = Client::builder()
        .token(TOKEN)
        .base_url("http://app.cloud66.com/api/3")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::InvalidConfig(_)), "{err:?}");
    assert!(err.to_string().contains("loopback"));
    for ok in [
        "https://app.cloud66.com/api/3",
        "http://localhost:3000/api/3",
        "http://127.0.0.2:3000",
        "http://[::1]/api/3/",
    ] {
        let client = Client::builder().token(TOKEN).base_url(ok).build().unwrap();
        assert!(!client.base_url().ends_with('/'));
    }
    assert_eq!(
        Client::new(TOKEN).unwrap().base_url(),
        cloud66::DEFAULT_BASE_URL
    );
    assert!(matches!(Client::new(""), Err(Error::InvalidConfig(_))));
    assert!(matches!(Client::new("a\nb"), Err(Error::InvalidConfig(_))));
    assert!(matches!(
        Client::builder().build(),
        Err(Error::InvalidConfig(_))
    ));
}

#[test]
fn from_env_reads_token_and_base_url() {
    // The only test in this binary that touches the environment.
    std::env::remove_var("CLOUD66_TOKEN");
    assert!(matches!(Client::from_env(), Err(Error::InvalidConfig(_))));
    std::env::set_var("CLOUD66_TOKEN", TOKEN);
    std::env::set_var("CLOUD66_BASE_URL", "http://127.0.0.1:9/api/3");
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9/api/3");
    std::env::remove_var("CLOUD66_BASE_URL");
    assert_eq!(
        Client::from_env().unwrap().base_url(),
        cloud66::DEFAULT_BASE_URL
    );
    std::env::remove_var("CLOUD66_TOKEN");
}

#[tokio::test]
async fn path_arguments_are_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/3/stacks/a%20b%2Fc%3Fd%23e/things/%C3%A9"))
        .respond_with(json(r#"{"response":{"id":1,"name":"x"}}"#))
        .expect(1)
        .mount(&server)
        .await;
    let p = format!(
        "/stacks/{}/things/{}",
        encode_path_segment("a b/c?d#e"),
        encode_path_segment("é")
    );
    let thing: Thing = client_for(&server)
        .send(Request::new(&GET_THING, p))
        .await
        .unwrap();
    assert_eq!(thing.id, 1);
}

#[tokio::test]
async fn query_parameters_are_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/3/stacks/s1/things"))
        .and(query_param("group", "a b&c"))
        .and(query_param("page", "2"))
        .respond_with(json(
            r#"{"response":[],"count":0,"pagination":{"previous":1,"next":null,"current":2,"per_page":30,"count":0,"pages":2}}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let req = Request::new(&LIST_THINGS, "/stacks/s1/things".into())
        .query("group", "a b&c")
        .query_opt("per_page", None::<u32>)
        .query_opt("page", Some(2));
    let page = client_for(&server).send_page::<Thing>(req).await.unwrap();
    assert_eq!(page.pagination.previous, Some(1));
    let reqs = requests(&server).await;
    assert_eq!(reqs[0].url.query(), Some("group=a+b%26c&page=2"));
}

#[tokio::test]
async fn form_fields_are_encoded() {
    let server = MockServer::start().await;
    let counts = json_param("server_count", &serde_json::json!({"web": 2})).unwrap();
    Mock::given(method("POST"))
        .and(path("/api/3/stacks/s1/things"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "name=a+b%26c%3Dd&server_count=%7B%22web%22%3A2%7D&flag=true",
        ))
        .respond_with(json(r#"{"response":{"id":7,"name":"a b&c=d"}}"#))
        .expect(1)
        .mount(&server)
        .await;
    let req = Request::new(&CREATE_THING, "/stacks/s1/things".into())
        .form("name", "a b&c=d")
        .form("server_count", counts)
        .form_opt("skip", None::<String>)
        .form_opt("flag", Some(true));
    let thing: Thing = client_for(&server).send(req).await.unwrap();
    assert_eq!(thing.id, 7);
}

#[tokio::test]
async fn no_content_operations_ignore_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>whatever</html>"))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let req = Request::new(&DELETE_THING, "/stacks/s1/things/1".into());
    client.send_no_content(req).await.unwrap();
}

#[tokio::test]
async fn oauth_code_exchange() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string(
            "grant_type=authorization_code&code=good&client_id=app&client_secret=shh\
             &redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob",
        ))
        .respond_with(json(
            r#"{"access_token":"e72e16c7","token_type":"bearer","scope":"public redeploy"}"#,
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(status_json(
            401,
            r#"{"error":"invalid_grant","error_description":"The provided authorization grant is invalid"}"#,
        ))
        .mount(&server)
        .await;
    let app = OAuthApp::new("app", "shh", OOB_REDIRECT_URI).base_url(server.uri());
    let url = app
        .authorize_url(&[Scope::Public, Scope::Admin], Some("xyz"))
        .unwrap();
    assert!(url.starts_with(&format!("{}/oauth/authorize?client_id=app&", server.uri())));
    assert!(url.ends_with("&scope=public+admin&state=xyz"), "{url}");

    let token = app.exchange_code("good").await.unwrap();
    assert_eq!(token.secret().expose_secret(), "e72e16c7");
    assert_eq!(token.scopes(), Some(vec![Scope::Public, Scope::Redeploy]));
    assert!(!format!("{token:?}").contains("e72e16c7"));

    let err = app.exchange_code("bad").await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some(&ApiCode::Other("invalid_grant".into())));
    assert!(err.to_string().contains("grant is invalid"), "{err}");
}

#[tokio::test]
async fn oauth_form_encoded_token_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            b"access_token=abc123&token_type=bearer".to_vec(),
            "text/plain",
        ))
        .mount(&server)
        .await;
    let app = OAuthApp::new("app", "shh", OOB_REDIRECT_URI).base_url(server.uri());
    let token = app.exchange_code("c").await.unwrap();
    assert_eq!(token.secret().expose_secret(), "abc123");
    assert_eq!(token.token_type(), "bearer");
}

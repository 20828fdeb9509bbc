//! Client configuration, authentication, scopes and request encoding.

mod common;

use blueprint_runtime::oauth::{OAuthApp, OOB_REDIRECT_URI};
use blueprint_runtime::{json_param, ApiClient, Request, MAX_PATH_ARGUMENT};
use common::*;
use secrecy::ExposeSecret;
use std::process::Command;
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
    let thing = client.view_thing("s1", "1").await.unwrap();
    assert_eq!(
        thing,
        Thing {
            id: 1,
            name: "one".into()
        }
    );
    let reqs = requests(&server).await;
    let ua = reqs[0].headers.get("user-agent").unwrap().to_str().unwrap();
    assert_eq!(ua, API.user_agent);
    assert_eq!(client.rate_limit().map(|r| r.remaining), Some(3597));
}

#[tokio::test]
async fn missing_scope_fails_without_sending() {
    let server = MockServer::start().await;
    let client = builder_for(&server)
        .scopes([Scope::Redeploy, Scope::Redeploy])
        .build()
        .unwrap();
    assert_eq!(
        client.runtime().granted_scopes(),
        Some(&["redeploy".to_owned()][..])
    );
    let req = Request::new(&DELETE_THING, "/stacks/s1/things/1".into());
    let err = client.runtime().send_empty::<Code>(req).await.unwrap_err();
    let Error::MissingScope {
        operation,
        required,
        granted,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*operation, "Delete a thing");
    assert_eq!(*required, "admin");
    assert_eq!(granted, &vec!["redeploy".to_owned()]);
    assert!(err.to_string().contains("admin") && err.to_string().contains("redeploy"));
    assert!(requests(&server).await.is_empty());

    // The always-granted `public` needs no declaration; a granted scope passes.
    Mock::given(method("GET"))
        .respond_with(json(r#"{"response":{"id":1,"name":"one"}}"#))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(json(r#"{"response":{"id":2,"name":"two"}}"#))
        .mount(&server)
        .await;
    assert_eq!(client.view_thing("s1", "1").await.unwrap().id, 1);
    let create = Request::new(&CREATE_THING, "/stacks/s1/things".into()).form("name", "two");
    assert_eq!(client.send::<Thing>(create).await.unwrap().id, 2);
    assert_eq!(requests(&server).await.len(), 2);
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
    let err = client.view_thing("s1", "1").await.unwrap_err();
    assert_eq!(err.code(), Some(&Code::Unauthenticated));
    assert!(!format!("{err:?}").contains(TOKEN));
    assert!(!err.to_string().contains(TOKEN));
}

#[test]
fn base_url_must_be_https_unless_loopback() {
    let err = TestClient::builder()
        .token(TOKEN)
        .base_url("http://api.things.example/v1")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::InvalidConfig(_)), "{err:?}");
    assert!(err.to_string().contains("loopback"));
    for ok in [
        "https://api.things.example/v1",
        "http://localhost:3000/api/3",
        "http://127.0.0.2:3000",
        "http://[::1]/api/3/",
    ] {
        let client = TestClient::builder()
            .token(TOKEN)
            .base_url(ok)
            .build()
            .unwrap();
        assert!(!client.base_url().ends_with('/'));
    }
    let default = TestClient::builder().token(TOKEN).build().unwrap();
    assert_eq!(Some(default.base_url()), API.default_base_url);
    for bad in ["", "  ", "a\nb"] {
        let built = TestClient::builder().token(bad).build();
        assert!(matches!(built, Err(Error::InvalidConfig(_))), "{bad:?}");
    }
    assert!(matches!(
        TestClient::builder().build(),
        Err(Error::InvalidConfig(_))
    ));
}

/// Set on the child process that [`from_env_reads_token_and_base_url`] runs:
/// the child reports what `from_env` made of its environment and exits.
const FROM_ENV_CHILD: &str = "BLUEPRINT_RUNTIME_TEST_FROM_ENV_CHILD";
/// The line prefix of the child's report.
const REPORT: &str = "from_env report: ";

/// Runs this test in a child process with exactly these `THINGS_*`
/// variables, and returns the child's report.
fn from_env_in_child(vars: &[(&str, &str)]) -> String {
    let mut child = Command::new(std::env::current_exe().unwrap());
    child
        .args([
            "--exact",
            "from_env_reads_token_and_base_url",
            "--nocapture",
        ])
        .env(FROM_ENV_CHILD, "1")
        .env_remove(API.token_env)
        .env_remove(API.base_url_env);
    for (name, value) in vars {
        child.env(name, value);
    }
    let out = child.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix(REPORT))
        .collect();
    assert_eq!(reports.len(), 1, "the child ran the check once: {stdout}");
    reports[0].to_owned()
}

#[test]
fn from_env_reads_token_and_base_url() {
    if std::env::var_os(FROM_ENV_CHILD).is_some() {
        // In the child: its environment was set up by the parent.
        let report = match TestClient::builder().from_env().and_then(|b| b.build()) {
            Ok(client) => format!("base_url={}", client.base_url()),
            Err(Error::InvalidConfig(message)) => format!("invalid_config={message}"),
            Err(other) => format!("other={other}"),
        };
        println!("{REPORT}{report}");
        return;
    }
    let missing = from_env_in_child(&[]);
    assert_eq!(
        missing,
        "invalid_config=the environment variable THINGS_TOKEN is not set"
    );
    let blank = from_env_in_child(&[("THINGS_TOKEN", "   ")]);
    assert!(blank.starts_with("invalid_config="), "{blank}");
    let overridden = from_env_in_child(&[
        ("THINGS_TOKEN", TOKEN),
        ("THINGS_BASE_URL", " http://127.0.0.1:9/api/3/ "),
    ]);
    assert_eq!(overridden, "base_url=http://127.0.0.1:9/api/3");
    let default = from_env_in_child(&[("THINGS_TOKEN", TOKEN)]);
    assert_eq!(
        default,
        format!("base_url={}", API.default_base_url.unwrap())
    );
    let refused = from_env_in_child(&[
        ("THINGS_TOKEN", TOKEN),
        ("THINGS_BASE_URL", "http://api.things.example/v1"),
    ]);
    assert!(refused.starts_with("invalid_config="), "{refused}");
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
    let thing = client_for(&server)
        .view_thing("a b/c?d#e", "é")
        .await
        .unwrap();
    assert_eq!(thing.id, 1);
}

#[tokio::test]
async fn path_arguments_that_would_move_the_request_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(r#"{"response":{"id":1,"name":"x"}}"#))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let long = "x".repeat(MAX_PATH_ARGUMENT + 1);
    for (stack_id, id, refused) in [
        ("s1", "..", "id"),
        ("s1", ".", "id"),
        ("s1", "", "id"),
        ("..", "1", "stack_id"),
        ("s1", long.as_str(), "id"),
    ] {
        let err = client.view_thing(stack_id, id).await.unwrap_err();
        let Error::InvalidArgument { name, message } = &err else {
            panic!("{stack_id:?} {id:?}: {err:?}")
        };
        assert_eq!(*name, refused, "{stack_id:?} {id:?}");
        assert!(!message.is_empty());
        assert!(err.to_string().contains(refused), "{err}");
    }
    assert!(
        requests(&server).await.is_empty(),
        "nothing is sent for a refused argument"
    );
    // Dots that are not a whole segment are ordinary characters.
    assert_eq!(client.view_thing("s1", "...").await.unwrap().id, 1);
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url.path(), "/api/3/stacks/s1/things/...");
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
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let req = Request::new(&DELETE_THING, "/stacks/s1/things/1".into());
    client.runtime().send_empty::<Code>(req).await.unwrap();
}

#[tokio::test]
async fn bytes_operations_return_the_body_as_sent() {
    let server = MockServer::start().await;
    let body = b"\x00\xffnot json at all".to_vec();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/gzip"))
        .mount(&server)
        .await;
    let req = Request::new(&GET_THING, "/stacks/s1/things/1".into());
    let got = client_for(&server)
        .runtime()
        .send_bytes::<Code>(req)
        .await
        .unwrap();
    assert_eq!(got, body);
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
            r#"{"access_token":"e72e16c7","token_type":"bearer","scope":"public redeploy unheard_of"}"#,
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
    let app = OAuthApp::<TestClient>::new("app", "shh", OOB_REDIRECT_URI).base_url(server.uri());
    assert!(!format!("{app:?}").contains("shh"));
    let url = app
        .authorize_url(&[Scope::Public, Scope::Admin], Some("xyz"))
        .unwrap();
    assert!(url.starts_with(&format!("{}/oauth/authorize?client_id=app&", server.uri())));
    assert!(url.ends_with("&scope=public+admin&state=xyz"), "{url}");
    // Scopes are strings to the runtime: any `AsRef<str>` names them.
    assert_eq!(
        app.authorize_url(&["public", "admin"], Some("xyz"))
            .unwrap(),
        url
    );

    let token = app.exchange_code("good").await.unwrap();
    assert_eq!(token.secret().expose_secret(), "e72e16c7");
    // Names the API's scope type does not know are skipped.
    assert_eq!(
        token.scopes::<Scope>(),
        Some(vec![Scope::Public, Scope::Redeploy])
    );
    assert_eq!(
        token.scopes::<String>(),
        Some(vec![
            "public".into(),
            "redeploy".into(),
            "unheard_of".into()
        ])
    );
    assert!(!format!("{token:?}").contains("e72e16c7"));

    let err = app.exchange_code("bad").await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some(&Code::Other("invalid_grant".into())));
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
    let app = OAuthApp::<TestClient>::new("app", "shh", OOB_REDIRECT_URI).base_url(server.uri());
    let token = app.exchange_code("c").await.unwrap();
    assert_eq!(token.secret().expose_secret(), "abc123");
    assert_eq!(token.token_type(), "bearer");
    assert_eq!(token.scopes::<String>(), None);
}

//! Authentication schemes, the whole-call deadline and transport error
//! messages, on small APIs of each kind (a generated crate has one `Api`).

use blueprint_runtime::{
    AnyCode, Api, ApiClient, Auth, Client, ClientBuilder, Error, Method, Operation, Request,
    RetryPolicy,
};
use std::time::Duration;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A generated-style client of one of the APIs below.
macro_rules! api_client {
    ($name:ident, $api:ident, $auth:expr, $required:expr) => {
        static $api: Api = Api {
            name: stringify!($name),
            user_agent: "auth-test/0.1.0",
            default_base_url: None,
            auth: $auth,
            auth_required: $required,
            token_env: concat!(stringify!($api), "_SECRET"),
            base_url_env: concat!(stringify!($api), "_BASE_URL"),
            rate_limit: None,
            error_code_keys: &["code"],
            error_message_keys: &["message"],
            always_granted_scope: None,
            oauth: None,
        };

        #[derive(Debug, Clone)]
        struct $name(Client);

        impl ApiClient for $name {
            type Code = AnyCode;
            const API: &'static Api = &$api;
            fn from_runtime(client: Client) -> Self {
                $name(client)
            }
            fn runtime(&self) -> &Client {
                &self.0
            }
        }
    };
}

api_client!(Public, PUBLIC, Auth::None, false);
api_client!(
    Keyed,
    KEYED,
    Auth::ApiKey {
        header: "X-Api-Key"
    },
    true
);
api_client!(
    Basic,
    BASIC,
    Auth::Basic {
        username_env: "BASIC_USER"
    },
    true
);
api_client!(Tokened, TOKENED, Auth::Token { scheme: "Token" }, true);

static PING: Operation = Operation {
    name: "Ping",
    method: Method::Get,
    path: "/ping",
    scope: None,
    rust_method: "ping",
    result: "()",
};

fn builder<G: ApiClient>(server: &MockServer) -> ClientBuilder<G> {
    ClientBuilder::new()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
}

async fn ping<G: ApiClient<Code = AnyCode>>(client: &G) -> Result<(), Error> {
    client
        .runtime()
        .send_empty::<AnyCode>(Request::new(&PING, "/ping".into()))
        .await
}

async fn server_answering(matcher: impl wiremock::Match + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(matcher)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn authorization(request: &wiremock::Request) -> Option<String> {
    let value = request.headers.get("authorization")?;
    Some(value.to_str().ok()?.to_owned())
}

#[tokio::test]
async fn a_public_api_needs_no_credentials_and_sends_none() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client: Public = builder(&server).build().expect("no token needed");
    ping(&client).await.unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(authorization(&sent[0]), None);
    // A token given anyway is sent as a bearer token.
    let client: Public = builder(&server).token("t0k").build().unwrap();
    ping(&client).await.unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(authorization(&sent[1]).as_deref(), Some("Bearer t0k"));
}

#[tokio::test]
async fn an_api_key_goes_in_its_own_header() {
    let server = server_answering(header("x-api-key", "k-123")).await;
    let client: Keyed = builder(&server).api_key("k-123").build().unwrap();
    ping(&client).await.unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(
        authorization(&sent[0]),
        None,
        "no bearer token beside the key"
    );
    let missing = builder::<Keyed>(&server).build().unwrap_err();
    assert!(
        missing
            .to_string()
            .contains("needs an API key (sent as `X-Api-Key`)"),
        "{missing}"
    );
    let wrong = builder::<Keyed>(&server).token("t").build().unwrap_err();
    assert!(wrong.to_string().contains("a token was given"), "{wrong}");
}

#[tokio::test]
async fn basic_auth_is_encoded_and_never_printed() {
    let server = server_answering(header(
        "authorization",
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    ))
    .await;
    let configured = builder::<Basic>(&server).basic_auth("Aladdin", "open sesame");
    assert!(!format!("{configured:?}").contains("open sesame"));
    let client = configured.build().unwrap();
    ping(&client).await.unwrap();
    assert!(builder::<Basic>(&server)
        .basic_auth("a:b", "c")
        .build()
        .is_err());
    assert!(builder::<Basic>(&server).build().is_err(), "required");
}

#[tokio::test]
async fn a_token_takes_the_scheme_the_spec_documents() {
    let server = server_answering(header("authorization", "Token abc")).await;
    let client: Tokened = builder(&server).token("Token abc").build().unwrap();
    ping(&client).await.unwrap();
    let err = builder::<Tokened>(&server).build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid configuration: the Tokened API needs an API token, and none was given"
    );
}

#[tokio::test]
async fn the_deadline_bounds_the_whole_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client: Public = builder(&server)
        .timeout(Duration::from_secs(30))
        .deadline(Duration::from_millis(200))
        .build()
        .unwrap();
    assert_eq!(
        client.runtime().deadline(),
        Some(Duration::from_millis(200))
    );
    let started = std::time::Instant::now();
    let err = ping(&client).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(
        matches!(err, Error::Deadline { operation: "Ping", deadline } if deadline == Duration::from_millis(200)),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("deadline"), "{err}");
}

#[tokio::test]
async fn a_refused_connection_says_why() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let client: Public = ClientBuilder::new()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = ping(&client).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(text.starts_with("Ping: transport error: "), "{text}");
    assert!(
        text.to_ascii_lowercase().contains("refused"),
        "the cause is said: {text}"
    );
}

#[test]
fn from_env_reads_what_the_scheme_needs() {
    // Each scheme's variables are its own, so the tests do not race.
    std::env::set_var("BASIC_USER", "ada");
    std::env::set_var("BASIC_SECRET", "pw");
    let configured = ClientBuilder::<Basic>::new().from_env().unwrap();
    assert!(format!("{configured:?}").contains("\"ada\""));
    std::env::remove_var("BASIC_SECRET");
    let err = ClientBuilder::<Basic>::new().from_env().unwrap_err();
    assert!(err.to_string().contains("BASIC_SECRET"), "{err}");
    // Not required, not set: fine.
    std::env::remove_var("PUBLIC_SECRET");
    assert!(ClientBuilder::<Public>::new().from_env().is_ok());
    std::env::remove_var("KEYED_SECRET");
    let err = ClientBuilder::<Keyed>::new().from_env().unwrap_err();
    assert!(err.to_string().contains("KEYED_SECRET"), "{err}");
}

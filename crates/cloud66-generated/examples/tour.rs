//! A tour of the API: calls every `GET` operation (and, with `--include-writes`, every
//! operation) once and prints one line per call.
//!
//! ```text
//! cargo run -p cloud66-generated --example tour -- --base-url URL [--include-writes]
//! ```
//!
//! The token comes from `CLOUD66_TOKEN` and the base URL from `CLOUD66_BASE_URL`, unless
//! `--base-url` is given. With `--base-url` and no token, a placeholder token is used, which
//! is enough for a mock server.
//!
//! Identifiers come from earlier list results where possible (the first stack's uid, the
//! first server's uid, ...) and otherwise from the spec's example values.
//!
//! Each call prints `OK <METHOD> <path> <rust method>` or
//! `ERR <METHOD> <path> <rust method>: <error>`, and the tour ends with `N passed, M failed`.
//! The exit status is non-zero if any call failed.
//!
//! `--include-writes` really changes things on the account it runs against (it creates a
//! stack, redeploys, scales and stops services, ...): point it at a mock or a test account.

use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::io::Write;
use std::process::ExitCode;

use cloud66::models::{
    BackupDbType, DeviceSubType, DeviceType, FirewallRuleProtocol, SettingValue, StackCommand,
};
use cloud66::operations as ops;
use cloud66::{Client, Error, Method, Operation, OPERATIONS};

/// The token used with `--base-url` when `CLOUD66_TOKEN` is not set.
const PLACEHOLDER_TOKEN: &str = "tour-placeholder-token";

// The spec's example values, used when a list gave nothing to pick from.
const EXAMPLE_STACK_UID: &str = "5999b763474b0eafa5fafb64bff0ba80";
const EXAMPLE_ACTION_ID: u64 = 4153;
const EXAMPLE_DEPLOYMENT_ID: u64 = 107;
const EXAMPLE_SERVICE_NAME: &str = "web";
const EXAMPLE_CONTAINER_UID: &str =
    "cba44fa6b6acf57fb0ef6c2ce385f6a129867df544dae7181d2410e9f9cc32bc";
const EXAMPLE_ENVIRONMENT_VARIABLE_ID: u64 = 4153;
const EXAMPLE_FIREWALL_RULE_ID: u64 = 4153;
const EXAMPLE_NOTIFICATION_ID: u64 = 4153;
const EXAMPLE_STACK_SETTING_ID: &str = "git-branch";
const EXAMPLE_STACK_SETTING_VALUE: &str = "staging";
const EXAMPLE_SERVER_GROUP_ID: u64 = 128;
const EXAMPLE_SERVER_UID: &str = "f8468fc145ea49bac474b30a8fea888d";
const EXAMPLE_SERVER_SETTING_ID: &str = "server-name";
const EXAMPLE_SERVER_SETTING_VALUE: &str = "newname";
const EXAMPLE_CLOUD_ID: &str = "digitalocean";
const EXAMPLE_BACKUP_ID: u64 = 4153;
const EXAMPLE_BACKUP_FILE_ID: &str = "tar-aa";
const EXAMPLE_ACCOUNT_ID: u64 = 1;
const EXAMPLE_USER_ID: u64 = 1;

const USAGE: &str = "usage: tour [--base-url URL] [--include-writes]

Calls every GET operation of the Cloud 66 API (every operation with --include-writes)
and prints one line per call. The token comes from CLOUD66_TOKEN; the base URL from
--base-url, else CLOUD66_BASE_URL, else the API's default.";

struct Args {
    base_url: Option<String>,
    include_writes: bool,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        base_url: None,
        include_writes: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--include-writes" => args.include_writes = true,
            "--base-url" => match it.next() {
                Some(url) => args.base_url = Some(url),
                None => return Err("--base-url needs a value".into()),
            },
            "-h" | "--help" => return Ok(None),
            other => match other.strip_prefix("--base-url=") {
                Some(url) => args.base_url = Some(url.to_owned()),
                None => return Err(format!("unknown argument `{other}`")),
            },
        }
    }
    Ok(Some(args))
}

fn make_client(args: &Args) -> Result<Client, Error> {
    let token_set = std::env::var("CLOUD66_TOKEN").is_ok_and(|t| !t.trim().is_empty());
    let mut builder = if token_set || args.base_url.is_none() {
        // Token (and CLOUD66_BASE_URL, if set) from the environment.
        Client::builder().from_env()?
    } else {
        Client::builder().token(PLACEHOLDER_TOKEN)
    };
    if let Some(url) = &args.base_url {
        builder = builder.base_url(url.clone());
    }
    builder.build()
}

/// How a tour went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Score {
    pub(crate) passed: usize,
    pub(crate) failed: usize,
}

/// Runs the calls, writes their lines to `out` and keeps the score.
struct Tour<'w> {
    passed: usize,
    failed: usize,
    visited: HashSet<(Method, &'static str, &'static str)>,
    out: &'w mut dyn Write,
}

impl<'w> Tour<'w> {
    fn new(out: &'w mut dyn Write) -> Self {
        Tour {
            passed: 0,
            failed: 0,
            visited: HashSet::new(),
            out,
        }
    }

    /// Writes one line; a closed output (say, stdout piped into `head`) is not worth a panic.
    fn say(&mut self, line: std::fmt::Arguments<'_>) {
        let _ = writeln!(self.out, "{line}");
    }

    /// Awaits one call, prints its line, and returns its result if it succeeded.
    async fn step<T>(
        &mut self,
        op: &'static Operation,
        call: impl Future<Output = Result<T, Error>>,
    ) -> Option<T> {
        self.visited.insert(key(op));
        let (method, path, rust) = (op.method, op.path, op.rust_method);
        match call.await {
            Ok(value) => {
                self.passed += 1;
                self.say(format_args!("OK {method} {path} {rust}"));
                Some(value)
            }
            Err(error) => {
                self.failed += 1;
                self.say(format_args!("ERR {method} {path} {rust}: {error}"));
                None
            }
        }
    }
}

fn key(op: &Operation) -> (Method, &'static str, &'static str) {
    (op.method, op.path, op.rust_method)
}

/// An id from a listing, or the example value.
fn id_or(id: Option<u64>, example: u64) -> u64 {
    id.unwrap_or(example)
}

/// Identifiers found by the read-only calls, used by the write calls.
struct Found {
    stack: String,
    deployment: u64,
    service: String,
    container: String,
    notification: u64,
    stack_setting: String,
    stack_setting_value: String,
    server: String,
    server_setting: String,
    server_setting_value: String,
    user: u64,
}

async fn reads(tour: &mut Tour<'_>, client: &Client) -> Found {
    // Stacks.
    let stacks = tour
        .step(&ops::STACKS_LIST, client.stacks().list().send())
        .await;
    let stack = stacks
        .and_then(|page| page.items.into_iter().next())
        .map_or_else(|| EXAMPLE_STACK_UID.to_owned(), |s| s.uid);
    let s = stack.as_str();
    tour.step(&ops::STACKS_GET, client.stacks().get(s).send())
        .await;
    let actions = tour
        .step(
            &ops::STACKS_LIST_ACTIONS,
            client.stacks().list_actions(s).send(),
        )
        .await;
    let action = id_or(
        actions.and_then(|p| p.items.first().map(|a| a.id)),
        EXAMPLE_ACTION_ID,
    );
    tour.step(
        &ops::STACKS_GET_ACTION,
        client.stacks().get_action(s, action).send(),
    )
    .await;

    // Deployments.
    let deployments = tour
        .step(&ops::DEPLOYMENTS_LIST, client.deployments().list(s).send())
        .await;
    let deployment = id_or(
        deployments.and_then(|p| p.items.first().map(|d| d.id)),
        EXAMPLE_DEPLOYMENT_ID,
    );
    tour.step(
        &ops::DEPLOYMENTS_GET,
        client.deployments().get(s, deployment).send(),
    )
    .await;

    // Services and containers.
    let services = tour
        .step(&ops::SERVICES_LIST, client.services().list(s).send())
        .await;
    let service = services
        .and_then(|p| p.items.into_iter().next())
        .map_or_else(|| EXAMPLE_SERVICE_NAME.to_owned(), |x| x.name);
    tour.step(
        &ops::SERVICES_GET,
        client.services().get(s, &service).send(),
    )
    .await;
    let containers = tour
        .step(&ops::CONTAINERS_LIST, client.containers().list(s).send())
        .await;
    let container = containers
        .and_then(|p| p.items.into_iter().next())
        .map_or_else(|| EXAMPLE_CONTAINER_UID.to_owned(), |c| c.uid);
    tour.step(
        &ops::CONTAINERS_GET,
        client.containers().get(s, &container).send(),
    )
    .await;

    // Environment variables.
    let variables = tour
        .step(
            &ops::ENVIRONMENT_VARIABLES_LIST,
            client.environment_variables().list(s).send(),
        )
        .await;
    let variable = id_or(
        variables.and_then(|p| p.items.first().map(|v| v.id)),
        EXAMPLE_ENVIRONMENT_VARIABLE_ID,
    );
    tour.step(
        &ops::ENVIRONMENT_VARIABLES_GET,
        client.environment_variables().get(s, variable).send(),
    )
    .await;

    // Firewall rules and notifications.
    let rules = tour
        .step(
            &ops::FIREWALL_RULES_LIST,
            client.firewall_rules().list(s).send(),
        )
        .await;
    let rule = id_or(
        rules.and_then(|p| p.items.first().map(|r| r.id)),
        EXAMPLE_FIREWALL_RULE_ID,
    );
    tour.step(
        &ops::FIREWALL_RULES_GET,
        client.firewall_rules().get(s, rule).send(),
    )
    .await;
    let notifications = tour
        .step(
            &ops::NOTIFICATIONS_LIST,
            client.notifications().list(s).send(),
        )
        .await;
    let notification = id_or(
        notifications.and_then(|p| p.items.first().map(|n| n.id)),
        EXAMPLE_NOTIFICATION_ID,
    );
    tour.step(
        &ops::NOTIFICATIONS_GET,
        client.notifications().get(s, notification).send(),
    )
    .await;

    // Stack settings: the setting's id (or key) and its current value, written back later.
    let settings = tour
        .step(
            &ops::STACK_SETTINGS_LIST,
            client.stack_settings().list(s).send(),
        )
        .await;
    let (stack_setting, stack_setting_value) = settings
        .and_then(|p| p.items.into_iter().next())
        .map(|setting| {
            let value = match setting.value {
                Some(SettingValue::String(v)) => v,
                Some(SettingValue::Bool(b)) => b.to_string(),
                _ => EXAMPLE_STACK_SETTING_VALUE.to_owned(),
            };
            (setting.id.unwrap_or(setting.key), value)
        })
        .unwrap_or_else(|| {
            (
                EXAMPLE_STACK_SETTING_ID.to_owned(),
                EXAMPLE_STACK_SETTING_VALUE.to_owned(),
            )
        });
    tour.step(
        &ops::STACK_SETTINGS_GET,
        client.stack_settings().get(s, &stack_setting).send(),
    )
    .await;

    // Server groups, servers and server settings.
    let groups = tour
        .step(
            &ops::SERVER_GROUPS_LIST,
            client.server_groups().list(s).send(),
        )
        .await;
    let group = id_or(
        groups.and_then(|p| p.items.first().map(|g| g.id)),
        EXAMPLE_SERVER_GROUP_ID,
    );
    tour.step(
        &ops::SERVER_GROUPS_GET,
        client.server_groups().get(s, group).send(),
    )
    .await;
    let servers = tour
        .step(&ops::SERVERS_LIST, client.servers().list(s).send())
        .await;
    let server = servers
        .and_then(|p| p.items.into_iter().next())
        .map_or_else(|| EXAMPLE_SERVER_UID.to_owned(), |x| x.uid);
    tour.step(&ops::SERVERS_GET, client.servers().get(s, &server).send())
        .await;
    let server_settings = tour
        .step(
            &ops::SERVER_SETTINGS_LIST,
            client.server_settings().list(s, &server).send(),
        )
        .await;
    let (server_setting, server_setting_value) = server_settings
        .and_then(|p| p.items.into_iter().next())
        .map_or_else(
            || {
                (
                    EXAMPLE_SERVER_SETTING_ID.to_owned(),
                    EXAMPLE_SERVER_SETTING_VALUE.to_owned(),
                )
            },
            |x| (x.key, x.value),
        );
    tour.step(
        &ops::SERVER_SETTINGS_GET,
        client
            .server_settings()
            .get(s, &server, &server_setting)
            .send(),
    )
    .await;

    // Clouds.
    let clouds = tour
        .step(&ops::CLOUDS_LIST, client.clouds().list().send())
        .await;
    let cloud = clouds
        .and_then(|p| p.items.into_iter().next())
        .map_or_else(|| EXAMPLE_CLOUD_ID.to_owned(), |c| c.name);
    tour.step(&ops::CLOUDS_GET, client.clouds().get(&cloud).send())
        .await;

    // Backups and their files.
    let backups = tour
        .step(&ops::BACKUPS_LIST, client.backups().list(s).send())
        .await;
    let backup = id_or(
        backups.and_then(|p| p.items.first().map(|b| b.id)),
        EXAMPLE_BACKUP_ID,
    );
    tour.step(&ops::BACKUPS_GET, client.backups().get(s, backup).send())
        .await;
    let files = tour
        .step(
            &ops::BACKUPS_LIST_FILES,
            client.backups().list_files(s, backup).send(),
        )
        .await;
    let file = files
        .and_then(|p| p.items.into_iter().next())
        .map_or_else(|| EXAMPLE_BACKUP_FILE_ID.to_owned(), |f| f.id);
    tour.step(
        &ops::BACKUPS_GET_FILE,
        client.backups().get_file(s, backup, &file).send(),
    )
    .await;

    // Accounts and users.
    let accounts = tour
        .step(&ops::ACCOUNTS_LIST, client.accounts().list().send())
        .await;
    let account = id_or(
        accounts.and_then(|p| p.items.first().map(|a| a.id)),
        EXAMPLE_ACCOUNT_ID,
    );
    tour.step(&ops::ACCOUNTS_GET, client.accounts().get(account).send())
        .await;
    let users = tour
        .step(&ops::USERS_LIST, client.users().list().send())
        .await;
    let user = id_or(
        users.and_then(|p| p.items.first().map(|u| u.id)),
        EXAMPLE_USER_ID,
    );
    tour.step(&ops::USERS_GET, client.users().get(user).send())
        .await;

    Found {
        stack,
        deployment,
        service,
        container,
        notification,
        stack_setting,
        stack_setting_value,
        server,
        server_setting,
        server_setting_value,
        user,
    }
}

/// The operations that change something, with the spec's example values for new things.
async fn writes(tour: &mut Tour<'_>, client: &Client, found: &Found) {
    let s = found.stack.as_str();

    tour.step(
        &ops::STACKS_CREATE,
        client
            .stacks()
            .create("new_stack_name", "production", "service_yaml_serialised")
            .send(),
    )
    .await;
    tour.step(
        &ops::STACKS_RUN_ACTION,
        client
            .stacks()
            .run_action(s, StackCommand::ClearCaches)
            .send(),
    )
    .await;

    tour.step(
        &ops::DEPLOYMENTS_REDEPLOY,
        client.deployments().redeploy(s).send(),
    )
    .await;
    tour.step(
        &ops::DEPLOYMENTS_CANCEL,
        client.deployments().cancel(s, found.deployment).send(),
    )
    .await;

    tour.step(
        &ops::SERVICES_SCALE,
        client
            .services()
            .scale(s, &found.service)
            .server_group_count(BTreeMap::from([("web".to_owned(), 4)]))
            .send(),
    )
    .await;
    tour.step(
        &ops::SERVICES_STOP,
        client.services().stop(s, &found.service).send(),
    )
    .await;
    tour.step(
        &ops::CONTAINERS_STOP,
        client.containers().stop(s, &found.container).send(),
    )
    .await;

    // A new variable: created, changed, then deleted again.
    let variables = client.environment_variables();
    tour.step(
        &ops::ENVIRONMENT_VARIABLES_CREATE,
        variables
            .create(s, "MY_ENVIRONMENT_VALUE", "SOME_VALUE")
            .send(),
    )
    .await;
    tour.step(
        &ops::ENVIRONMENT_VARIABLES_UPDATE,
        variables
            .update(s, "MY_ENVIRONMENT_VALUE", "127.0.0.1")
            .send(),
    )
    .await;
    tour.step(
        &ops::ENVIRONMENT_VARIABLES_DELETE,
        variables.delete(s, "MY_ENVIRONMENT_VALUE").send(),
    )
    .await;

    tour.step(
        &ops::FIREWALL_RULES_CREATE,
        client
            .firewall_rules()
            .create(s, FirewallRuleProtocol::Tcp, 80)
            .ttl(20)
            .from_ip("123.123.123.123")
            .send(),
    )
    .await;
    tour.step(
        &ops::NOTIFICATIONS_UPDATE,
        client
            .notifications()
            .update(s, found.notification)
            .channels("[email,ios]")
            .send(),
    )
    .await;

    // Settings are written back with the value the list reported.
    tour.step(
        &ops::STACK_SETTINGS_UPDATE,
        client
            .stack_settings()
            .update(s, &found.stack_setting, &found.stack_setting_value)
            .send(),
    )
    .await;
    tour.step(
        &ops::SERVER_SETTINGS_UPDATE,
        client
            .server_settings()
            .update(
                s,
                &found.server,
                &found.server_setting,
                &found.server_setting_value,
            )
            .send(),
    )
    .await;

    tour.step(&ops::BACKUPS_CREATE, client.backups().create(s).send())
        .await;
    tour.step(
        &ops::BACKUPS_IMPORT,
        client
            .backups()
            .import(
                s,
                5,
                BackupDbType::Mysql,
                "https://s3.amazonaws.com/c66-managed-backup-non-prod/2aad2bb5a70e621ecf251fbd85af6927/backups/09a7dec0efdaa19b44148fccbf6128ec/redis/redis_23/2014.07.01.07.00.46/redis_23.tar",
            )
            .send(),
    )
    .await;

    // A device: added, changed, then deleted again.
    let token = "htyukjbnnmshthkr";
    let users = client.users();
    tour.step(
        &ops::USERS_ADD_DEVICE,
        users
            .add_device(found.user, DeviceType::Ios, DeviceSubType::Iphone, token)
            .send(),
    )
    .await;
    tour.step(
        &ops::USERS_UPDATE_DEVICE,
        users
            .update_device(found.user, token, DeviceType::Ios, DeviceSubType::Ipad)
            .send(),
    )
    .await;
    tour.step(
        &ops::USERS_DELETE_DEVICE,
        users.delete_device(found.user, token).send(),
    )
    .await;
}

/// Calls every `GET` operation (every operation with `include_writes`), then counts each
/// operation of [`OPERATIONS`] the tour did not visit as a failure, so a new endpoint in the
/// spec cannot be skipped silently.
pub(crate) async fn run(client: &Client, include_writes: bool, out: &mut dyn Write) -> Score {
    let mut tour = Tour::new(out);
    let found = reads(&mut tour, client).await;
    if include_writes {
        writes(&mut tour, client, &found).await;
    }
    for op in OPERATIONS {
        let wanted = include_writes || op.method == Method::Get;
        if wanted && !tour.visited.contains(&key(op)) {
            tour.failed += 1;
            tour.say(format_args!(
                "ERR {} {} {}: not visited by the tour",
                op.method, op.path, op.rust_method
            ));
        }
    }
    Score {
        passed: tour.passed,
        failed: tour.failed,
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            let _ = writeln!(std::io::stdout(), "{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("tour: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let client = match make_client(&args) {
        Ok(client) => client,
        Err(error) => {
            eprintln!("tour: {error}");
            return ExitCode::from(2);
        }
    };

    let mut stdout = std::io::stdout().lock();
    let Score { passed, failed } = run(&client, args.include_writes, &mut stdout).await;
    // A closed stdout (say, piped into `head`) is not worth a panic.
    let _ = writeln!(stdout, "{passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

//! The generator's configuration: one TOML file per target API.
//!
//! Without a file ([`Config::default`]) the generator makes a working client
//! for any blueprint: bodies are decoded as written, nothing is a page, no
//! operation needs a scope, the base URL is the spec's `HOST` (or required
//! from the caller). A file adds what is specific to one API and cannot be
//! read from API Blueprint itself: its `[conventions]` (a response envelope,
//! a page shape, a scope marker in descriptions, rate-limit headers, the
//! error body and its status table, an asynchronous action object, OAuth2
//! endpoints, the authentication scheme where the spec's is wrong or
//! missing), the generated crate's names (`[crate]`), corrections to what
//! the spec gets wrong (`[[type]]`, `[[method]]`, `[[field]]`,
//! `[[value_table]]`, `[[path]]`), and the warnings a maintainer accepts
//! (`[lint] allow`).
//!
//! Every key is documented in `crates/codegen/cloud66.toml`, the Cloud 66
//! configuration, and in the README. Unknown keys are errors, and so is a
//! correction that matches nothing (`unused-override`), so a stale entry
//! cannot linger.

use blueprint_parser::Diagnostic;
use serde::{Deserialize, Serialize};

use crate::infer::overrides::{
    FieldPin, LinkTarget, MethodRename, NextKind, Overrides, PagingOverride, PagingSetting,
    PathFix, TypeRename, ValueTableLink,
};
use crate::model::TypeRef;

/// A whole configuration file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The generated crate's names (`[crate]`).
    pub krate: CrateConfig,
    /// What is specific to this API (`[conventions]`).
    pub conventions: Conventions,
    /// Corrections to the spec.
    pub overrides: Overrides,
    /// Which warnings are not shown (`[lint]`).
    pub lint: LintConfig,
    /// How to generate (`[generate]`).
    pub generate: GenerateConfig,
}

/// The `[lint]` table: warning codes the maintainer has read and accepts
/// (`allow = ["body-indentation"]`). Allowed warnings are counted in one
/// line rather than shown; errors cannot be allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintConfig {
    /// The codes not shown.
    pub allow: Vec<String>,
}

/// The `[generate]` table: how strict generation is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenerateConfig {
    /// Generate despite the spec errors that have one safe reading (see
    /// [`crate::pipeline::LENIENT_CODES`]), each then a warning saying what
    /// the client does: a type the spec names but never defines becomes
    /// `serde_json::Value`. The `--lenient` flag of `cargo xtask generate`,
    /// `regen` and `types` sets it too.
    pub lenient: bool,
}

/// The `[crate]` table: how the generated crate is named.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrateConfig {
    /// The package name (default: from the API name, e.g. `my-api-client`).
    pub name: Option<String>,
    /// The library name `use`d by programs (default: the package name in snake case).
    pub lib: Option<String>,
    /// The API's name in docs (default: the blueprint's `# API name`, else the package name).
    pub api_name: Option<String>,
    /// The package version (default `0.1.0`).
    pub version: Option<String>,
    /// The package description.
    pub description: Option<String>,
    /// Where the spec is published (`cargo xtask fetch-spec` downloads it).
    pub spec_url: Option<String>,
}

/// The `[conventions]` table: what one API does that API Blueprint cannot say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conventions {
    /// The environment variable holding the API token (default `{LIB}_TOKEN`).
    pub token_env: Option<String>,
    /// The environment variable that overrides the base URL (default `{LIB}_BASE_URL`).
    pub base_url_env: Option<String>,
    /// The key every response body wraps its data in (`{"response": …}`).
    pub envelope: Option<String>,
    /// The shape of a page of a listing, and how to ask for the next one.
    pub page: Option<PageConvention>,
    /// How descriptions name the OAuth scope an operation needs.
    pub scopes: Option<ScopeConvention>,
    /// The response headers that report the rate limit.
    pub rate_limit: Option<RateLimitHeaders>,
    /// The error body and the documented error codes.
    pub errors: ErrorConvention,
    /// The asynchronous action object and the operation that polls it.
    pub action: Option<ActionConvention>,
    /// The OAuth2 authorization-code endpoints.
    pub oauth: Option<OAuthEndpoints>,
    /// How callers authenticate, when the spec does not say (or says wrong).
    pub auth: Option<AuthConvention>,
}

/// `[conventions.auth]`: the authentication scheme, overriding what the
/// spec's headers and prose say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthConvention {
    /// The scheme.
    pub scheme: crate::model::AuthScheme,
    /// Whether calls need the credentials (default: yes, unless the scheme is `none`).
    pub required: bool,
}

/// `[conventions.page]`: a page is an object holding the items and page numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageConvention {
    /// The key of the items array (`response`).
    pub items: String,
    /// The key of the number of items on the page, if the API sends one (`count`).
    pub count: Option<String>,
    /// The key of the object holding the page numbers (`pagination`); a body
    /// without it is not a page.
    pub pagination: String,
    /// Keys inside the pagination object.
    pub fields: PaginationFields,
    /// The query parameter naming the page to fetch (`page`).
    pub page_parameter: String,
    /// The query parameter setting the page size (`per_page`), if any.
    pub per_page_parameter: Option<String>,
    /// The number of the first page (1).
    pub first_page: u64,
}

/// The keys of a pagination object; each is optional but `next`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaginationFields {
    /// The previous page's number, `null` on the first page.
    pub previous: Option<String>,
    /// The next page's number, `null` on the last page.
    pub next: String,
    /// This page's number.
    pub current: Option<String>,
    /// The page size.
    pub per_page: Option<String>,
    /// The number of items in the whole listing.
    pub total: Option<String>,
    /// The number of pages in the listing.
    pub pages: Option<String>,
}

/// `[conventions.scopes]`: the OAuth scopes and where descriptions name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeConvention {
    /// The word of the description list item that names an operation's scope
    /// (`Scope` for `- Scope: _admin_`).
    pub marker: String,
    /// A scope every token has (`public`), never checked.
    pub always_granted: Option<String>,
    /// The documented scopes, in order, with what each allows.
    pub known: Vec<ScopeDoc>,
}

/// One documented scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeDoc {
    /// The scope's name as OAuth2 spells it.
    pub name: String,
    /// What a token with it may do.
    pub doc: String,
}

/// `[conventions.rate_limit]`: the headers of the rate-limit state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateLimitHeaders {
    /// The requests allowed per interval (`X-RateLimit-Limit`).
    pub limit: String,
    /// The requests left (`X-RateLimit-Remaining`).
    pub remaining: String,
}

/// `[conventions.errors]`: where an error body keeps its code and message,
/// and the documented codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorConvention {
    /// Keys (dotted for nested objects) of the error code, tried in order.
    pub code_keys: Vec<String>,
    /// Keys of the human-readable message, tried in order.
    pub message_keys: Vec<String>,
    /// The heading of the spec's table of statuses and codes (columns: code,
    /// message, description), if it has one.
    pub status_table: Option<String>,
    /// More codes than the table lists, or corrections of its entries.
    pub codes: Vec<ErrorCodeConfig>,
    /// Codes worth retrying (besides undocumented 408, 429, 502, 503 and 504).
    pub retryable: Vec<String>,
    /// 1-based line of the table in the configuration file.
    pub line: u32,
}

impl Default for ErrorConvention {
    fn default() -> Self {
        ErrorConvention {
            code_keys: vec!["error.code".into(), "code".into()],
            message_keys: vec![
                "message".into(),
                "error.message".into(),
                "error_description".into(),
                "detail".into(),
                "error".into(),
            ],
            status_table: None,
            codes: Vec::new(),
            retryable: Vec::new(),
            line: 1,
        }
    }
}

/// One documented error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCodeConfig {
    /// The code as the API spells it (`throttled`).
    pub code: String,
    /// The statuses that carry it.
    pub statuses: Vec<u16>,
    /// What it means.
    pub doc: String,
    /// 1-based line of the entry in the configuration file.
    pub line: u32,
}

/// `[conventions.action]`: an object that tracks asynchronous work, and the
/// operation that fetches it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionConvention {
    /// The model type of the action object (`StackAction`).
    pub type_name: String,
    /// The operation (action or resource name) that fetches one action.
    pub poll: String,
    /// The action's identifier field, also the poll operation's path
    /// variable of that name (`id`).
    pub id: String,
    /// The field set once the action has finished (`finished_at`).
    pub finished: String,
    /// The field saying whether it succeeded (`finished_success`).
    pub success: String,
    /// 1-based line of the table in the configuration file.
    pub line: u32,
}

/// `[conventions.oauth]`: the OAuth2 authorization-code flow's endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OAuthEndpoints {
    /// Where users are sent to grant access.
    pub authorize_url: String,
    /// Where codes are exchanged for tokens.
    pub token_url: String,
}

/// Why a configuration file could not be read: diagnostics located in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// One error per problem, located in the configuration file.
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .diagnostics
            .iter()
            .map(|d| format!("line {}: {}", d.line, d.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Parses a configuration file. Errors (TOML syntax, unknown keys,
    /// invalid names, types or URLs) come back as diagnostics located in `text`.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        parse(text).map_err(|diagnostics| ConfigError { diagnostics })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default, rename = "crate")]
    krate: RawCrate,
    #[serde(default)]
    generate: RawGenerate,
    #[serde(default)]
    conventions: Option<toml::Spanned<RawConventions>>,
    #[serde(default, rename = "type")]
    types: Vec<toml::Spanned<RawType>>,
    #[serde(default, rename = "method")]
    methods: Vec<toml::Spanned<RawMethod>>,
    #[serde(default, rename = "field")]
    fields: Vec<toml::Spanned<RawField>>,
    #[serde(default, rename = "value_table")]
    value_tables: Vec<toml::Spanned<RawValueTable>>,
    #[serde(default, rename = "path")]
    paths: Vec<toml::Spanned<RawPath>>,
    #[serde(default, rename = "paging")]
    pagings: Vec<toml::Spanned<RawPaging>>,
    #[serde(default)]
    lint: Option<toml::Spanned<RawLint>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLint {
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuth {
    scheme: String,
    header: Option<String>,
    required: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawGenerate {
    #[serde(default)]
    lenient: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCrate {
    name: Option<String>,
    lib: Option<String>,
    api: Option<String>,
    version: Option<String>,
    description: Option<String>,
    spec_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConventions {
    token_env: Option<String>,
    base_url_env: Option<String>,
    envelope: Option<String>,
    page: Option<RawPage>,
    scopes: Option<RawScopes>,
    rate_limit: Option<RawRateLimit>,
    errors: Option<toml::Spanned<RawErrors>>,
    action: Option<toml::Spanned<RawAction>>,
    oauth: Option<RawOAuth>,
    auth: Option<RawAuth>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    items: String,
    count: Option<String>,
    pagination: String,
    previous: Option<String>,
    next: String,
    current: Option<String>,
    per_page: Option<String>,
    total: Option<String>,
    pages: Option<String>,
    page_parameter: String,
    per_page_parameter: Option<String>,
    #[serde(default = "one")]
    first_page: u64,
}

fn one() -> u64 {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScopes {
    marker: String,
    always_granted: Option<String>,
    #[serde(default)]
    known: Vec<RawScope>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScope {
    name: String,
    #[serde(default)]
    doc: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRateLimit {
    limit: String,
    remaining: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawErrors {
    code_keys: Option<Vec<String>>,
    message_keys: Option<Vec<String>>,
    status_table: Option<String>,
    #[serde(default, rename = "code")]
    codes: Vec<toml::Spanned<RawCode>>,
    #[serde(default)]
    retryable: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCode {
    code: String,
    statuses: Vec<u16>,
    #[serde(default)]
    doc: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    #[serde(rename = "type")]
    type_name: String,
    poll: String,
    id: String,
    finished: String,
    success: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOAuth {
    authorize_url: String,
    token_url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawType {
    name: String,
    rename: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMethod {
    operation: String,
    #[serde(rename = "fn")]
    fn_name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    #[serde(rename = "type")]
    type_name: String,
    field: String,
    pin: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValueTable {
    table: String,
    #[serde(rename = "type")]
    type_name: Option<String>,
    field: Option<String>,
    operation: Option<String>,
    param: Option<String>,
    #[serde(rename = "enum")]
    enum_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPath {
    operation: String,
    path: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPaging {
    operation: String,
    paged: Option<bool>,
    items: Option<String>,
    next: Option<String>,
    kind: Option<String>,
    parameter: Option<String>,
    size_parameter: Option<String>,
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    u32::try_from(text[..end].bytes().filter(|&b| b == b'\n').count() + 1).unwrap_or(u32::MAX)
}

fn is_type_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_fn_name(s: &str) -> bool {
    crate::infer::naming::snake_ident(s) == s
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A package name cargo accepts: ASCII letters, digits, `-` and `_`, starting with a letter.
fn is_package_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn is_env_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A diagnostic code: lower-case words joined by `-` (`body-indentation`).
fn is_diagnostic_code(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// The scheme of `[conventions.auth]`: `bearer`, `basic`, `api-key` (with
/// `header`), `none`, or another word of the `Authorization` header (`Token`).
fn auth_scheme(scheme: &str, header: Option<String>) -> Result<crate::model::AuthScheme, String> {
    use crate::model::AuthScheme;
    let lower = scheme.to_ascii_lowercase();
    let scheme = match lower.as_str() {
        "none" => AuthScheme::None,
        "basic" => AuthScheme::Basic,
        "bearer" => AuthScheme::Token {
            scheme: "Bearer".to_owned(),
        },
        "api-key" | "api_key" | "apikey" => {
            let header = header.ok_or("the `api-key` scheme needs a `header`")?;
            if header.is_empty() || !header.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return Err(format!("`{header}` is not a header name"));
            }
            return Ok(AuthScheme::ApiKey { header });
        }
        _ if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => {
            AuthScheme::Token {
                scheme: scheme.to_owned(),
            }
        }
        _ => return Err(format!("`{scheme}` is not an authentication scheme (bearer, basic, api-key, none, or the word of an `Authorization` header)")),
    };
    if header.is_some() {
        return Err("`header` goes with the `api-key` scheme only".to_owned());
    }
    Ok(scheme)
}

fn is_http_url(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        vec![Diagnostic::error(
            "invalid-config",
            line,
            1,
            e.message().to_owned(),
        )]
    })?;
    let mut errors = Vec::new();
    let mut bad = |line: u32, message: String| {
        errors.push(Diagnostic::error("invalid-config", line, 1, message));
    };
    let mut config = Config {
        generate: GenerateConfig {
            lenient: raw.generate.lenient,
        },
        ..Config::default()
    };

    let krate = raw.krate;
    if let Some(name) = krate.name.as_deref().filter(|n| !is_package_name(n)) {
        bad(
            1,
            format!("[crate] name `{name}` is not a cargo package name"),
        );
    }
    if let Some(lib) = krate.lib.as_deref().filter(|l| !is_fn_name(l)) {
        bad(1, format!("[crate] lib `{lib}` is not a Rust crate name"));
    }
    if let Some(url) = krate.spec_url.as_deref().filter(|u| !is_http_url(u)) {
        bad(1, format!("[crate] spec_url `{url}` is not an http(s) URL"));
    }
    config.krate = CrateConfig {
        name: krate.name,
        lib: krate.lib,
        api_name: krate.api,
        version: krate.version,
        description: krate.description,
        spec_url: krate.spec_url,
    };

    if let Some(c) = raw.conventions {
        let line = line_of(text, c.span().start);
        let c = c.into_inner();
        for env in [&c.token_env, &c.base_url_env].into_iter().flatten() {
            if !is_env_name(env) {
                bad(line, format!("`{env}` is not an environment variable name"));
            }
        }
        let conventions = &mut config.conventions;
        conventions.token_env = c.token_env;
        conventions.base_url_env = c.base_url_env;
        conventions.envelope = c.envelope;
        conventions.page = c.page.map(|p| PageConvention {
            items: p.items,
            count: p.count,
            pagination: p.pagination,
            fields: PaginationFields {
                previous: p.previous,
                next: p.next,
                current: p.current,
                per_page: p.per_page,
                total: p.total,
                pages: p.pages,
            },
            page_parameter: p.page_parameter,
            per_page_parameter: p.per_page_parameter,
            first_page: p.first_page,
        });
        conventions.scopes = c.scopes.map(|s| ScopeConvention {
            marker: s.marker,
            always_granted: s.always_granted,
            known: s
                .known
                .into_iter()
                .map(|k| ScopeDoc {
                    name: k.name,
                    doc: k.doc,
                })
                .collect(),
        });
        conventions.rate_limit = c.rate_limit.map(|r| RateLimitHeaders {
            limit: r.limit,
            remaining: r.remaining,
        });
        if let Some(e) = c.errors {
            let errors_line = line_of(text, e.span().start);
            let e = e.into_inner();
            let defaults = ErrorConvention::default();
            conventions.errors = ErrorConvention {
                code_keys: e.code_keys.unwrap_or(defaults.code_keys),
                message_keys: e.message_keys.unwrap_or(defaults.message_keys),
                status_table: e.status_table,
                codes: e
                    .codes
                    .into_iter()
                    .map(|code| {
                        let line = line_of(text, code.span().start);
                        let code = code.into_inner();
                        ErrorCodeConfig {
                            code: code.code,
                            statuses: code.statuses,
                            doc: code.doc,
                            line,
                        }
                    })
                    .collect(),
                retryable: e.retryable,
                line: errors_line,
            };
        }
        conventions.action = c.action.map(|a| {
            let line = line_of(text, a.span().start);
            let a = a.into_inner();
            if !is_type_name(&a.type_name) {
                bad(line, format!("`{}` is not a type name", a.type_name));
            }
            ActionConvention {
                type_name: a.type_name,
                poll: a.poll,
                id: a.id,
                finished: a.finished,
                success: a.success,
                line,
            }
        });
        if let Some(o) = &c.oauth {
            for url in [&o.authorize_url, &o.token_url] {
                if !is_http_url(url) {
                    bad(line, format!("`{url}` is not an http(s) URL"));
                }
            }
        }
        conventions.oauth = c.oauth.map(|o| OAuthEndpoints {
            authorize_url: o.authorize_url,
            token_url: o.token_url,
        });
        if let Some(a) = c.auth {
            match auth_scheme(&a.scheme, a.header) {
                Ok(scheme) => {
                    let required = a
                        .required
                        .unwrap_or(scheme != crate::model::AuthScheme::None);
                    conventions.auth = Some(AuthConvention { scheme, required });
                }
                Err(message) => bad(line, message),
            }
        }
    }
    if let Some(lint) = raw.lint {
        let line = line_of(text, lint.span().start);
        let lint = lint.into_inner();
        for code in &lint.allow {
            if !is_diagnostic_code(code) {
                bad(
                    line,
                    format!("`{code}` is not a diagnostic code (like `body-indentation`)"),
                );
            }
        }
        config.lint.allow = lint.allow;
    }

    let out = &mut config.overrides;
    for t in raw.types {
        let line = line_of(text, t.span().start);
        let t = t.into_inner();
        if !is_type_name(&t.rename) {
            bad(line, format!("`{}` is not a type name", t.rename));
        }
        out.types.push(TypeRename {
            name: t.name,
            rename: t.rename,
            line,
        });
    }
    for m in raw.methods {
        let line = line_of(text, m.span().start);
        let m = m.into_inner();
        if !is_fn_name(&m.fn_name) {
            bad(line, format!("`{}` is not a method name", m.fn_name));
        }
        out.methods.push(MethodRename {
            operation: m.operation,
            fn_name: m.fn_name,
            line,
        });
    }
    for f in raw.fields {
        let line = line_of(text, f.span().start);
        let f = f.into_inner();
        match TypeRef::parse_spelling(&f.pin) {
            Some(pin) => out.fields.push(FieldPin {
                type_name: f.type_name,
                field: f.field,
                pin,
                line,
            }),
            None => bad(line, format!("`{}` is not a type", f.pin)),
        }
    }
    for v in raw.value_tables {
        let line = line_of(text, v.span().start);
        let v = v.into_inner();
        let target = match (v.type_name, v.field, v.operation, v.param) {
            (Some(type_name), Some(field), None, None) => LinkTarget::Field { type_name, field },
            (None, None, Some(operation), Some(param)) => LinkTarget::Param { operation, param },
            _ => {
                bad(
                    line,
                    "a value_table entry needs either `type` and `field`, or `operation` and `param`"
                        .to_owned(),
                );
                continue;
            }
        };
        out.value_tables.push(ValueTableLink {
            table: v.table,
            target,
            enum_name: v.enum_name,
            line,
        });
    }
    for p in raw.paths {
        let line = line_of(text, p.span().start);
        let p = p.into_inner();
        if !p.path.starts_with('/') {
            bad(line, format!("`{}` is not a path", p.path));
        }
        out.paths.push(PathFix {
            operation: p.operation,
            path: p.path,
            line,
        });
    }
    for p in raw.pagings {
        let line = line_of(text, p.span().start);
        let p = p.into_inner();
        let kind = match p.kind.as_deref() {
            None => None,
            Some("number") => Some(NextKind::Number),
            Some("cursor") => Some(NextKind::Cursor),
            Some("link") => Some(NextKind::Link),
            Some(other) => {
                bad(
                    line,
                    format!("`{other}` is not `number`, `cursor` or `link`"),
                );
                continue;
            }
        };
        let paging = match (p.paged, p.items, p.next, kind, p.parameter) {
            (Some(false), None, None, None, None) if p.size_parameter.is_none() => None,
            (None | Some(true), Some(items), Some(next), Some(kind), Some(parameter)) => {
                Some(PagingSetting {
                    items,
                    next: next.split('.').map(str::to_owned).collect(),
                    kind,
                    parameter,
                    size_parameter: p.size_parameter,
                })
            }
            _ => {
                bad(
                    line,
                    "a paging entry is either `paged = false`, or has `items`, `next`, `kind` and `parameter`".to_owned(),
                );
                continue;
            }
        };
        out.pagings.push(PagingOverride {
            operation: p.operation,
            paging,
            line,
        });
    }
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generate_table_sets_lenient_generation() {
        assert!(!Config::default().generate.lenient);
        let config = Config::from_toml("[generate]\nlenient = true\n").expect("valid");
        assert!(config.generate.lenient);
        let error = Config::from_toml("[generate]\nlax = true\n").expect_err("unknown key");
        assert_eq!(error.diagnostics[0].line, 2);
    }

    #[test]
    fn parses_every_correction_kind_with_lines() {
        let text = "[[type]]\nname = \"A\"\nrename = \"B\"\n\n[[method]]\noperation = \"X\"\nfn = \"get_x\"\n\n[[field]]\ntype = \"A\"\nfield = \"f\"\npin = \"Vec<i64>\"\n\n[[value_table]]\ntable = \"T\"\noperation = \"X\"\nparam = \"p\"\n\n[[path]]\noperation = \"X\"\npath = \"/x/{id}\"\n";
        let o = Config::from_toml(text).unwrap().overrides;
        assert_eq!(o.types[0].line, 1);
        assert_eq!(o.methods[0].line, 5);
        assert_eq!(o.fields[0].pin, TypeRef::List(Box::new(TypeRef::I64)));
        assert_eq!(
            o.value_tables[0].target,
            LinkTarget::Param {
                operation: "X".into(),
                param: "p".into()
            }
        );
        assert_eq!(o.paths[0].path, "/x/{id}");
    }

    #[test]
    fn the_spec_url_is_an_http_url() {
        let ok =
            Config::from_toml("[crate]\nspec_url = \"https://example.com/api.apib\"\n").unwrap();
        assert_eq!(
            ok.krate.spec_url.as_deref(),
            Some("https://example.com/api.apib")
        );
        let error = Config::from_toml("[crate]\nspec_url = \"ftp://example.com/a\"\n").unwrap_err();
        assert!(error.to_string().contains("spec_url"), "{error}");
    }

    #[test]
    fn parses_conventions() {
        let text = "[crate]\nname = \"x-api\"\nlib = \"x\"\n\n[conventions]\nenvelope = \"data\"\ntoken_env = \"X_TOKEN\"\n\n[conventions.page]\nitems = \"data\"\npagination = \"meta\"\nnext = \"next\"\npage_parameter = \"p\"\n\n[conventions.errors]\nstatus_table = \"Codes\"\n\n[[conventions.errors.code]]\ncode = \"slow_down\"\nstatuses = [429]\n";
        let c = Config::from_toml(text).unwrap();
        assert_eq!(c.krate.lib.as_deref(), Some("x"));
        assert_eq!(c.conventions.envelope.as_deref(), Some("data"));
        let page = c.conventions.page.unwrap();
        assert_eq!((page.first_page, page.fields.next.as_str()), (1, "next"));
        let errors = c.conventions.errors;
        assert_eq!(errors.codes[0].statuses, [429]);
        assert_eq!(errors.codes[0].line, 18);
        assert_eq!(errors.code_keys, ErrorConvention::default().code_keys);
    }

    #[test]
    fn parses_auth_and_lint() {
        use crate::model::AuthScheme;
        let text = "[conventions.auth]\nscheme = \"api-key\"\nheader = \"X-Api-Key\"\n\n[lint]\nallow = [\"body-indentation\", \"tab-character\"]\n";
        let c = Config::from_toml(text).unwrap();
        let auth = c.conventions.auth.unwrap();
        assert_eq!(
            auth.scheme,
            AuthScheme::ApiKey {
                header: "X-Api-Key".into()
            }
        );
        assert!(auth.required);
        assert_eq!(c.lint.allow, ["body-indentation", "tab-character"]);
        let none = Config::from_toml("[conventions.auth]\nscheme = \"none\"\n").unwrap();
        assert!(!none.conventions.auth.unwrap().required);
        let token = Config::from_toml("[conventions.auth]\nscheme = \"Token\"\nrequired = false\n")
            .unwrap();
        let token = token.conventions.auth.unwrap();
        assert_eq!(
            token.scheme,
            AuthScheme::Token {
                scheme: "Token".into()
            }
        );
        assert!(!token.required);
    }

    #[test]
    fn rejects_bad_entries() {
        let fails = |text: &str| Config::from_toml(text).unwrap_err().diagnostics;
        assert!(!fails("[[type]]\nname = \"A\"\nrename = \"not a name\"\n").is_empty());
        assert!(!fails("[[field]]\ntype = \"A\"\nfield = \"f\"\npin = \"Vec<\"\n").is_empty());
        assert!(!fails("[[bogus]]\n").is_empty());
        assert!(!fails("[conventions]\ntoken_env = \"A B\"\n").is_empty());
        assert!(
            !fails("[conventions.oauth]\nauthorize_url = \"x\"\ntoken_url = \"y\"\n").is_empty()
        );
        assert!(!fails("[crate]\nname = \"no spaces allowed\"\n").is_empty());
        assert!(!fails("[conventions.auth]\nscheme = \"api-key\"\n").is_empty());
        assert!(!fails("[conventions.auth]\nscheme = \"bearer\"\nheader = \"X\"\n").is_empty());
        assert!(!fails("[lint]\nallow = [\"Body Indentation\"]\n").is_empty());
        // A paging entry is either off, or complete with a known kind.
        assert!(!fails("[[paging]]\noperation = \"L\"\nitems = \"rows\"\n").is_empty());
        assert!(
            !fails("[[paging]]\noperation = \"L\"\npaged = false\nitems = \"rows\"\n").is_empty()
        );
        assert!(!fails(
            "[[paging]]\noperation = \"L\"\nitems = \"r\"\nnext = \"n\"\nkind = \"offset\"\nparameter = \"p\"\n"
        )
        .is_empty());
        let e = fails("\n\n[[value_table]]\ntable = \"T\"\n");
        assert_eq!(e[0].line, 3);
    }
}

//! What the API is and how it behaves ([`ApiInfo`]): names, base URL and
//! the configured conventions, checked against the spec.
//!
//! Conventions that name something of the spec (the status table, the
//! action type and its polling operation) must find it: a stale entry is an
//! `unused-convention` error located in the configuration file. The spec
//! may use more than the configuration knows (a scope it does not list):
//! that generates working code with a warning.

use std::collections::BTreeSet;

use blueprint_parser::{Blueprint, Diagnostic, Severity};

use super::enums::DocTable;
use super::naming::{camel_ident, package_name, snake_ident, unique};
use super::Inference;
use crate::model::{
    ActionInfo, ApiInfo, AuthScheme, ErrorCodeInfo, Operation, ScopeInfo, SpecSource, TypeKind,
};

impl Inference<'_> {
    /// The API description of the model; `bp` is `None` for models built from bare values.
    pub(super) fn api_info(
        &mut self,
        bp: Option<&Blueprint>,
        operations: &[Operation],
        tables: &[DocTable],
    ) -> ApiInfo {
        let krate = &self.config.krate;
        let conventions = self.conventions;
        let name = krate
            .api_name
            .clone()
            .or_else(|| bp.and_then(api_title))
            .or_else(|| krate.name.clone())
            .unwrap_or_else(|| "API".to_owned());
        let package = krate.name.clone().unwrap_or_else(|| package_name(&name));
        let lib = krate
            .lib
            .clone()
            .unwrap_or_else(|| snake_ident(&package.replace('-', "_")));
        let upper = lib.to_ascii_uppercase();
        let base_url = bp.and_then(|bp| bp.metadata.host.clone());
        let description = krate.description.clone().unwrap_or_else(|| {
            format!(
                "A typed async client for {}, generated from its API Blueprint.",
                crate::model::api_phrase(&name)
            )
        });
        let auth = self.auth.clone();
        let secret = match &auth.scheme {
            AuthScheme::ApiKey { .. } => "API_KEY",
            AuthScheme::Basic => "PASSWORD",
            AuthScheme::Token { .. } | AuthScheme::None => "TOKEN",
        };
        let username_env = (auth.scheme == AuthScheme::Basic).then(|| format!("{upper}_USERNAME"));
        ApiInfo {
            package,
            version: krate.version.clone().unwrap_or_else(|| "0.1.0".to_owned()),
            description,
            source: SpecSource::default(),
            base_url: base_url.filter(|h| h.starts_with("http://") || h.starts_with("https://")),
            token_env: conventions
                .token_env
                .clone()
                .unwrap_or_else(|| format!("{upper}_{secret}")),
            username_env,
            base_url_env: conventions
                .base_url_env
                .clone()
                .unwrap_or_else(|| format!("{upper}_BASE_URL")),
            envelope: conventions.envelope.clone(),
            page: conventions.page.clone(),
            scopes: self.scopes(operations),
            always_granted_scope: conventions
                .scopes
                .as_ref()
                .and_then(|s| s.always_granted.clone()),
            rate_limit: conventions.rate_limit.clone(),
            error_code_keys: conventions.errors.code_keys.clone(),
            error_message_keys: conventions.errors.message_keys.clone(),
            error_codes: self.error_codes(tables),
            action: self.action(operations),
            oauth: conventions.oauth.clone(),
            auth,
            name,
            lib,
        }
    }

    /// The scopes: the documented ones in order, then those the spec uses
    /// without the configuration knowing them (with a warning each).
    fn scopes(&mut self, operations: &[Operation]) -> Vec<ScopeInfo> {
        let Some(convention) = &self.conventions.scopes else {
            return Vec::new();
        };
        let mut names: Vec<(String, String)> = convention
            .known
            .iter()
            .map(|k| (k.name.clone(), k.doc.clone()))
            .collect();
        for op in operations {
            let Some(scope) = &op.scope else { continue };
            if names.iter().any(|(n, _)| n == scope) {
                continue;
            }
            if !convention.known.is_empty() {
                self.warn(
                    "unknown-scope",
                    Some(op.line),
                    format!("`{}` needs the scope `{scope}`, which the configuration does not list; it is generated as `Scope::{}`", op.action, camel_ident(scope)),
                );
            }
            names.push((scope.clone(), String::new()));
        }
        let mut taken = BTreeSet::new();
        names
            .into_iter()
            .map(|(name, doc)| {
                let rust = unique(&camel_ident(&name), &taken);
                taken.insert(rust.clone());
                ScopeInfo { name, rust, doc }
            })
            .collect()
    }

    /// The documented error codes: the spec's status table (if the
    /// configuration names one), then the configuration's own entries
    /// (which also correct the table's).
    fn error_codes(&mut self, tables: &[DocTable]) -> Vec<ErrorCodeInfo> {
        let errors = &self.conventions.errors;
        let mut codes: Vec<(String, Vec<u16>, String)> = Vec::new();
        if let Some(heading) = &errors.status_table {
            let named = |t: &&DocTable| {
                t.heading.eq_ignore_ascii_case(heading) || t.section.eq_ignore_ascii_case(heading)
            };
            match tables.iter().find(named) {
                Some(table) => codes.extend(status_rows(table)),
                None => self.convention_error(
                    errors.line,
                    format!("the status table `{heading}` is not in the spec"),
                ),
            }
        }
        for entry in &errors.codes {
            match codes.iter_mut().find(|(code, _, _)| *code == entry.code) {
                Some((_, statuses, doc)) => {
                    for s in &entry.statuses {
                        if !statuses.contains(s) {
                            statuses.push(*s);
                        }
                    }
                    if !entry.doc.is_empty() {
                        doc.clone_from(&entry.doc);
                    }
                }
                None => codes.push((
                    entry.code.clone(),
                    entry.statuses.clone(),
                    entry.doc.clone(),
                )),
            }
        }
        for retryable in &errors.retryable {
            if !codes.iter().any(|(c, _, _)| c == retryable) {
                self.convention_error(
                    errors.line,
                    format!("the retryable code `{retryable}` is not a documented error code"),
                );
            }
        }
        // `Other` is the catch-all variant of the generated enum.
        let mut taken: BTreeSet<String> = ["Other".to_owned()].into();
        codes
            .into_iter()
            .map(|(code, statuses, doc)| {
                let rust = unique(&camel_ident(&code), &taken);
                taken.insert(rust.clone());
                let retryable = errors.retryable.contains(&code);
                ErrorCodeInfo {
                    code,
                    rust,
                    statuses,
                    doc,
                    retryable,
                }
            })
            .collect()
    }

    /// The action convention, checked: the type is a struct with the three
    /// fields, and the polling operation exists and has the id in its path.
    fn action(&mut self, operations: &[Operation]) -> Option<ActionInfo> {
        let convention = self.conventions.action.as_ref()?;
        let line = convention.line;
        let Some(def) = self.types.get(&convention.type_name) else {
            self.convention_error(line, format!("no type is named `{}`", convention.type_name));
            return None;
        };
        let TypeKind::Struct { fields } = &def.kind else {
            self.convention_error(line, format!("`{}` is not a struct", def.name));
            return None;
        };
        let missing: Vec<&str> = [&convention.id, &convention.finished, &convention.success]
            .into_iter()
            .filter(|key| !fields.iter().any(|f| &f.json == *key))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            self.convention_error(
                line,
                format!("`{}` has no field `{}`", def.name, missing.join("`, `")),
            );
            return None;
        }
        let poll = operations
            .iter()
            .position(|op| op.action == convention.poll)
            .or_else(|| {
                operations
                    .iter()
                    .position(|op| op.resource == convention.poll)
            });
        let Some(poll) = poll else {
            self.convention_error(line, format!("no operation is named `{}`", convention.poll));
            return None;
        };
        if !operations[poll].path.has_variable(&convention.id) {
            self.convention_error(
                line,
                format!(
                    "the path `{}` of `{}` has no `{{{}}}` variable for the action's id",
                    operations[poll].path, convention.poll, convention.id
                ),
            );
            return None;
        }
        Some(ActionInfo {
            type_name: convention.type_name.clone(),
            poll,
            id_field: convention.id.clone(),
            finished_field: convention.finished.clone(),
            success_field: convention.success.clone(),
        })
    }

    fn convention_error(&mut self, line: u32, message: String) {
        self.config_diags.push(Diagnostic {
            severity: Severity::Error,
            code: "unused-convention".to_owned(),
            line,
            column: 1,
            length: 1,
            message: format!("this convention matches nothing in the spec: {message}"),
        });
    }
}

/// The API's title: a first-level heading at the top of the description
/// that is not a group (`# My API`), as API Blueprint names the API.
fn api_title(bp: &Blueprint) -> Option<String> {
    let first = bp.description.lines().find(|l| !l.trim().is_empty())?;
    let title = first.strip_prefix("# ")?.trim();
    (!title.is_empty() && !title.starts_with("Group ")).then(|| title.to_owned())
}

fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map(String::as_str).unwrap_or("")
}

/// The (code, statuses, description) rows of a status table: the column of
/// three-digit numbers is the status, the first column of identifiers after
/// it the code, the next one the description. Success statuses are skipped.
fn status_rows(table: &DocTable) -> Vec<(String, Vec<u16>, String)> {
    let columns = table.header.len();
    let Some(status_col) = (0..columns).find(|&i| {
        table
            .rows
            .iter()
            .all(|r| cell(r, i).len() == 3 && cell(r, i).parse::<u16>().is_ok())
    }) else {
        return Vec::new();
    };
    let Some(code_col) = (0..columns).filter(|&i| i != status_col).find(|&i| {
        table.rows.iter().all(|r| {
            let c = cell(r, i);
            !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
        })
    }) else {
        return Vec::new();
    };
    let doc_col = (0..columns).find(|&i| i != status_col && i != code_col);
    let mut out: Vec<(String, Vec<u16>, String)> = Vec::new();
    for row in &table.rows {
        let status: u16 = cell(row, status_col).parse().unwrap_or(0);
        if status < 400 {
            continue;
        }
        let code = cell(row, code_col).to_owned();
        let doc = doc_col.map(|i| cell(row, i).to_owned()).unwrap_or_default();
        match out.iter_mut().find(|(c, _, _)| *c == code) {
            Some((_, statuses, _)) => statuses.push(status),
            None => out.push((code, vec![status], doc)),
        }
    }
    out
}

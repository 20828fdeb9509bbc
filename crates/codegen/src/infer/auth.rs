//! How an API's callers authenticate ([`AuthInfo`]), read from the spec.
//!
//! API Blueprint has no security section: specs show their credentials as
//! request headers of their examples, describe them in prose, or say
//! nothing. The rule, first match wins:
//!
//! 1. `[conventions.auth]` in the configuration.
//! 2. Documented request headers: `Authorization: Basic …` is basic auth;
//!    `Authorization: <word> …` a token sent with that scheme word (`Bearer`,
//!    `Token`; a value of one word is a bearer token); a header named like a
//!    key or a token (`X-Api-Key`, `Api-Key`, `*-key`, `X-Auth-Token`,
//!    `*token*`) an API key sent in that header. The header documented on
//!    the most operations wins (the first seen on a tie). The credentials are
//!    required when every operation documents the header.
//! 3. The description of the API or of a group: "bearer" gives a bearer
//!    token, "basic auth(entication)" basic auth, "API key" with a header name
//!    in backticks an API key in that header; each required.
//! 4. Otherwise none: the client builds without credentials, and a token
//!    given anyway is sent as `Bearer` (a spec that mentions authentication
//!    without naming a scheme says so in the evidence).

use blueprint_parser::Blueprint;

use crate::config::Conventions;
use crate::model::{AuthInfo, AuthScheme};

/// The authentication of the API `bp` describes, with its configuration.
pub(super) fn detect(bp: &Blueprint, conventions: &Conventions) -> AuthInfo {
    if let Some(configured) = &conventions.auth {
        return AuthInfo {
            scheme: configured.scheme.clone(),
            required: configured.required,
            evidence: "the configuration (`[conventions.auth]`)".to_owned(),
        };
    }
    from_headers(bp)
        .or_else(|| from_prose(bp))
        .unwrap_or_else(|| none(bp))
}

/// What one documented request header says, if it is a credential.
fn scheme_of(name: &str, value: &str) -> Option<AuthScheme> {
    let lower = name.to_ascii_lowercase();
    if lower == "authorization" {
        let mut words = value.split_whitespace();
        let first = words.next()?;
        return Some(match (first.to_ascii_lowercase().as_str(), words.next()) {
            ("basic", Some(_)) => AuthScheme::Basic,
            ("bearer", _) | (_, None) => AuthScheme::Token {
                scheme: "Bearer".to_owned(),
            },
            (_, Some(_)) => AuthScheme::Token {
                scheme: first.to_owned(),
            },
        });
    }
    let keyed = lower.ends_with("-key")
        || lower.ends_with("_key")
        || lower == "apikey"
        || lower.contains("api-key")
        || lower.contains("apikey")
        || lower.contains("token");
    keyed.then(|| AuthScheme::ApiKey {
        header: name.to_owned(),
    })
}

/// The credential header documented on the most operations.
fn from_headers(bp: &Blueprint) -> Option<AuthInfo> {
    // (scheme, operations documenting it), in order of first appearance.
    let mut seen: Vec<(AuthScheme, usize)> = Vec::new();
    let mut operations = 0;
    for action in bp
        .groups
        .iter()
        .flat_map(|g| &g.resources)
        .flat_map(|r| &r.actions)
    {
        operations += 1;
        let mut here: Vec<AuthScheme> = Vec::new();
        for h in action.requests.iter().flat_map(|p| &p.headers) {
            if let Some(scheme) = scheme_of(&h.name, &h.value) {
                let same = |s: &AuthScheme| same_header(s, &scheme);
                if !here.iter().any(same) {
                    here.push(scheme);
                }
            }
        }
        for scheme in here {
            match seen.iter_mut().find(|(s, _)| same_header(s, &scheme)) {
                Some((_, count)) => *count += 1,
                None => seen.push((scheme, 1)),
            }
        }
    }
    let best = seen.iter().map(|(_, n)| *n).max()?;
    let (scheme, count) = seen.into_iter().find(|(_, n)| *n == best)?;
    let header = match &scheme {
        AuthScheme::Token { scheme } => format!("`Authorization: {scheme}`"),
        AuthScheme::Basic => "`Authorization: Basic`".to_owned(),
        AuthScheme::ApiKey { header } => format!("`{header}`"),
        AuthScheme::None => String::new(),
    };
    let required = count == operations;
    let evidence = if required {
        format!("the {header} header documented on every request")
    } else {
        format!("the {header} header documented on {count} of the {operations} operations")
    };
    Some(AuthInfo {
        scheme,
        required,
        evidence,
    })
}

/// Whether two schemes travel in the same header (`X-Api-Key` in any case;
/// every `Authorization` scheme is one header, the first seen naming it).
fn same_header(a: &AuthScheme, b: &AuthScheme) -> bool {
    match (a.header(), b.header()) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => false,
    }
}

/// The API's and its groups' descriptions.
fn prose(bp: &Blueprint) -> impl Iterator<Item = &str> {
    std::iter::once(bp.description.as_str()).chain(bp.groups.iter().map(|g| g.description.as_str()))
}

/// A scheme the descriptions name.
fn from_prose(bp: &Blueprint) -> Option<AuthInfo> {
    let said = |scheme: AuthScheme, what: &str| AuthInfo {
        scheme,
        required: true,
        evidence: format!("the spec's description, which asks for {what}"),
    };
    for text in prose(bp) {
        let lower = text.to_ascii_lowercase();
        if has_word(&lower, "bearer") {
            let scheme = AuthScheme::Token {
                scheme: "Bearer".to_owned(),
            };
            return Some(said(scheme, "a bearer token"));
        }
        if lower.contains("basic auth") || lower.contains("http basic") {
            return Some(said(AuthScheme::Basic, "basic authentication"));
        }
        if lower.contains("api key") || lower.contains("api-key") || lower.contains("apikey") {
            if let Some(header) = key_header_in(text) {
                let what = format!("an API key in `{header}`");
                return Some(said(AuthScheme::ApiKey { header }, &what));
            }
        }
    }
    None
}

/// Whether `word` stands alone in `text` (not inside another word).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A header name in backticks that looks like a key's (`` `X-Api-Key` ``).
fn key_header_in(text: &str) -> Option<String> {
    text.split('`').skip(1).step_by(2).find_map(|quoted| {
        let name = quoted.split(':').next()?.trim();
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        (valid && matches!(scheme_of(name, ""), Some(AuthScheme::ApiKey { .. })))
            .then(|| name.to_owned())
    })
}

/// No scheme: say whether the descriptions mention authentication at all.
fn none(bp: &Blueprint) -> AuthInfo {
    let mentioned = prose(bp).any(|t| {
        let lower = t.to_ascii_lowercase();
        lower.contains("authenticat") || has_word(&lower, "token")
    });
    AuthInfo {
        scheme: AuthScheme::None,
        required: false,
        evidence: if mentioned {
            "nothing: the spec mentions authentication but names no scheme".to_owned()
        } else {
            "nothing: the spec documents no credentials".to_owned()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_in(spec: &str) -> AuthInfo {
        detect(
            &blueprint_parser::parse(spec.as_bytes()),
            &Conventions::default(),
        )
    }

    fn action(name: &str, path: &str, headers: &str) -> String {
        let headers = if headers.is_empty() {
            String::new()
        } else {
            format!("+ Request\n\n    + Headers\n\n            {headers}\n\n")
        };
        format!("## {name} [{path}]\n\n### Get {name} [GET]\n\n{headers}+ Response 204\n\n")
    }

    #[test]
    fn headers_on_every_request_are_required() {
        let spec = format!(
            "FORMAT: 1A\n\n# API\n\n{}{}",
            action("One", "/one", "Authorization: Bearer JWT"),
            action("Two", "/two", "Authorization: Bearer JWT"),
        );
        let auth = detect_in(&spec);
        assert_eq!(
            auth.scheme,
            AuthScheme::Token {
                scheme: "Bearer".into()
            }
        );
        assert!(auth.required, "{}", auth.evidence);
    }

    #[test]
    fn a_key_header_on_some_requests_is_optional() {
        let spec = format!(
            "FORMAT: 1A\n\n# API\n\n{}{}",
            action("One", "/one", "X-API-Key: correct-key"),
            action("Two", "/two", ""),
        );
        let auth = detect_in(&spec);
        assert_eq!(
            auth.scheme,
            AuthScheme::ApiKey {
                header: "X-API-Key".into()
            }
        );
        assert!(!auth.required);
        assert!(auth.evidence.contains("1 of the 2"), "{}", auth.evidence);
    }

    #[test]
    fn basic_and_other_schemes_come_from_the_value() {
        assert_eq!(
            scheme_of("authorization", "Basic dXNlcjpwdw=="),
            Some(AuthScheme::Basic)
        );
        assert_eq!(
            scheme_of("Authorization", "Token abc"),
            Some(AuthScheme::Token {
                scheme: "Token".into()
            })
        );
        assert_eq!(
            scheme_of("Authorization", "abc"),
            Some(AuthScheme::Token {
                scheme: "Bearer".into()
            })
        );
        assert!(matches!(
            scheme_of("X-Auth-Token", "t"),
            Some(AuthScheme::ApiKey { .. })
        ));
        assert_eq!(scheme_of("X-Request-Id", "1"), None);
        assert_eq!(scheme_of("Accept", "application/json"), None);
    }

    #[test]
    fn prose_names_a_scheme_or_only_mentions_one() {
        let bearer = detect_in("FORMAT: 1A\n\n# API\n\nSend a bearer authorization header.\n\n");
        assert_eq!(
            bearer.scheme,
            AuthScheme::Token {
                scheme: "Bearer".into()
            }
        );
        assert!(bearer.required);
        let key = detect_in(
            "FORMAT: 1A\n\n# API\n\nEvery call needs your API key in the `X-Api-Key` header.\n\n",
        );
        assert_eq!(
            key.scheme,
            AuthScheme::ApiKey {
                header: "X-Api-Key".into()
            }
        );
        let vague = detect_in("FORMAT: 1A\n\n# API\n\n# Group Overview\n\n## Authentication\n\nAuthentication will be required. Process `TBA`.\n\n");
        assert_eq!(vague.scheme, AuthScheme::None);
        assert!(!vague.required);
        assert!(
            vague.evidence.contains("names no scheme"),
            "{}",
            vague.evidence
        );
        let nothing = detect_in("FORMAT: 1A\n\n# API\n\nA public API.\n\n");
        assert_eq!(nothing.scheme, AuthScheme::None);
        assert!(!has_word("unbearable", "bearer"));
    }
}

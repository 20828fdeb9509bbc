//! Checking example bodies as JSON and repairing the unambiguous breakages:
//! an unmatched closing bracket at the end, brackets left open at the end,
//! and a missing opening brace before a leading `"key":`.

use serde_json::Value;

/// The result of checking a body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum JsonCheck {
    /// Valid JSON as written.
    Valid(Value),
    /// Not JSON as written.
    Invalid {
        /// 1-based line within the body where parsing failed.
        line: usize,
        /// 1-based column (bytes) within that line.
        column: usize,
        /// serde_json's description of the problem.
        message: String,
        /// The repair, if one unambiguous repair makes it valid.
        repair: Option<(String, Value)>,
    },
}

/// Whether `body` plausibly intends to be JSON (starts like an object, array or `"key":`).
pub(crate) fn looks_like_json(body: &str) -> bool {
    matches!(body.trim_start().chars().next(), Some('{' | '[' | '"'))
}

/// Parses `body` as JSON; on failure, attempts an unambiguous repair.
pub(crate) fn check(body: &str) -> JsonCheck {
    match serde_json::from_str::<Value>(body) {
        Ok(value) => JsonCheck::Valid(value),
        Err(err) => JsonCheck::Invalid {
            line: err.line().max(1),
            column: err.column().max(1),
            message: strip_position(&err.to_string()),
            repair: repair(body),
        },
    }
}

/// serde_json appends " at line L column C"; the diagnostic has its own location.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(pos) => message.get(..pos).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

/// Scans brackets outside strings. Returns the open-bracket stack at the end,
/// and the byte offset of the first closing bracket that matches nothing, if any.
/// A closing bracket of the wrong kind makes the body unrepairable (`None`).
fn scan(text: &str) -> Option<(Vec<char>, Option<usize>)> {
    let mut stack = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => stack.push(c),
            '}' | ']' => {
                let open = if c == '}' { '{' } else { '[' };
                match stack.last() {
                    Some(&top) if top == open => {
                        stack.pop();
                    }
                    Some(_) => return None,
                    None => return Some((stack, Some(i))),
                }
            }
            _ => {}
        }
    }
    if in_string {
        return None;
    }
    Some((stack, None))
}

/// Tries the repairs in order; returns what was done and the value if exactly
/// one simple repair produces valid JSON.
fn repair(body: &str) -> Option<(String, Value)> {
    let trimmed = body.trim();
    let mut text = trimmed.to_owned();
    let mut done = Vec::new();

    // A missing opening brace: the body starts with `"key":`.
    if text.starts_with('"') && starts_with_member(&text) {
        text.insert(0, '{');
        done.push("added the missing opening `{`".to_owned());
    }

    let (stack, unmatched) = scan(&text)?;
    if let Some(pos) = unmatched {
        // Only closing brackets (and whitespace) may follow: remove them.
        let tail = text.get(pos..)?;
        if !stack.is_empty()
            || !tail
                .chars()
                .all(|c| c.is_whitespace() || c == '}' || c == ']')
        {
            return None;
        }
        let count = tail.chars().filter(|c| !c.is_whitespace()).count();
        let removed: String = tail.chars().filter(|c| !c.is_whitespace()).collect();
        text.truncate(pos);
        done.push(format!(
            "removed {} unmatched `{}` at the end",
            if count == 1 {
                "an".to_owned()
            } else {
                count.to_string()
            },
            removed
        ));
    } else if !stack.is_empty() {
        let closers: String = stack
            .iter()
            .rev()
            .map(|&c| if c == '{' { '}' } else { ']' })
            .collect();
        text.push('\n');
        text.push_str(&closers);
        done.push(format!(
            "closed {} unclosed bracket(s) at the end with `{closers}`",
            stack.len()
        ));
    }

    if done.is_empty() {
        return None;
    }
    let value = serde_json::from_str::<Value>(&text).ok()?;
    Some((done.join(", "), value))
}

/// Whether `text` starts with a JSON string followed by `:`.
fn starts_with_member(text: &str) -> bool {
    let mut de = serde_json::Deserializer::from_str(text).into_iter::<String>();
    match de.next() {
        Some(Ok(_)) => {
            let offset = de.byte_offset();
            text.get(offset..)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn repaired(body: &str) -> (String, Value) {
        match check(body) {
            JsonCheck::Invalid {
                repair: Some(r), ..
            } => r,
            other => panic!("not repaired: {other:?}"),
        }
    }

    #[test]
    fn valid_json_is_kept() {
        assert_eq!(
            check("{\"a\": [1, \"}\"]}"),
            JsonCheck::Valid(json!({"a": [1, "}"]}))
        );
    }

    #[test]
    fn removes_unmatched_closing_brace_at_end() {
        let (what, value) = repaired("{\n  \"a\": {\"b\": 1}\n}\n}");
        assert_eq!(value, json!({"a": {"b": 1}}));
        assert!(what.contains("removed an unmatched `}`"), "{what}");
    }

    #[test]
    fn closes_unclosed_brackets_at_end() {
        let (what, value) = repaired("{\"a\": [1, {\"b\": 2}");
        assert_eq!(value, json!({"a": [1, {"b": 2}]}));
        assert!(what.contains("`]}`"), "{what}");
    }

    #[test]
    fn adds_missing_opening_brace() {
        let (what, value) = repaired("\"response\":\n  {\"a\": 1}\n}");
        assert_eq!(value, json!({"response": {"a": 1}}));
        assert!(what.contains("opening"), "{what}");
    }

    #[test]
    fn reports_error_position() {
        match check("{\n  \"a\": 1\n}\n}") {
            JsonCheck::Invalid { line, column, .. } => assert_eq!((line, column), (4, 1)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ambiguous_breakage_is_not_repaired() {
        for body in [
            "{\"a\": [1}",
            "{\"a\": 1,, \"b\": 2}",
            "{\"a\": \"unterminated",
            "}{",
        ] {
            match check(body) {
                JsonCheck::Invalid { repair, .. } => assert!(repair.is_none(), "{body}"),
                JsonCheck::Valid(_) => panic!("{body}"),
            }
        }
    }
}

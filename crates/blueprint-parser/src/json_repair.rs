//! Checking example bodies as JSON and repairing the unambiguous breakages:
//! JSON written loosely (comments, trailing commas, `...`/`…` placeholders,
//! single-quoted strings), an unmatched closing bracket at the end, brackets
//! left open at the end, and a missing opening brace before a leading `"key":`.

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
    let (mut text, mut done) = lenient(body.trim());

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

/// Rewrites JSON written loosely into strict JSON, outside strings:
/// removes `//` and `/* */` comments, trailing commas and `...`/`…`
/// placeholders (a placeholder value becomes `null`), and turns
/// single-quoted strings without a double quote into double-quoted ones.
/// Returns the text and what was done, in words (nothing when strict).
fn lenient(text: &str) -> (String, Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let (mut comments, mut commas, mut placeholders, mut quoted) = (0, 0, 0, 0);
    let mut missing = 0;
    let last_significant = |out: &str| out.trim_end().chars().last();
    // A value just ended: a key or an object may not follow without a comma.
    let ends_value = |c: Option<char>| {
        c.is_some_and(|c| {
            c == '"' || c == '}' || c == ']' || c.is_ascii_digit() || c == 'e' || c == 'l'
        })
    };
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let starts_key = c == '"' && string_then_colon(&chars, i);
        let starts_object = c == '{' && matches!(last_significant(&out), Some('}'));
        if (starts_key || starts_object)
            && ends_value(last_significant(&out))
            && out.trim_end().len() < out.len()
        {
            // `"a": 1\n  "b": 2` and `}\n{`: a comma left out at a line's end.
            let keep = out.trim_end().len();
            out.insert(keep, ',');
            missing += 1;
        }
        match c {
            '"' => {
                // A string: copied as it is, escapes included.
                out.push(c);
                i += 1;
                while let Some(&d) = chars.get(i) {
                    out.push(d);
                    i += 1;
                    if d == '\\' {
                        if let Some(&e) = chars.get(i) {
                            out.push(e);
                            i += 1;
                        }
                    } else if d == '"' {
                        break;
                    }
                }
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                while chars.get(i).is_some_and(|&d| d != '\n') {
                    i += 1;
                }
                comments += 1;
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    i += 1;
                }
                i += 2;
                comments += 1;
                continue;
            }
            '\'' => {
                let end = (i + 1..chars.len()).find(|&j| chars[j] == '\'' && chars[j - 1] != '\\');
                match end {
                    Some(end) if !chars[i + 1..end].contains(&'"') => {
                        out.push('"');
                        for &d in &chars[i + 1..end] {
                            out.push(d);
                        }
                        out.push('"');
                        quoted += 1;
                        i = end + 1;
                        continue;
                    }
                    _ => {}
                }
            }
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                i += 3;
                while chars.get(i) == Some(&'.') {
                    i += 1;
                }
                placeholder(&chars, &mut i, &mut out, &last_significant);
                placeholders += 1;
                continue;
            }
            '…' => {
                i += 1;
                placeholder(&chars, &mut i, &mut out, &last_significant);
                placeholders += 1;
                continue;
            }
            ',' => {
                let next = (i + 1..chars.len()).find(|&j| !chars[j].is_whitespace());
                if next.is_some_and(|j| chars[j] == '}' || chars[j] == ']') {
                    commas += 1;
                    i += 1;
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    let mut done = Vec::new();
    let count = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("removed a {one}")
        } else {
            format!("removed {n} {many}")
        }
    };
    if comments > 0 {
        done.push(count(comments, "comment", "comments"));
    }
    if commas > 0 {
        done.push(count(commas, "trailing comma", "trailing commas"));
    }
    if placeholders > 0 {
        done.push(count(
            placeholders,
            "`...` placeholder",
            "`...` placeholders",
        ));
    }
    if quoted > 0 {
        done.push(format!("double-quoted {quoted} single-quoted string(s)"));
    }
    if missing > 0 {
        done.push(format!("inserted {missing} missing comma(s) at line ends"));
    }
    (out, done)
}

/// Whether the string starting at `i` is followed by `:` (an object key).
fn string_then_colon(chars: &[char], i: usize) -> bool {
    let mut j = i + 1;
    while let Some(&d) = chars.get(j) {
        match d {
            '\\' => j += 2,
            '"' => break,
            '\n' => return false,
            _ => j += 1,
        }
    }
    let next = (j + 1..chars.len()).find(|&k| !chars[k].is_whitespace());
    next.is_some_and(|k| chars[k] == ':')
}

/// Drops a placeholder just read: a value placeholder (after `:`) becomes
/// `null`; an element or member placeholder goes with the comma after it.
fn placeholder(
    chars: &[char],
    i: &mut usize,
    out: &mut String,
    last_significant: &dyn Fn(&str) -> Option<char>,
) {
    if last_significant(out) == Some(':') {
        out.push_str("null");
        return;
    }
    let next = (*i..chars.len()).find(|&j| !chars[j].is_whitespace());
    if let Some(j) = next.filter(|&j| chars[j] == ',') {
        *i = j + 1;
    } else if last_significant(out) == Some(',') {
        // `[1, ...]`: the comma before goes too.
        let keep = out.trim_end().len() - 1;
        out.truncate(keep);
    }
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
    fn loose_json_is_made_strict() {
        let (what, value) = repaired(
            "{\n  // a comment\n  \"a\": 1, /* another */\n  \"b\": [1, 2, ...],\n  'c': 'x',\n  \"d\": ...,\n  \"e\": {\"f\": \"http://x//y\",},\n  ...\n}",
        );
        assert_eq!(
            value,
            json!({"a": 1, "b": [1, 2], "c": "x", "d": null, "e": {"f": "http://x//y"}})
        );
        assert!(what.contains("removed 2 comments"), "{what}");
        assert!(what.contains("trailing comma"), "{what}");
        assert!(what.contains("removed 3 `...` placeholders"), "{what}");
        assert!(what.contains("double-quoted 2"), "{what}");
        let (what, value) = repaired("{\n  \"a\": \"x\"\n  \"b\": [{\"c\": 1}\n  {\"c\": 2}]\n}");
        assert_eq!(value, json!({"a": "x", "b": [{"c": 1}, {"c": 2}]}));
        assert!(what.contains("inserted 2 missing comma"), "{what}");
        let (_, value) = repaired("[{\"a\": 1}, …]");
        assert_eq!(value, json!([{"a": 1}]));
        // A single-quoted text holding a double quote is not guessed at.
        match check("{'a': 'say \"hi\"'}") {
            JsonCheck::Invalid { repair, .. } => assert!(repair.is_none()),
            JsonCheck::Valid(_) => panic!(),
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

//! Turning the spec's markdown into rustdoc that builds without warnings.
//!
//! The spec's prose is written for Apiary, not rustdoc: bare URLs, `[Name][]`
//! references, HTML anchors, unlabelled code fences (which rustdoc would compile
//! as doctests) and indented lines (which rustdoc treats as code blocks).

/// Rewrites markdown so rustdoc renders it as written, without lint warnings
/// or doctests: fences get a `text` label, bare URLs become autolinks,
/// brackets that are not links are escaped, HTML is neutralised.
pub fn sanitize(markdown: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    // The content column of the list item whose paragraph this line
    // continues: lines are unindented below, and a continuation line left
    // at column 0 is a "lazy" one, which rustdoc reads the same but clippy
    // rejects (`doc_lazy_continuation`), so it is indented to the item's text.
    let mut item_text_column: Option<usize> = None;
    for raw in markdown.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if in_fence {
                out.push("```".to_owned());
            } else {
                out.push("```text".to_owned());
            }
            in_fence = !in_fence;
            item_text_column = None;
            continue;
        }
        if in_fence {
            out.push(line.replace('\t', "    "));
            continue;
        }
        let sanitized = sanitize_inline(trimmed);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            item_text_column = None;
        } else if let Some(column) = list_item_text_column(trimmed) {
            item_text_column = Some(column);
        } else if let Some(column) = item_text_column {
            out.push(format!("{}{sanitized}", " ".repeat(column)));
            continue;
        }
        out.push(sanitized);
    }
    if in_fence {
        out.push("```".to_owned());
    }
    // Collapse runs of blank lines and trim blank edges.
    let mut collapsed: Vec<String> = Vec::new();
    for line in out {
        if line.is_empty() && collapsed.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        collapsed.push(line);
    }
    while collapsed.last().is_some_and(|l| l.is_empty()) {
        collapsed.pop();
    }
    collapsed.join("\n")
}

/// Where the text of a list item line starts (`- a` → 2, `10. a` → 4), or
/// `None` for a line that does not start a list item.
fn list_item_text_column(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().get(digits) {
        Some(b'.' | b')') if digits > 0 => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    let spaces = line[marker..].bytes().take_while(|b| *b == b' ').count();
    (spaces > 0 && marker + spaces < line.len()).then_some(marker + spaces.min(4))
}

/// Sanitizes one line outside code fences, leaving inline code spans and
/// intra-doc links to types (``[`Stack`]``) alone.
fn sanitize_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some((before, link, after)) = split_type_link(rest) {
        out.push_str(&sanitize_code_spans(before));
        out.push_str(link);
        rest = after;
    }
    out.push_str(&sanitize_code_spans(rest));
    out
}

/// Finds the first ``[`TypeName`]`` (an UpperCamelCase identifier in code
/// brackets, which rustdoc resolves to a sibling type) not followed by `(`.
fn split_type_link(text: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    while let Some(start) = text[from..].find("[`").map(|i| i + from) {
        let name_start = start + 2;
        if let Some(len) = text[name_start..].find("`]") {
            let name = &text[name_start..name_start + len];
            let end = name_start + len + 2;
            let is_type = name.starts_with(|c: char| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric());
            if is_type && !text[end..].starts_with('(') {
                return Some((&text[..start], &text[start..end], &text[end..]));
            }
        }
        from = name_start;
    }
    None
}

/// Sanitizes prose between inline code spans, leaving the spans verbatim.
fn sanitize_code_spans(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (index, part) in text.split('`').enumerate() {
        if index > 0 {
            out.push('`');
        }
        if index % 2 == 1 {
            // Inside an inline code span: rustdoc shows it verbatim.
            out.push_str(part);
        } else {
            out.push_str(&escape_prose(part));
        }
    }
    out
}

/// Escapes brackets, HTML and bare URLs in prose text.
fn escape_prose(text: &str) -> String {
    // Most prose has no brackets, HTML or URLs: nothing to rewrite.
    if !text.contains(['[', ']', '<', '>']) && !text.contains("http") {
        return text.to_owned();
    }
    let text = strip_anchor_tags(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '[' {
            // Keep `[text](url)` links; escape anything else (rustdoc would try
            // to resolve it as an intra-doc link).
            if let Some(close) = chars[i..].iter().position(|&c| c == ']').map(|p| p + i) {
                if chars.get(close + 1) == Some(&'(') {
                    let inner: String = chars[i + 1..close].iter().collect();
                    out.push('[');
                    out.push_str(&escape_prose(&inner));
                    out.push(']');
                    // Copy the URL part verbatim up to the closing parenthesis.
                    let end = chars[close + 1..]
                        .iter()
                        .position(|&c| c == ')')
                        .map_or(chars.len(), |p| p + close + 2);
                    out.extend(&chars[close + 1..end]);
                    i = end;
                    continue;
                }
            }
            out.push_str("\\[");
        } else if c == ']' {
            out.push_str("\\]");
        } else if c == '<' {
            out.push_str("&lt;");
        } else if c == '>' {
            out.push_str("&gt;");
        } else if starts_url(&chars[i..]) && !preceded_by_link_syntax(&chars[..i]) {
            let end = chars[i..]
                .iter()
                .position(|&c| c.is_whitespace() || c == '|' || c == '<' || c == '>' || c == '"')
                .map_or(chars.len(), |p| p + i);
            // Trailing sentence punctuation is not part of the URL.
            let mut url_end = end;
            while url_end > i
                && matches!(chars[url_end - 1], '.' | ',' | ';' | ':' | ')' | '!' | '?')
            {
                url_end -= 1;
            }
            out.push('<');
            out.extend(&chars[i..url_end]);
            out.push('>');
            out.extend(&chars[url_end..end]);
            i = end;
            continue;
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// Removes `<a name="…">` / `</a>` anchors, which only serve Apiary's page.
fn strip_anchor_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<a ").or_else(|| rest.find("</a>")) {
        out.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn starts_url(chars: &[char]) -> bool {
    let prefix = |p: &str| {
        p.chars().zip(chars).filter(|(a, b)| a == *b).count() == p.len() && chars.len() > p.len()
    };
    prefix("http://") || prefix("https://")
}

fn preceded_by_link_syntax(before: &[char]) -> bool {
    matches!(before.last(), Some('(') | Some('<'))
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn labels_fences_as_text() {
        assert_eq!(sanitize("```\nputs 1\n```"), "```text\nputs 1\n```");
        assert_eq!(sanitize("```ruby\n# x\n"), "```text\n# x\n```");
    }

    #[test]
    fn wraps_bare_urls_and_keeps_links() {
        assert_eq!(sanitize("see http://a.b/c."), "see <http://a.b/c>.");
        assert_eq!(
            sanitize("[REST](http://x.y/z) ok"),
            "[REST](http://x.y/z) ok"
        );
    }

    #[test]
    fn escapes_reference_brackets_and_html() {
        assert_eq!(sanitize("[Deployment][]"), "\\[Deployment\\]\\[\\]");
        assert_eq!(sanitize("Bearer <token>"), "Bearer &lt;token&gt;");
        assert_eq!(
            sanitize("**<a name=\"x\"></a> The object**"),
            "** The object**"
        );
    }

    #[test]
    fn keeps_intra_doc_links_to_types() {
        assert_eq!(
            sanitize("of [`Backup`]; see [`x`] and [y]"),
            "of [`Backup`]; see \\[`x`\\] and \\[y\\]"
        );
    }

    #[test]
    fn continuation_lines_of_list_items_are_indented_to_their_text() {
        assert_eq!(
            sanitize("- Returns:\n{\n  \"a\": 1\n}\n\nafter\n10. ten\nmore"),
            "- Returns:\n  {\n  \"a\": 1\n  }\n\nafter\n10. ten\n    more"
        );
        assert_eq!(
            sanitize("-1 is not an item\nnext"),
            "-1 is not an item\nnext"
        );
        assert_eq!(sanitize("* a\n# Heading"), "* a\n# Heading");
    }

    #[test]
    fn leaves_inline_code_alone_and_unindents() {
        assert_eq!(sanitize("    `a[0] <b>` and [c]"), "`a[0] <b>` and \\[c\\]");
    }
}

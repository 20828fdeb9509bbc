//! The list structure of an MSON section: nested list items by indentation,
//! with the text lines that belong to each (block descriptions).

use crate::grammar;
use crate::source::Line;

/// One list item with what is nested under it.
#[derive(Debug, Clone)]
pub(super) struct Node<'a> {
    /// The item's line.
    pub line: Line<'a>,
    /// The text after the bullet (or, for a header-defined section, the heading text).
    pub text: &'a str,
    /// Nested items.
    pub children: Vec<Node<'a>>,
    /// Text lines nested under the item (trimmed; `""` separates paragraphs).
    pub text_lines: Vec<&'a str>,
}

/// The items and loose text of a section.
#[derive(Debug, Clone, Default)]
pub(super) struct Tree<'a> {
    /// Top-level items.
    pub items: Vec<Node<'a>>,
    /// Text not under any item.
    pub text_lines: Vec<&'a str>,
    /// Lines whose items nest deeper than [`super::MAX_DEPTH`]: read as text.
    pub too_deep: Option<Line<'a>>,
}

/// Builds the item tree of `lines`. An item nests under the previous one when
/// indented at least to its content (2 columns past its bullet); a text line
/// belongs to the innermost item it is indented under, or, right after an
/// item's line (no blank line between), continues that item (Markdown's lazy
/// continuation).
pub(super) fn tree<'a>(lines: &[Line<'a>]) -> Tree<'a> {
    let mut root = Tree::default();
    let mut stack: Vec<Node<'a>> = Vec::new();
    let mut previous_blank = true;
    for l in lines {
        if l.is_blank() {
            let owner = stack
                .last_mut()
                .map_or(&mut root.text_lines, |n| &mut n.text_lines);
            if owner.last().is_some_and(|t| !t.is_empty()) {
                owner.push("");
            }
            previous_blank = true;
            continue;
        }
        let bullet = grammar::starts_with_bullet(l.content);
        if bullet || previous_blank {
            while stack
                .last()
                .is_some_and(|top| l.indent < top.line.indent + 2)
            {
                close(&mut stack, &mut root);
            }
        }
        if bullet && stack.len() < super::MAX_DEPTH {
            let text = l.content.get(1..).unwrap_or("").trim();
            stack.push(Node {
                line: *l,
                text,
                children: Vec::new(),
                text_lines: Vec::new(),
            });
        } else {
            if bullet && root.too_deep.is_none() {
                root.too_deep = Some(*l);
            }
            let owner = stack
                .last_mut()
                .map_or(&mut root.text_lines, |n| &mut n.text_lines);
            owner.push(l.content);
        }
        previous_blank = false;
    }
    while !stack.is_empty() {
        close(&mut stack, &mut root);
    }
    root
}

/// Pops the innermost open item into its parent (or the root).
fn close<'a>(stack: &mut Vec<Node<'a>>, root: &mut Tree<'a>) {
    if let Some(mut node) = stack.pop() {
        trim_blank_end(&mut node.text_lines);
        match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => root.items.push(node),
        }
    }
}

fn trim_blank_end(lines: &mut Vec<&str>) {
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
}

/// Joins text lines into Markdown: lines of a paragraph by a newline,
/// paragraphs by a blank line.
pub(super) fn join(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        if !out.is_empty() || !l.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(l);
        }
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        crate::source::split_lines(text, &mut Vec::new())
    }

    #[test]
    fn nests_by_indentation_and_attaches_text() {
        let src = "+ a\n    + b\n      lazy\n\n    Block of b? no: of a.\n+ c\n  + d\n";
        let ls = lines(src);
        let t = tree(&ls);
        assert_eq!(t.items.len(), 2);
        let a = &t.items[0];
        assert_eq!(a.text, "a");
        assert_eq!(a.children[0].text, "b");
        assert_eq!(a.children[0].text_lines, ["lazy"]);
        assert_eq!(a.text_lines, ["Block of b? no: of a."]);
        assert_eq!(t.items[1].children[0].text, "d");
    }

    #[test]
    fn caps_the_depth() {
        let src: String = (0..200)
            .map(|i| format!("{}+ x\n", " ".repeat(i * 2)))
            .collect();
        let ls = lines(&src);
        let t = tree(&ls);
        assert!(t.too_deep.is_some());
        let mut depth = 0;
        let mut node = t.items.first();
        while let Some(n) = node {
            depth += 1;
            node = n.children.first();
        }
        assert_eq!(depth, crate::mson::MAX_DEPTH);
    }
}

//! Emits the generated code as one module to `include!` in a crate of the
//! user's: see [`emit_module`].
//!
//! Each module's code is built and formatted on its own (in parallel, as the
//! crate's files are), inside as many empty frame modules as it is deep so
//! that `prettyplease` indents it for its place, and the frames' lines are
//! then cut away; the module is the concatenation of those texts.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, Root};
use super::{api, client, header, krate, models, oauth, run_jobs, table, EmitError, RustJob};
use crate::model::TypeModel;

/// The name of the frame modules a module's code is formatted in.
const FRAME: &str = "frame";

/// The width of one level of indentation in `prettyplease`'s output.
const INDENT: &str = "    ";

/// One module of the generated code: where it sits, and how it is declared.
struct Place {
    /// Its path from the generated module's root (empty for the root).
    path: Vec<String>,
    /// Whether it is `pub` (`client` is not: its items are re-exported).
    public: bool,
    /// An outer attribute of its declaration.
    attribute: Option<&'static str>,
}

impl Place {
    fn new(path: &[&str], public: bool) -> Place {
        Place {
            path: path.iter().map(|part| (*part).to_owned()).collect(),
            public,
            attribute: None,
        }
    }

    fn depth(&self) -> usize {
        self.path.len()
    }
}

/// Emits the generated code as the text of one Rust file to `include!` in
/// a module of another crate (`blueprint_codegen::build` writes it from a build script).
///
/// The module holds what a generated crate's `src/` holds, each file an
/// inline module at the place of its file (`pub mod models { … }`,
/// `pub mod api { pub mod stacks { … } }`, the private `mod client { … }`
/// re-exported at the root), and nothing else: no manifest, README, names
/// lock or tests, no crate attributes (an included file cannot have inner
/// attributes), and no `test-util` defaults (a feature of the includer's).
/// Its paths are relative (`super::super::Client`, `self::client::Client`
/// at its root), so it works wherever it is included, whatever the module
/// is called: nothing has to be declared, and nothing can be declared
/// wrong. Its two doc examples name the module by `doc_path`, the path a
/// user of the including crate writes (`my_crate::petstore`), and are then
/// compiled as doctests (`no_run`); without it they are shown, `ignore`d: a
/// doctest names the code from outside its crate, by a path only the
/// includer knows.
pub fn emit_module(model: &TypeModel, doc_path: Option<&str>) -> Result<String, EmitError> {
    let mut places = vec![
        Place::new(&[], true),
        Place::new(&["api"], true),
        Place::new(&["client"], false),
        Place::new(&["models"], true),
    ];
    let mut jobs: Vec<(String, RustJob<'_>)> = vec![
        (
            "the root".into(),
            Box::new(|| Ok(krate::root_exports(model, Root::Relative(0)))),
        ),
        (
            "api".into(),
            Box::new(|| Ok(api::api_mod_file(model, Root::Relative(1), false))),
        ),
        (
            "client".into(),
            Box::new(|| client::client_file(model, Root::Relative(1), doc_path)),
        ),
        (
            "models".into(),
            Box::new(|| Ok(models::models_file(model, Root::Relative(1)))),
        ),
    ];
    if model.api.oauth.is_some() {
        places.push(Place::new(&["oauth"], true));
        jobs.push((
            "oauth".into(),
            Box::new(|| Ok(oauth::oauth_file(model, Root::Relative(1)))),
        ));
    }
    places.push(Place::new(&["operations"], true));
    jobs.push((
        "operations".into(),
        Box::new(|| Ok(table::operations_file(model))),
    ));
    for (accessor, ops) in api::groups(model) {
        let mut place = Place::new(&["api", accessor], true);
        // A group the spec calls `API` is `api::api`: the name is the spec's,
        // so the lint against it is answered here, for that module only.
        if accessor == "api" {
            place.attribute = Some(
                "#[allow(clippy::module_inception, reason = \"the spec names a group `API`\")]",
            );
        }
        places.push(place);
        jobs.push((
            format!("api::{accessor}"),
            Box::new(move || api::group_file(model, accessor, &ops, Root::Relative(2))),
        ));
    }
    let depths: Vec<usize> = places.iter().map(Place::depth).collect();
    let texts = run_jobs(&jobs, &|name, tokens| {
        let depth = jobs
            .iter()
            .position(|(job, _)| job == name)
            .map_or(0, |index| depths[index]);
        format_framed(name, tokens, depth)
    })?;
    let mut out = header(model);
    out.push_str(&format!(
        "// Typed async client for {}, generated from its API Blueprint (`{}`) as a module to\n\
         // `include!`; its paths are relative, so any module can include it.\n\n",
        crate::model::api_phrase(&model.api.name),
        model.api.source.file_name
    ));
    assemble(&mut out, &places, &texts, &[]);
    Ok(out)
}

/// Writes the module at `prefix` and the modules below it, each at its
/// depth: the declaration, its own code, its children, the closing brace.
fn assemble(out: &mut String, places: &[Place], texts: &[String], prefix: &[String]) {
    let Some(index) = places.iter().position(|p| p.path == prefix) else {
        return;
    };
    let depth = prefix.len();
    if let Some(name) = prefix.last() {
        let place = &places[index];
        let indent = INDENT.repeat(depth - 1);
        if let Some(attribute) = place.attribute {
            out.push_str(&format!("{indent}{attribute}\n"));
        }
        let visibility = if place.public { "pub " } else { "" };
        out.push_str(&format!("{indent}{visibility}mod {} {{\n", ident(name)));
    }
    out.push_str(&texts[index]);
    for child in places
        .iter()
        .filter(|p| p.depth() == depth + 1 && p.path.starts_with(prefix))
    {
        assemble(out, places, texts, &child.path);
    }
    if depth > 0 {
        out.push_str(&INDENT.repeat(depth - 1));
        out.push_str("}\n");
    }
}

/// The formatted code of a module `depth` levels deep, indented for its
/// place: formatted inside `depth` frame modules, whose lines are then cut.
fn format_framed(name: &str, tokens: TokenStream, depth: usize) -> Result<String, EmitError> {
    if tokens.is_empty() {
        return Ok(String::new());
    }
    let frame = ident(FRAME);
    let mut framed = tokens;
    for _ in 0..depth {
        framed = quote!(mod #frame { #framed });
    }
    let file: syn::File = syn::parse2(framed).map_err(|error| {
        EmitError::new(format!("emitted tokens for `{name}` do not parse: {error}"))
    })?;
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    let framing = (0..depth).all(|level| {
        lines.len() >= 2 * depth
            && lines[level] == format!("{}mod {FRAME} {{", INDENT.repeat(level))
            && lines[lines.len() - 1 - level] == format!("{}}}", INDENT.repeat(level))
    });
    if !framing {
        return Err(EmitError::new(format!(
            "the formatted code of `{name}` is not framed as expected"
        )));
    }
    let mut out = String::with_capacity(text.len());
    for line in &lines[depth..lines.len() - depth] {
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const SPEC: &str = "FORMAT: 1A\nHOST: https://api.example.com/v1\n\n# Shop API\n\n# Group Orders\n\n## Orders [/orders{?page}]\n\n### List orders [GET]\n\n+ Response 200 (application/json)\n\n        [{\"id\": 1, \"placed_at\": \"2024-05-01T10:00:00Z\", \"state\": \"open\"}]\n\n## Order [/orders/{id}]\n\n+ Parameters\n    + id: 1 (number) - The order\n\n### Show an order [GET]\n\n+ Response 200 (application/json)\n\n        {\"id\": 1, \"placed_at\": \"2024-05-01T10:00:00Z\", \"state\": \"open\"}\n\n# Group API\n\n## Status [/status]\n\n### Get the status [GET]\n\n+ Response 200 (text/plain)\n\n        ok\n";

    fn model() -> TypeModel {
        let mut model = crate::infer::infer(
            &blueprint_parser::parse(SPEC.as_bytes()),
            &Config::default(),
        );
        model.api.source.file_name = "shop.apib".into();
        model.api.source.sha256 = "00ff".into();
        model
    }

    /// Every `mod` item of `items`, recursively, by path.
    fn module_paths(items: &[syn::Item], prefix: &str, out: &mut Vec<String>) {
        for item in items {
            if let syn::Item::Mod(module) = item {
                let path = format!("{prefix}{}", module.ident);
                if let Some((_, inner)) = &module.content {
                    module_paths(inner, &format!("{path}::"), out);
                }
                out.push(path);
            }
        }
    }

    #[test]
    fn one_file_of_inline_modules_with_relative_paths() {
        let text = emit_module(&model(), None).expect("emits");
        assert!(
            text.starts_with("// Generated by blueprint codegen from `shop.apib` (sha256 00ff)"),
            "{text}"
        );
        let file = syn::parse_file(&text).expect("the module parses");
        assert!(file.attrs.is_empty(), "no inner attribute at the top");
        let mut paths = Vec::new();
        module_paths(&file.items, "", &mut paths);
        paths.sort();
        assert_eq!(
            paths,
            [
                "api",
                "api::api",
                "api::orders",
                "client",
                "models",
                "operations"
            ]
        );
        // Nothing names the crate's root; the root is reached from each module's depth.
        assert!(!text.contains("crate::"), "{text}");
        assert!(text.contains("pub use self::client::{"), "{text}");
        assert!(text.contains("impl super::Client {"), "{text}");
        assert!(
            text.contains("pub(crate) client: super::super::Client,"),
            "{text}"
        );
        assert!(
            text.contains("(super::super::Client::orders)"),
            "doc links are relative too"
        );
        assert!(
            text.contains("    #[allow(clippy::module_inception, reason = \"the spec names a group `API`\")]\n    pub mod api {\n"),
            "{text}"
        );
        // Code inside a module is indented for its depth.
        assert!(
            text.contains("\n        pub struct OrdersList {\n"),
            "{text}"
        );
        // The includer's features are not the crate's.
        assert!(!text.contains("test-util"), "{text}");
        // Examples cannot name the module from outside: they are not tested.
        assert!(text.contains("/// ```ignore\n"), "{text}");
        assert!(!text.contains("```no_run"), "{text}");
    }

    #[test]
    fn a_doc_path_makes_the_examples_doctests_that_name_it() {
        let text = emit_module(&model(), Some("shop::orders_api")).expect("emits");
        assert!(!text.contains("```ignore"), "{text}");
        assert!(text.contains("/// ```no_run\n"), "{text}");
        assert!(
            text.contains("let client = shop::orders_api::Client::builder()"),
            "{text}"
        );
        assert!(
            text.contains("fn explain(err: &shop::orders_api::Error)"),
            "{text}"
        );
    }

    #[test]
    fn the_same_model_gives_the_same_text() {
        assert_eq!(emit_module(&model(), None), emit_module(&model(), None));
    }

    #[test]
    fn frames_are_cut_away_and_the_code_keeps_its_place() {
        let tokens = quote! {
            //! Docs.
            pub struct Unit;
        };
        assert_eq!(
            format_framed("test", tokens, 2).expect("formats"),
            "        //! Docs.\n        pub struct Unit;\n"
        );
        assert_eq!(
            format_framed("test", TokenStream::new(), 1).expect("formats"),
            ""
        );
    }
}

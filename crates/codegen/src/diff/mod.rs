//! What changed between two generations of a client, and what it means for
//! the users of the generated crate: `cargo xtask diff`.
//!
//! Two specs go through the same parse and inference ([`diff_specs`]); the
//! two type models are compared ([`diff_models`]), never their text. Every
//! change names where it is in the new spec (the old one for removals), the
//! Rust item it touches (`cloud66::models::Stack::has_loadbalancer`,
//! `client.deployments().redeploy()`), and a [`Class`] by the rules of Rust
//! semver applied to what the emitter writes:
//!
//! - response structs are `#[non_exhaustive]`: a field added is additive;
//!   request structs (`input`) are built with struct literals: a field added
//!   breaks them;
//! - enums (and untagged unions) are `#[non_exhaustive]` with a catch-all
//!   variant: a value added is additive, a value removed breaks `match`es;
//! - builders take path and required parameters as positional arguments and
//!   optional ones as setters: a required parameter added, or one that
//!   changes between the two, breaks callers; an optional one added does not;
//! - what changes only on the wire (a parameter moved from the query to the
//!   form, an operation moved to another path with the same signature, a
//!   scope) compiles as before: additive (it still needs a release);
//! - names the lock kept against the rules, and example-only changes, are
//!   informational.
//!
//! Matching uses stable identities, not positions: operations by method,
//! path template (variables unnamed) and action name, then method and path,
//! then resource and action, then action alone; types by Rust name, then by
//! names-lock key, then by shape; parameters by wire name, then path
//! variables by position. The new model is inferred with the names lock the
//! old generation produced, as `regen` does, so names compare as the users'
//! code sees them.

mod baseline;
mod changelog;
mod compare;
mod locate;
mod render;

use blueprint_parser::{Diagnostic, Severity};
use serde::Serialize;

use crate::config::Config;
use crate::infer;
use crate::model::TypeModel;
use crate::names::NameLock;

pub use baseline::{new_diagnostics, BaselineSplit};
pub use changelog::{changelog_with_entry, entry_marker, CHANGELOG_TEMPLATE};
pub use render::{render_json, render_markdown, render_text};

/// How a change affects the users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Code that compiled against the old crate may not compile (or may mean
    /// something else) against the new one.
    Breaking,
    /// Code compiles as before; the crate gained something or sends
    /// differently, which still needs a release.
    Additive,
    /// Nothing in the crate's API changes (a kept name, an example).
    Informational,
}

impl Class {
    /// The class in words, as the JSON spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Informational => "informational",
        }
    }
}

/// What changed (the `kind` of the JSON contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A new operation (a new method, and its builder).
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// An operation has another method or path (its action is the same).
    OperationMoved,
    /// An operation's accessor or method has another name.
    OperationRenamed,
    /// An operation needs another OAuth scope.
    ScopeChanged,
    /// `send()` returns another type (or decodes differently).
    ResultChanged,
    /// An operation takes a JSON body it did not take.
    RequestBodyAdded,
    /// An operation no longer takes a JSON body.
    RequestBodyRemoved,
    /// An operation's JSON body has another type or media type.
    RequestBodyChanged,
    /// A new parameter (or documented request header).
    ParameterAdded,
    /// A parameter (or documented request header) is gone.
    ParameterRemoved,
    /// A parameter became required or optional.
    ParameterRequirementChanged,
    /// A parameter has another type.
    ParameterRetyped,
    /// A parameter travels elsewhere (path, query, form, body).
    ParameterMoved,
    /// An optional parameter's setter has another name.
    ParameterRenamed,
    /// The positional arguments come in another order.
    ParametersReordered,
    /// A new type in `models`.
    TypeAdded,
    /// A type of `models` is gone.
    TypeRemoved,
    /// A type has another name.
    TypeRenamed,
    /// A type is another kind of item (a struct became an enum, an alias
    /// another target, an enum of strings one of integers).
    TypeKindChanged,
    /// A struct became or stopped being `#[non_exhaustive]` (a response type
    /// that is now also a request type, or the reverse).
    TypeExhaustivenessChanged,
    /// A struct gained a field.
    FieldAdded,
    /// A struct lost a field.
    FieldRemoved,
    /// A field has another type.
    FieldRetyped,
    /// A field became optional or required.
    FieldRequirementChanged,
    /// A field became nullable or not.
    FieldNullabilityChanged,
    /// A field has another Rust name for the same JSON key.
    FieldRenamed,
    /// The associated constant of an MSON `fixed` field appeared, went, or
    /// has another value.
    FieldConstantChanged,
    /// An enum gained a value.
    EnumValueAdded,
    /// An enum lost a value.
    EnumValueRemoved,
    /// An enum value has another variant name.
    EnumVariantRenamed,
    /// The catch-all variant of an enum has another name (a value now takes
    /// its usual name).
    EnumCatchAllRenamed,
    /// An untagged union gained a variant.
    UnionVariantAdded,
    /// An untagged union lost a variant.
    UnionVariantRemoved,
    /// An untagged union's variant holds another type.
    UnionVariantRetyped,
    /// The names lock kept a name the naming rules would now give otherwise.
    NameKept,
    /// An operation's examples changed without any change of type.
    ExampleChanged,
    /// A listing's pages (other than the configured `Page<T>`) are walked
    /// differently, or no longer: `stream()` and `collect_all()` appear,
    /// go, or yield another item type.
    PagingChanged,
    /// The API's authentication changed: `Client::new` and the builder's
    /// credentials follow it.
    AuthChanged,
}

impl ChangeKind {
    /// The kind as the JSON spells it (`field-added`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::OperationAdded => "operation-added",
            ChangeKind::OperationRemoved => "operation-removed",
            ChangeKind::OperationMoved => "operation-moved",
            ChangeKind::OperationRenamed => "operation-renamed",
            ChangeKind::ScopeChanged => "scope-changed",
            ChangeKind::ResultChanged => "result-changed",
            ChangeKind::RequestBodyAdded => "request-body-added",
            ChangeKind::RequestBodyRemoved => "request-body-removed",
            ChangeKind::RequestBodyChanged => "request-body-changed",
            ChangeKind::ParameterAdded => "parameter-added",
            ChangeKind::ParameterRemoved => "parameter-removed",
            ChangeKind::ParameterRequirementChanged => "parameter-requirement-changed",
            ChangeKind::ParameterRetyped => "parameter-retyped",
            ChangeKind::ParameterMoved => "parameter-moved",
            ChangeKind::ParameterRenamed => "parameter-renamed",
            ChangeKind::ParametersReordered => "parameters-reordered",
            ChangeKind::TypeAdded => "type-added",
            ChangeKind::TypeRemoved => "type-removed",
            ChangeKind::TypeRenamed => "type-renamed",
            ChangeKind::TypeKindChanged => "type-kind-changed",
            ChangeKind::TypeExhaustivenessChanged => "type-exhaustiveness-changed",
            ChangeKind::FieldAdded => "field-added",
            ChangeKind::FieldRemoved => "field-removed",
            ChangeKind::FieldRetyped => "field-retyped",
            ChangeKind::FieldRequirementChanged => "field-requirement-changed",
            ChangeKind::FieldNullabilityChanged => "field-nullability-changed",
            ChangeKind::FieldRenamed => "field-renamed",
            ChangeKind::FieldConstantChanged => "field-constant-changed",
            ChangeKind::EnumValueAdded => "enum-value-added",
            ChangeKind::EnumValueRemoved => "enum-value-removed",
            ChangeKind::EnumVariantRenamed => "enum-variant-renamed",
            ChangeKind::EnumCatchAllRenamed => "enum-catch-all-renamed",
            ChangeKind::UnionVariantAdded => "union-variant-added",
            ChangeKind::UnionVariantRemoved => "union-variant-removed",
            ChangeKind::UnionVariantRetyped => "union-variant-retyped",
            ChangeKind::NameKept => "name-kept",
            ChangeKind::ExampleChanged => "example-changed",
            ChangeKind::PagingChanged => "paging-changed",
            ChangeKind::AuthChanged => "auth-changed",
        }
    }

    /// The kind of the same change seen from the other side (`diff B A`):
    /// additions and removals swap, the rest stay.
    pub fn reversed(self) -> ChangeKind {
        use ChangeKind::*;
        match self {
            OperationAdded => OperationRemoved,
            OperationRemoved => OperationAdded,
            RequestBodyAdded => RequestBodyRemoved,
            RequestBodyRemoved => RequestBodyAdded,
            ParameterAdded => ParameterRemoved,
            ParameterRemoved => ParameterAdded,
            TypeAdded => TypeRemoved,
            TypeRemoved => TypeAdded,
            FieldAdded => FieldRemoved,
            FieldRemoved => FieldAdded,
            EnumValueAdded => EnumValueRemoved,
            EnumValueRemoved => EnumValueAdded,
            UnionVariantAdded => UnionVariantRemoved,
            UnionVariantRemoved => UnionVariantAdded,
            other => other,
        }
    }
}

/// What a change is about, for grouping it in the text and Markdown reports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// An operation: `METHOD /path` and its Rust method.
    Operation {
        /// `GET /stacks/{id}`.
        key: String,
        /// `client.stacks().get()`.
        rust: String,
    },
    /// A type of `models`, by its (new) name.
    Type {
        /// `Stack`.
        name: String,
        /// `cloud66::models::Stack`.
        rust: String,
    },
}

/// One change, as the JSON contract spells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// What it means for users of the crate.
    pub class: Class,
    /// The operation it belongs to (`GET /stacks/{id}`), if any.
    pub operation: Option<String>,
    /// What the spec calls it: an action name, `Stack.has_loadbalancer`,
    /// `stack_id`, `StackStatus = 3`.
    pub item: String,
    /// The Rust item it touches: `cloud66::models::Stack::has_loadbalancer`,
    /// `client.deployments().redeploy()`.
    pub rust: String,
    /// What it was (a Rust type, a location, a name), if anything.
    pub old: Option<String>,
    /// What it is now, if anything.
    pub new: Option<String>,
    /// Where it is: its line in the new spec, in the old one for removals.
    pub line: Option<u32>,
    /// The change in one sentence.
    pub message: String,
    /// What the change is about (not part of the JSON).
    #[serde(skip)]
    pub subject: Subject,
}

/// How many changes of each class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Changes that break users' code.
    pub breaking: usize,
    /// Changes that keep it compiling.
    pub additive: usize,
    /// Changes that touch nothing users see.
    pub informational: usize,
}

/// Every change between two models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// The counts.
    pub summary: Summary,
    /// The changes, grouped by operation (in the new spec's order, removed
    /// ones after), then by type (by name).
    pub changes: Vec<Change>,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    fn from_changes(changes: Vec<Change>) -> Diff {
        let mut summary = Summary::default();
        for c in &changes {
            match c.class {
                Class::Breaking => summary.breaking += 1,
                Class::Additive => summary.additive += 1,
                Class::Informational => summary.informational += 1,
            }
        }
        Diff { summary, changes }
    }

    /// The release the changes need after `version` (the crate's current
    /// one): breaking changes bump the minor version before 1.0 (the major
    /// one after), additive ones the patch (the minor one after 1.0);
    /// informational ones need none.
    pub fn bump(&self, version: &str) -> Bump {
        let level = if self.summary.breaking > 0 {
            BumpLevel::Breaking
        } else if self.summary.additive > 0 {
            BumpLevel::Compatible
        } else {
            BumpLevel::None
        };
        let parts: Vec<u64> = version
            .split(['.', '-', '+'])
            .take(3)
            .map(|p| p.parse().unwrap_or(0))
            .collect();
        let (major, minor, patch) = (
            parts.first().copied().unwrap_or(0),
            parts.get(1).copied().unwrap_or(0),
            parts.get(2).copied().unwrap_or(0),
        );
        let (part, next) = match (level, major) {
            (BumpLevel::None, _) => ("none", None),
            (BumpLevel::Breaking, 0) => ("minor", Some(format!("0.{}.0", minor + 1))),
            (BumpLevel::Breaking, _) => ("major", Some(format!("{}.0.0", major + 1))),
            (BumpLevel::Compatible, 0) => ("patch", Some(format!("0.{minor}.{}", patch + 1))),
            (BumpLevel::Compatible, _) => ("minor", Some(format!("{major}.{}.0", minor + 1))),
        };
        Bump {
            from: version.to_owned(),
            part,
            to: next,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BumpLevel {
    None,
    Compatible,
    Breaking,
}

/// The version a set of changes needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bump {
    /// The current version.
    pub from: String,
    /// Which part moves: `major`, `minor`, `patch` or `none`.
    pub part: &'static str,
    /// The next version, if one is needed.
    pub to: Option<String>,
}

/// One side of a comparison: a model and the text of the spec it came from
/// (to locate changes by line).
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The inferred model.
    pub model: &'a TypeModel,
    /// The spec's text.
    pub source: &'a str,
    /// The same spec's model inferred without a names lock (what the naming
    /// rules give), to report the names the lock keeps against them; `None`
    /// reports none.
    pub fresh: Option<&'a TypeModel>,
}

/// Compares two models; `new` should have been inferred with the names lock
/// `old` produced ([`TypeModel::names`]), as [`diff_specs`] does.
pub fn diff_models(old: Side<'_>, new: Side<'_>) -> Diff {
    Diff::from_changes(compare::compare(old, new))
}

/// Which spec a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The old spec.
    Old,
    /// The new spec.
    New,
}

/// Why two specs could not be compared.
#[derive(Debug, Clone)]
pub enum DiffError {
    /// A spec has errors (every diagnostic is kept, to render them all).
    Spec(Which, Vec<Diagnostic>),
    /// The configuration has errors against the new spec (located in the
    /// configuration file).
    Config(Vec<Diagnostic>),
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiffError::Spec(which, diagnostics) => {
                let errors = diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                let which = match which {
                    Which::Old => "old",
                    Which::New => "new",
                };
                write!(f, "the {which} spec has {errors} error(s)")
            }
            DiffError::Config(d) => write!(f, "the configuration file has {} problem(s)", d.len()),
        }
    }
}

impl std::error::Error for DiffError {}

/// The two models of a comparison and their differences.
#[derive(Debug, Clone)]
pub struct Compared {
    /// The old spec's model.
    pub old: TypeModel,
    /// The new spec's model, inferred with the names the old one gave.
    pub new: TypeModel,
    /// What changed.
    pub diff: Diff,
}

/// One spec to compare: its bytes and the configuration it is generated with.
#[derive(Debug, Clone, Copy)]
pub struct SpecInput<'a> {
    /// The spec's bytes.
    pub bytes: &'a [u8],
    /// Its configuration ([`Config::default`] for none).
    pub config: &'a Config,
}

/// Parses and infers both specs and compares their models. The old one keeps
/// the names of `lock` (the crate's `names.lock`, or an empty one); the new
/// one keeps the names the old one gave. The configuration's entries that
/// match nothing in the old spec are not errors (the new spec may be what
/// they were written for); any error in the new spec's configuration is.
pub fn diff_specs(
    old: SpecInput<'_>,
    new: SpecInput<'_>,
    lock: &NameLock,
) -> Result<Compared, DiffError> {
    let old_blueprint = parsed(old, Which::Old)?;
    let new_blueprint = parsed(new, Which::New)?;
    let old_model = model_of(&old_blueprint, old.config, lock, Which::Old)?;
    let new_model = model_of(&new_blueprint, new.config, &old_model.names, Which::New)?;
    // What the rules give without any lock, to tell which names the lock keeps.
    let old_fresh = model_of(&old_blueprint, old.config, &NameLock::default(), Which::Old)?;
    let new_fresh = model_of(&new_blueprint, new.config, &NameLock::default(), Which::New)?;
    let old_source = String::from_utf8_lossy(old.bytes);
    let new_source = String::from_utf8_lossy(new.bytes);
    let diff = diff_models(
        Side {
            model: &old_model,
            source: &old_source,
            fresh: Some(&old_fresh),
        },
        Side {
            model: &new_model,
            source: &new_source,
            fresh: Some(&new_fresh),
        },
    );
    Ok(Compared {
        old: old_model,
        new: new_model,
        diff,
    })
}

fn parsed(input: SpecInput<'_>, which: Which) -> Result<blueprint_parser::Blueprint, DiffError> {
    let blueprint = blueprint_parser::parse(input.bytes);
    if blueprint.has_errors() {
        return Err(DiffError::Spec(which, blueprint.diagnostics));
    }
    Ok(blueprint)
}

fn model_of(
    blueprint: &blueprint_parser::Blueprint,
    config: &Config,
    lock: &NameLock,
    which: Which,
) -> Result<TypeModel, DiffError> {
    let model = infer::infer_locked(blueprint, config, lock);
    let errors: Vec<Diagnostic> = model
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(DiffError::Spec(which, errors));
    }
    if which == Which::New
        && model
            .override_diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    {
        return Err(DiffError::Config(model.override_diagnostics));
    }
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff_with(breaking: usize, additive: usize) -> Diff {
        Diff {
            summary: Summary {
                breaking,
                additive,
                informational: 0,
            },
            changes: Vec::new(),
        }
    }

    #[test]
    fn bumps_follow_cargo_semver() {
        assert_eq!(diff_with(1, 3).bump("0.1.0").to.as_deref(), Some("0.2.0"));
        assert_eq!(diff_with(0, 3).bump("0.1.4").to.as_deref(), Some("0.1.5"));
        assert_eq!(diff_with(1, 0).bump("1.2.3").to.as_deref(), Some("2.0.0"));
        assert_eq!(diff_with(0, 1).bump("1.2.3").to.as_deref(), Some("1.3.0"));
        let none = diff_with(0, 0).bump("0.1.0");
        assert_eq!((none.part, none.to), ("none", None));
    }

    #[test]
    fn reversing_twice_is_the_identity() {
        for kind in [
            ChangeKind::OperationAdded,
            ChangeKind::FieldRemoved,
            ChangeKind::ParameterMoved,
            ChangeKind::UnionVariantAdded,
        ] {
            assert_eq!(kind.reversed().reversed(), kind);
        }
        assert_eq!(ChangeKind::FieldAdded.reversed(), ChangeKind::FieldRemoved);
    }
}

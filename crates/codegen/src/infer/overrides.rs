//! Corrections to what the spec gets wrong: the `[[type]]`, `[[method]]`,
//! `[[field]]`, `[[value_table]]`, `[[path]]` and `[[paging]]` entries of the
//! generator's configuration file (read by [`crate::config`]).
//!
//! # Format
//!
//! Six optional arrays of tables. Every entry must match something in the
//! spec; an entry that matches nothing is an error (`unused-override`), so
//! stale corrections cannot linger.
//!
//! ```toml
//! # Rename a type. `name` is the name inference gives it (see `cargo xtask
//! # types` without overrides); every reference follows the rename.
//! [[type]]
//! name = "OkMessage"
//! rename = "Confirmation"
//!
//! # Rename the client method of an operation, found by action name or
//! # resource name (`fn` is the new method name, snake_case).
//! [[method]]
//! operation = "Backup file"
//! fn = "get_file_url"
//!
//! # Pin the type of a field of a (final-named) type, written as its Rust
//! # spelling: String, bool, i64, u64, f64, DateTime, serde_json::Value, a
//! # type name, Vec<T>, BTreeMap<String, T>, Option<T>.
//! [[field]]
//! type = "Container"
//! field = "runtime"        # the JSON key
//! pin = "serde_json::Value"
//!
//! # Link a documented value table (by its heading) to a field, or to an
//! # operation's parameter; `enum` optionally names the enum.
//! [[value_table]]
//! table = "Stack status values"
//! type = "Stack"
//! field = "status"
//! # operation = "Perform a stack action"
//! # param = "command"
//! # enum = "StackStatus"
//!
//! # Fix a URI template of an operation (found by action or resource name).
//! [[path]]
//! operation = "Delete Device"
//! path = "/users/{id}/devices/{token}"
//!
//! # How a listing pages, where its examples do not say it (or say it
//! # wrong): the items' field, the dotted path of what names the next page,
//! # `number`, `cursor` or `link`, and the query parameter that asks for it;
//! # or `paged = false` to return its result as one value.
//! [[paging]]
//! operation = "Get the current list of devices"
//! items = "devices"
//! next = "pagination.next_page"
//! kind = "number"
//! parameter = "page_num"
//! size_parameter = "page_size"   # optional
//! ```

use crate::model::TypeRef;

/// Renames a type inferred as `name` to `rename`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRename {
    /// The name inference gives the type.
    pub name: String,
    /// The new name.
    pub rename: String,
    /// 1-based line of the entry in the overrides file.
    pub line: u32,
}

/// Renames the client method of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodRename {
    /// Action name or resource name of the operation.
    pub operation: String,
    /// The new method name.
    pub fn_name: String,
    /// 1-based line of the entry.
    pub line: u32,
}

/// Pins the type of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPin {
    /// The (final) type name.
    pub type_name: String,
    /// The field's JSON key.
    pub field: String,
    /// The pinned type.
    pub pin: TypeRef,
    /// 1-based line of the entry.
    pub line: u32,
}

/// Links a documented value table to a field or a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueTableLink {
    /// The table's heading, e.g. `Stack status values`.
    pub table: String,
    /// The target.
    pub target: LinkTarget,
    /// The enum's name, if given.
    pub enum_name: Option<String>,
    /// 1-based line of the entry.
    pub line: u32,
}

/// What a value table is linked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A field (`type`, JSON key).
    Field {
        /// The (final) type name.
        type_name: String,
        /// The JSON key.
        field: String,
    },
    /// A parameter (`operation`, parameter name).
    Param {
        /// Action or resource name.
        operation: String,
        /// Parameter name as written in the spec.
        param: String,
    },
}

/// Replaces the URI template of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathFix {
    /// Action or resource name.
    pub operation: String,
    /// The corrected template, e.g. `/users/{id}/devices/{token}`.
    pub path: String,
    /// 1-based line of the entry.
    pub line: u32,
}

/// How a listing pages, set in the configuration (`[[paging]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingOverride {
    /// Action or resource name.
    pub operation: String,
    /// Paged this way, or not at all (`None`).
    pub paging: Option<PagingSetting>,
    /// 1-based line of the entry.
    pub line: u32,
}

/// The parts of a `[[paging]]` entry that say how a listing pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingSetting {
    /// The result's field holding the items (JSON key).
    pub items: String,
    /// The JSON keys, from the result's top level, of what names the next page.
    pub next: Vec<String>,
    /// What that is.
    pub kind: NextKind,
    /// The query parameter that asks for a page.
    pub parameter: String,
    /// The query parameter that sets the page size.
    pub size_parameter: Option<String>,
}

/// What names the next page, in a `[[paging]]` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextKind {
    /// The next page's number.
    Number,
    /// An opaque cursor.
    Cursor,
    /// The next page's URL.
    Link,
}

/// A parsed overrides file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Type renames.
    pub types: Vec<TypeRename>,
    /// Method renames.
    pub methods: Vec<MethodRename>,
    /// Field type pins.
    pub fields: Vec<FieldPin>,
    /// Value table links.
    pub value_tables: Vec<ValueTableLink>,
    /// URI template fixes.
    pub paths: Vec<PathFix>,
    /// How listings page.
    pub pagings: Vec<PagingOverride>,
}

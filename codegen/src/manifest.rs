//! The generated crate's `Cargo.toml`: the IR and the [`Settings`] in, TOML text out.
//!
//! TOML, not Rust, so it is written as text; every value goes through `toml_str`. The only
//! setting that decides more than names is [`RuntimeDependency`]: where the `smithy-rt`
//! dependency comes from (a path, a git repository or the registry). Whatever the source, the
//! `[features]` table forwards the runtime's optional features under the same names.

use crate::error::Error;
use crate::{ir, render, Settings};

/// Where the generated `Cargo.toml` takes the runtime crate `smithy-rt` from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// `smithy-rt = { path = "..." }`: the runtime's directory, relative to the generated
    /// crate's directory, with `/` separators.
    Path(String),
    /// `smithy-rt = { git = "...", rev = "..." }`: a git repository (whose workspace holds the
    /// `smithy-rt` package), at a revision when given.
    Git { url: String, rev: Option<String> },
    /// `smithy-rt = { version = "..." }`: a version requirement on the registry's `smithy-rt`.
    Version(String),
}

impl RuntimeDependency {
    /// The keys of the `smithy-rt` inline table that say where it comes from, e.g.
    /// `git = "https://example.com/r.git", rev = "abc"`.
    fn toml_source(&self) -> String {
        match self {
            RuntimeDependency::Path(path) => format!("path = {}", toml_str(path)),
            RuntimeDependency::Git { url, rev: None } => format!("git = {}", toml_str(url)),
            RuntimeDependency::Git {
                url,
                rev: Some(rev),
            } => format!("git = {}, rev = {}", toml_str(url), toml_str(rev)),
            RuntimeDependency::Version(req) => format!("version = {}", toml_str(req)),
        }
    }

    /// A value cargo would reject, named for the user.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let empty = |what: &str| Err(Error::Settings(format!("the runtime's {what} is empty")));
        match self {
            RuntimeDependency::Path(p) if p.trim().is_empty() => empty("path"),
            RuntimeDependency::Git { url, .. } if url.trim().is_empty() => empty("git URL"),
            RuntimeDependency::Git { rev: Some(r), .. } if r.trim().is_empty() => {
                empty("git revision")
            }
            RuntimeDependency::Version(v) if v.trim().is_empty() => empty("version"),
            _ => Ok(()),
        }
    }
}

/// A TOML basic string. JSON's string escapes (`\"`, `\\`, `\n`, `\u0001`) are TOML's too.
fn toml_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// The generated crate's `Cargo.toml`.
pub(crate) fn manifest(ir: &ir::Ir, crate_name: &str, settings: &Settings) -> String {
    let title = ir.service.title.as_deref().unwrap_or(&ir.service.name);
    let description = format!("Rust client for {title}, generated from its Smithy model");
    // gzip request bodies (`@requestCompression`) need the runtime's compression feature.
    let compression = ir
        .operations
        .iter()
        .any(|op| !op.request_compression.is_empty());
    format!(
        "# {header}\n\
         [package]\n\
         name = {name}\n\
         version = \"0.1.0\"\n\
         edition = \"2021\"\n\
         description = {description}\n\
         readme = \"README.md\"\n\
         publish = false\n\
         \n\
         [features]\n\
         # The built-in HTTPS client (hyper + rustls). Without it, set `http_client` on the config.\n\
         default = [\"default-https-client\"]\n\
         default-https-client = [\"smithy-rt/default-https-client\"]\n\
         # tokio timers for retry backoff and timeouts (implied by default-https-client).\n\
         rt-tokio = [\"smithy-rt/rt-tokio\"]\n\
         # Configuration and credentials from the official `aws-config` crate.\n\
         aws-config = [\"smithy-rt/aws-config\"]\n\
         \n\
         [dependencies]\n\
         smithy-rt = {{ {source}, default-features = false{features} }}\n",
        header = render::header_text(&settings.command, &settings.inputs),
        features = if compression { ", features = [\"request-compression\"]" } else { "" },
        name = toml_str(crate_name),
        description = toml_str(&description),
        source = settings.runtime.toml_source(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_source_is_one_inline_table_entry() {
        let path = RuntimeDependency::Path("../../runtime".into());
        assert_eq!(path.toml_source(), r#"path = "../../runtime""#);
        let git = RuntimeDependency::Git {
            url: "https://example.com/smithy-native.git".into(),
            rev: None,
        };
        assert_eq!(
            git.toml_source(),
            r#"git = "https://example.com/smithy-native.git""#
        );
        let pinned = RuntimeDependency::Git {
            url: "https://example.com/r.git".into(),
            rev: Some("0123abc".into()),
        };
        assert_eq!(
            pinned.toml_source(),
            r#"git = "https://example.com/r.git", rev = "0123abc""#
        );
        let version = RuntimeDependency::Version("0.1".into());
        assert_eq!(version.toml_source(), r#"version = "0.1""#);
    }

    #[test]
    fn values_are_escaped() {
        let odd = RuntimeDependency::Path(r#"a "b"\c"#.into());
        assert_eq!(odd.toml_source(), r#"path = "a \"b\"\\c""#);
    }

    #[test]
    fn empty_values_are_settings_errors() {
        for bad in [
            RuntimeDependency::Path(" ".into()),
            RuntimeDependency::Git {
                url: String::new(),
                rev: None,
            },
            RuntimeDependency::Git {
                url: "u".into(),
                rev: Some(String::new()),
            },
            RuntimeDependency::Version(String::new()),
        ] {
            assert!(
                matches!(bad.check(), Err(Error::Settings(m)) if m.contains("is empty")),
                "{bad:?}"
            );
        }
        assert_eq!(RuntimeDependency::Version("1".into()).check(), Ok(()));
    }
}

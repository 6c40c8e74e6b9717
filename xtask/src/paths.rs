//! Lexical path helpers: absolute paths for directories that may not exist yet, and the
//! relative path from one directory to another (for the generated crate's runtime dependency).
//!
//! Nothing here touches the file system except [`absolute`], which reads the current
//! directory; symlinks are not resolved, so the answers depend only on the spelling.

use std::path::{Component, Path, PathBuf};

/// Makes `path` absolute against the current directory and removes `.` and `..` components
/// lexically. Works for paths that do not exist yet.
pub fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    Ok(normalize(&joined))
}

/// Removes `.` components and folds `a/..` lexically. A `..` above the root stays at the root.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let popped =
                    matches!(out.components().next_back(), Some(Component::Normal(_))) && out.pop();
                if !popped && !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The path of `to` as seen from the directory `from`, with `/` separators (it is written into a
/// `Cargo.toml`). Both must be absolute. Always relative, even through the file system root
/// (`/tmp/out` to `/work/main/runtime` is `../../work/main/runtime`), so that no absolute path
/// of this machine reaches the generated crate; only paths with different roots (Windows
/// drives) give the absolute path of `to`.
pub fn relative(from: &Path, to: &Path) -> String {
    let from = normalize(from);
    let to = normalize(to);
    let from_parts: Vec<Component> = from.components().collect();
    let to_parts: Vec<Component> = to.components().collect();
    let common = from_parts
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let shared_root = from_parts[..common]
        .iter()
        .any(|c| matches!(c, Component::RootDir));
    if !shared_root {
        return slashes(to_parts.iter().map(|c| c.as_os_str().to_string_lossy()));
    }
    let ups = from_parts.len() - common;
    let parts = std::iter::repeat_n("..".into(), ups).chain(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy()),
    );
    let rel = slashes(parts);
    if rel.is_empty() {
        ".".to_string()
    } else {
        rel
    }
}

/// Joins components with `/`, keeping a leading root as a single `/`.
fn slashes<'a>(parts: impl Iterator<Item = std::borrow::Cow<'a, str>>) -> String {
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_from_generated_crate_to_runtime() {
        let rel = relative(
            Path::new("/work/main/generated/imagebuilder"),
            Path::new("/work/main/runtime"),
        );
        assert_eq!(rel, "../../runtime");
    }

    #[test]
    fn relative_from_fixture_crate() {
        let rel = relative(
            Path::new("/w/tests/fixtures/keywords"),
            Path::new("/w/runtime"),
        );
        assert_eq!(rel, "../../../runtime");
    }

    #[test]
    fn relative_into_a_subdirectory_and_to_itself() {
        assert_eq!(
            relative(Path::new("/w"), Path::new("/w/runtime")),
            "runtime"
        );
        assert_eq!(relative(Path::new("/w/a"), Path::new("/w/a")), ".");
    }

    #[test]
    fn relative_without_common_ancestor_goes_through_the_root() {
        let rel = relative(Path::new("/tmp/out"), Path::new("/work/main/runtime"));
        assert_eq!(rel, "../../work/main/runtime");
        assert_eq!(relative(Path::new("/"), Path::new("/w")), "w");
    }

    #[test]
    fn relative_normalizes_dots() {
        let rel = relative(
            Path::new("/w/generated/./x/../imagebuilder"),
            Path::new("/w/xtask/../runtime"),
        );
        assert_eq!(rel, "../../runtime");
    }

    #[test]
    fn normalize_folds_parent_components() {
        assert_eq!(normalize(Path::new("/a/b/../c/./d")), Path::new("/a/c/d"));
        assert_eq!(normalize(Path::new("/..")), Path::new("/"));
        assert_eq!(normalize(Path::new("../a/../..")), Path::new("../.."));
    }

    #[test]
    fn absolute_of_a_missing_relative_dir() {
        let abs = absolute(Path::new("does/not/../exist")).unwrap();
        assert!(abs.is_absolute());
        assert!(abs.ends_with("does/exist"));
    }
}

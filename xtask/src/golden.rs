//! Golden files: the one definition of "the files on disk are what the generator produces".
//!
//! A [`Files`] map and a directory come in; [`compare`] says which files changed (with a short
//! diff), are missing, or are orphaned (on disk but no longer generated); [`report`] turns that
//! into a message that ends with the command that regenerates. [`write`](fn@write) blesses: it writes every
//! file and deletes orphans, and refuses when `CI` is set, so a mismatch can never be overwritten
//! and pass on a rerun. `cargo xtask regenerate --check`, `regenerate-fixtures --check` and the
//! test suite all go through [`compare`].
//!
//! Under a golden directory, dot-files and `target/` directories are not the generator's and are
//! ignored; everything else belongs to the generator.

use std::fs;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};
pub use codegen::Files;

/// One way in which a directory differs from the generator's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// The file exists with other contents. `diff` is a short `-` on disk / `+` generated diff.
    Changed { path: String, diff: String },
    /// The generator produces the file but it is not on disk.
    Missing { path: String },
    /// The file is on disk but the generator no longer produces it.
    Orphaned { path: String },
}

impl Difference {
    /// The relative path the difference is about.
    pub fn path(&self) -> &str {
        match self {
            Difference::Changed { path, .. }
            | Difference::Missing { path }
            | Difference::Orphaned { path } => path,
        }
    }
}

/// What [`write`](fn@write) did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Files the generator produced (all of them are now on disk).
    pub files: usize,
    /// Of those, how many were created or had other contents before.
    pub changed: usize,
    /// Orphaned files deleted.
    pub removed: usize,
}

/// Compares `files` with the directory `dir` (which need not exist). Differences are sorted by
/// path. I/O errors other than "not found" are errors, not differences.
pub fn compare(files: &Files, dir: &Path) -> Result<Vec<Difference>> {
    let mut diffs = Vec::new();
    for (rel, generated) in files {
        let path = checked_join(dir, rel)?;
        match fs::read(&path) {
            Ok(on_disk) if on_disk == generated.as_bytes() => {}
            Ok(on_disk) => diffs.push(Difference::Changed {
                path: rel.clone(),
                diff: short_diff(&String::from_utf8_lossy(&on_disk), generated),
            }),
            Err(e) if e.kind() == ErrorKind::NotFound => {
                diffs.push(Difference::Missing { path: rel.clone() })
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }
    for rel in on_disk(dir)? {
        if !files.contains_key(&rel) {
            diffs.push(Difference::Orphaned { path: rel });
        }
    }
    diffs.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(diffs)
}

/// A report of `diffs` for a terminal, ending with "run `<regenerate_command>` to update".
pub fn report(diffs: &[Difference], regenerate_command: &str) -> String {
    let n = diffs.len();
    let mut out = format!(
        "{n} golden file{} out of date:\n",
        if n == 1 { " is" } else { "s are" }
    );
    for d in diffs {
        match d {
            Difference::Changed { path, diff } => {
                out.push_str(&format!("  changed:  {path}\n"));
                for line in diff.lines() {
                    out.push_str(&format!("      {line}\n"));
                }
            }
            Difference::Missing { path } => {
                out.push_str(&format!("  missing:  {path} (generated, not on disk)\n"))
            }
            Difference::Orphaned { path } => out.push_str(&format!(
                "  orphaned: {path} (on disk, no longer generated)\n"
            )),
        }
    }
    out.push_str(&format!("run `{regenerate_command}` to update\n"));
    out
}

/// Makes `dir` hold exactly `files`: writes what differs (creating directories) and deletes
/// orphans (and directories they leave empty). Refuses when `CI` is set and `dir` is committed
/// golden output (in the workspace, outside `target/`): goldens are blessed by a person, never
/// by CI. Scratch output under `target/` or outside the workspace may be written anywhere.
pub fn write(files: &Files, dir: &Path) -> Result<Written> {
    write_unless_ci(
        files,
        dir,
        crate::in_ci() && is_golden_dir(dir, &crate::workspace_root()),
    )
}

/// Whether `dir` (absolute) is where committed output lives.
fn is_golden_dir(dir: &Path, root: &Path) -> bool {
    dir.starts_with(root) && !dir.starts_with(root.join("target"))
}

fn write_unless_ci(files: &Files, dir: &Path, in_ci: bool) -> Result<Written> {
    if in_ci {
        bail!(
            "refusing to write golden files under {}: CI is set, and goldens are never blessed \
             in CI; regenerate locally and commit the result",
            dir.display()
        );
    }
    let orphans: Vec<String> = on_disk(dir)?
        .into_iter()
        .filter(|rel| !files.contains_key(rel))
        .collect();
    if !orphans.is_empty() && dir.join(".git").exists() {
        bail!(
            "refusing to delete {} file(s) under {}: it is a repository root, not a generated \
             directory (first: {})",
            orphans.len(),
            dir.display(),
            orphans[0]
        );
    }
    let mut written = Written {
        files: files.len(),
        ..Written::default()
    };
    for (rel, contents) in files {
        let path = checked_join(dir, rel)?;
        match fs::read(&path) {
            Ok(old) if old == contents.as_bytes() => continue,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))?;
        written.changed += 1;
    }
    for rel in &orphans {
        let path = checked_join(dir, rel)?;
        fs::remove_file(&path).with_context(|| format!("cannot delete {}", path.display()))?;
        written.removed += 1;
        // An empty directory left behind would still match workspace globs such as
        // `tests/fixtures/*` and break the build, so prune up to (not including) `dir`.
        let mut parent = path.parent();
        while let Some(p) = parent.filter(|p| *p != dir && p.starts_with(dir)) {
            if fs::remove_dir(p).is_err() {
                break;
            }
            parent = p.parent();
        }
    }
    Ok(written)
}

/// `dir/rel` for a generator path: relative, `/`-separated, no `.`/`..`/empty components.
fn checked_join(dir: &Path, rel: &str) -> Result<PathBuf> {
    let ok = !rel.is_empty()
        && !rel.contains('\\')
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if !ok {
        bail!("the generator produced an invalid relative path `{rel}`");
    }
    Ok(dir.join(rel))
}

/// Relative paths (`/`-separated, sorted) of the files under `dir` that belong to the generator:
/// everything except dot-files/dot-directories and `target/` directories. A missing `dir` has
/// none.
fn on_disk(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => walk(dir, "", &mut out)?,
        Ok(_) => bail!("{} is not a directory", dir.display()),
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    }
    out.sort();
    Ok(out)
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = format!("{prefix}{name}");
        // file_type() does not follow symlinks: a symlink counts as a file.
        if entry.file_type()?.is_dir() {
            if name != "target" {
                walk(&entry.path(), &format!("{rel}/"), out)?;
            }
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

/// Lines of context around changes.
const CONTEXT: usize = 3;
/// Lines of diff output at most.
const MAX_LINES: usize = 40;
/// Lines of each side that the line diff looks at, from the first difference on.
const WINDOW: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// A short unified-style diff (`-` old, `+` new) starting at the first differing line: a
/// line-level LCS over a window of 200 lines, 3 lines of context, about 40 lines at most.
pub fn short_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let a_mid = &a[prefix..a.len() - suffix];
    let b_mid = &b[prefix..b.len() - suffix];
    let a_win = &a_mid[..a_mid.len().min(WINDOW)];
    let b_win = &b_mid[..b_mid.len().min(WINDOW)];
    let windowed = a_win.len() < a_mid.len() || b_win.len() < b_mid.len();

    let start = prefix.saturating_sub(CONTEXT);
    let mut ops: Vec<Op> = a[start..prefix].iter().map(|l| Op::Same(l)).collect();
    ops.extend(lcs_ops(a_win, b_win));
    if !windowed {
        ops.extend(
            a[a.len() - suffix..]
                .iter()
                .take(CONTEXT)
                .map(|l| Op::Same(l)),
        );
    }

    let mut out = vec![format!("@@ line {} @@", start + 1)];
    let mut truncated = windowed;
    let mut i = 0;
    while i < ops.len() {
        if out.len() > MAX_LINES {
            truncated = true;
            break;
        }
        // Collapse long unchanged runs between changes to CONTEXT lines on each side.
        let run = ops[i..]
            .iter()
            .take_while(|o| matches!(o, Op::Same(_)))
            .count();
        if run > 2 * CONTEXT && i > 0 && i + run < ops.len() {
            for op in &ops[i..i + CONTEXT] {
                out.push(render(op));
            }
            out.push(format!(" … {} unchanged lines", run - 2 * CONTEXT));
            i += run - CONTEXT;
            continue;
        }
        out.push(render(&ops[i]));
        i += 1;
    }
    if truncated {
        out.push("… (diff truncated)".to_string());
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn render(op: &Op) -> String {
    let (sign, line) = match op {
        Op::Same(l) => (' ', l),
        Op::Removed(l) => ('-', l),
        Op::Added(l) => ('+', l),
    };
    match line.strip_suffix('\n') {
        Some(l) => format!("{sign}{l}"),
        None => format!("{sign}{line}\n\\ No newline at end of file"),
    }
}

/// A line diff of two short slices by longest common subsequence (O(n·m), n, m ≤ [`WINDOW`]).
fn lcs_ops<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Op<'a>> {
    let (n, m) = (a.len(), b.len());
    // len[i][j] = LCS length of a[i..] and b[j..].
    let mut len = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if a[i] == b[j] {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::with_capacity(n + m);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push(Op::Same(a[i]));
            i += 1;
            j += 1;
        } else if j == m || (i < n && len[i + 1][j] >= len[i][j + 1]) {
            ops.push(Op::Removed(a[i]));
            i += 1;
        } else {
            ops.push(Op::Added(b[j]));
            j += 1;
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::TempDir;

    /// The name of the temporary directories of these tests.
    const TEMP: &str = "xtask-golden-test";

    fn files(entries: &[(&str, &str)]) -> Files {
        entries
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()
    }

    fn put(dir: &Path, rel: &str, contents: &str) {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, contents).unwrap();
    }

    #[test]
    fn a_missing_directory_is_all_missing() {
        let t = TempDir::new(TEMP);
        let f = files(&[("Cargo.toml", "x\n"), ("src/lib.rs", "y\n")]);
        let diffs = compare(&f, &t.0.join("nope")).unwrap();
        assert_eq!(
            diffs,
            vec![
                Difference::Missing {
                    path: "Cargo.toml".into()
                },
                Difference::Missing {
                    path: "src/lib.rs".into()
                },
            ]
        );
    }

    #[test]
    fn changed_missing_orphaned_and_ignored() {
        let t = TempDir::new(TEMP);
        put(&t.0, "Cargo.toml", "same\n");
        put(&t.0, "src/lib.rs", "a\nb\nc\n");
        put(&t.0, "src/old.rs", "gone\n");
        put(&t.0, "target/debug/x", "build output\n");
        put(&t.0, ".gitignore", "dot-file\n");
        put(&t.0, "src/.hidden/x", "dot-dir\n");
        let f = files(&[
            ("Cargo.toml", "same\n"),
            ("src/lib.rs", "a\nB\nc\n"),
            ("src/new.rs", "new\n"),
        ]);
        let diffs = compare(&f, &t.0).unwrap();
        assert_eq!(diffs.len(), 3, "{diffs:?}");
        assert_eq!(
            diffs[1],
            Difference::Missing {
                path: "src/new.rs".into()
            }
        );
        assert_eq!(
            diffs[2],
            Difference::Orphaned {
                path: "src/old.rs".into()
            }
        );
        let Difference::Changed { path, diff } = &diffs[0] else {
            panic!("{diffs:?}")
        };
        assert_eq!(path, "src/lib.rs");
        assert_eq!(diff, "@@ line 1 @@\n a\n-b\n+B\n c\n");

        let text = report(&diffs, "cargo xtask regenerate");
        assert!(
            text.starts_with("3 golden files are out of date:\n"),
            "{text}"
        );
        assert!(text.contains("  changed:  src/lib.rs\n"), "{text}");
        assert!(text.contains("      -b\n      +B\n"), "{text}");
        assert!(text.contains("  missing:  src/new.rs"), "{text}");
        assert!(text.contains("  orphaned: src/old.rs"), "{text}");
        assert!(
            text.ends_with("run `cargo xtask regenerate` to update\n"),
            "{text}"
        );
    }

    #[test]
    fn write_then_compare_is_clean_and_orphans_go() {
        let t = TempDir::new(TEMP);
        put(&t.0, "src/old/deep.rs", "gone\n");
        put(&t.0, "src/lib.rs", "stale\n");
        put(&t.0, "target/keep", "build output\n");
        put(&t.0, ".keep", "dot-file\n");
        let f = files(&[("Cargo.toml", "c\n"), ("src/lib.rs", "fresh\n")]);
        let w = write_unless_ci(&f, &t.0, false).unwrap();
        assert_eq!(
            w,
            Written {
                files: 2,
                changed: 2,
                removed: 1
            }
        );
        assert!(compare(&f, &t.0).unwrap().is_empty());
        assert!(!t.0.join("src/old").exists(), "empty directory left behind");
        assert!(t.0.join("target/keep").exists() && t.0.join(".keep").exists());
        // Idempotent: nothing to do the second time.
        let again = write_unless_ci(&f, &t.0, false).unwrap();
        assert_eq!(
            again,
            Written {
                files: 2,
                changed: 0,
                removed: 0
            }
        );
    }

    #[test]
    fn only_committed_locations_are_goldens() {
        let root = Path::new("/w");
        assert!(is_golden_dir(Path::new("/w/generated/x"), root));
        assert!(is_golden_dir(Path::new("/w/tests/fixtures"), root));
        assert!(!is_golden_dir(Path::new("/w/target/whole-service/x"), root));
        assert!(!is_golden_dir(Path::new("/tmp/out"), root));
    }

    #[test]
    fn write_refuses_in_ci() {
        let t = TempDir::new(TEMP);
        let f = files(&[("a", "b\n")]);
        let e = write_unless_ci(&f, &t.0, true).unwrap_err().to_string();
        assert!(e.contains("never blessed in CI"), "{e}");
        assert!(!t.0.join("a").exists());
    }

    #[test]
    fn write_refuses_to_empty_a_repository() {
        let t = TempDir::new(TEMP);
        put(&t.0, ".git/HEAD", "ref\n");
        put(&t.0, "precious.rs", "keep me\n");
        let e = write_unless_ci(&files(&[("a", "b\n")]), &t.0, false)
            .unwrap_err()
            .to_string();
        assert!(e.contains("repository root"), "{e}");
        assert!(t.0.join("precious.rs").exists());
    }

    #[test]
    fn invalid_generator_paths_are_errors() {
        let t = TempDir::new(TEMP);
        for bad in ["../escape", "/abs", "a//b", "a/./b", ""] {
            let e = compare(&files(&[(bad, "x")]), &t.0)
                .unwrap_err()
                .to_string();
            assert!(e.contains("invalid relative path"), "{bad}: {e}");
        }
    }

    #[test]
    fn diff_context_and_missing_newline() {
        let old = "1\n2\n3\n4\n5\n6\n7\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n";
        assert_eq!(
            short_diff(old, new),
            "@@ line 2 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n"
        );
        assert_eq!(
            short_diff("a\n", "a"),
            "@@ line 1 @@\n-a\n+a\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn diff_collapses_unchanged_runs_and_is_capped() {
        let old: String = (0..30).map(|i| format!("{i}\n")).collect();
        let new: String = (0..30)
            .map(|i| match i {
                3 => "three\n".to_string(),
                25 => "twenty-five\n".to_string(),
                _ => format!("{i}\n"),
            })
            .collect();
        let d = short_diff(&old, &new);
        assert!(d.contains("-3\n+three\n"), "{d}");
        assert!(d.contains("-25\n+twenty-five\n"), "{d}");
        assert!(d.contains(" … 15 unchanged lines\n"), "{d}");

        let big_old: String = (0..1000).map(|i| format!("{i}\n")).collect();
        let big_new: String = (0..1000).map(|i| format!("x{i}\n")).collect();
        let d = short_diff(&big_old, &big_new);
        assert!(d.lines().count() <= MAX_LINES + 3, "{d}");
        assert!(d.ends_with("… (diff truncated)\n"), "{d}");
    }
}

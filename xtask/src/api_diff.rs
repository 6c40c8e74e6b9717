//! `cargo xtask api-diff`: does the public API we generate use the reference SDK's names?
//!
//! In: two source directories, ours (a generated crate's `src/`) and the reference's (e.g.
//! `aws-sdk-imagebuilder`'s `src/` from cargo's registry). Out: the public surface of each as
//! names, compared. The surface is read with `syn`: every `pub struct` and `pub enum` (by
//! type name), the variants of those enums, and the `pub fn`s of inherent `impl` blocks (keyed
//! by the type's name). Module paths are ignored, since the two crates lay out files
//! differently. What we generate and the reference lacks is a finding (exit 1); what the
//! reference has beyond ours is reported as a count with examples (a newer model, or runtime
//! features we do not copy), since it is not a naming mismatch.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

/// The public names of one crate.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Surface {
    /// `pub struct` / `pub enum` names.
    pub types: BTreeSet<String>,
    /// Type name → its inherent `pub fn` names.
    pub methods: BTreeMap<String, BTreeSet<String>>,
    /// Enum name → its variant names.
    pub variants: BTreeMap<String, BTreeSet<String>>,
}

impl Surface {
    /// Reads every `.rs` file below `dir`.
    pub fn read(dir: &Path) -> Result<Surface> {
        let mut files = Vec::new();
        collect_rs(dir, &mut files)?;
        files.sort();
        let mut surface = Surface::default();
        for path in files {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let file = syn::parse_file(&text)
                .with_context(|| format!("{} is not valid Rust", path.display()))?;
            surface.add_items(&file.items);
        }
        Ok(surface)
    }

    /// Reads one source text (for tests).
    pub fn from_source(text: &str) -> Result<Surface> {
        let file = syn::parse_file(text).context("not valid Rust")?;
        let mut surface = Surface::default();
        surface.add_items(&file.items);
        Ok(surface)
    }

    fn add_items(&mut self, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Struct(s) if is_pub(&s.vis) => {
                    self.types.insert(s.ident.to_string());
                }
                syn::Item::Enum(e) if is_pub(&e.vis) => {
                    self.types.insert(e.ident.to_string());
                    self.variants
                        .entry(e.ident.to_string())
                        .or_default()
                        .extend(e.variants.iter().map(|v| v.ident.to_string()));
                }
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    let syn::Type::Path(self_ty) = &*i.self_ty else {
                        continue;
                    };
                    let Some(last) = self_ty.path.segments.last() else {
                        continue;
                    };
                    let fns = i.items.iter().filter_map(|item| match item {
                        syn::ImplItem::Fn(f) if is_pub(&f.vis) => Some(f.sig.ident.to_string()),
                        _ => None,
                    });
                    self.methods
                        .entry(last.ident.to_string())
                        .or_default()
                        .extend(fns);
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        self.add_items(items);
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("reading directory {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect_rs(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// The comparison of our surface with the reference's.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// Findings: names of ours the reference does not have, e.g. `type Foo`,
    /// `fn FooBuilder::bar`, `variant FooError::Baz`.
    pub ours_only: Vec<String>,
    /// Names of the reference's (on types both have, and types of its own) that we lack.
    pub reference_only: Vec<String>,
    /// How many of our names were checked.
    pub checked: usize,
}

/// Compares `ours` with `reference`.
pub fn diff(ours: &Surface, reference: &Surface) -> Diff {
    let mut d = Diff::default();
    for t in &ours.types {
        d.checked += 1;
        if !reference.types.contains(t) {
            d.ours_only.push(format!("type {t}"));
        }
    }
    for t in reference.types.difference(&ours.types) {
        d.reference_only.push(format!("type {t}"));
    }
    let empty = BTreeSet::new();
    let mut compare = |kind: &str,
                       sep: &str,
                       a: &BTreeMap<String, BTreeSet<String>>,
                       b: &BTreeMap<String, BTreeSet<String>>| {
        for (t, names) in a {
            // Methods of a type the reference lacks are covered by the type finding.
            let Some(theirs) = b.get(t) else {
                continue;
            };
            for n in names {
                d.checked += 1;
                if !theirs.contains(n) {
                    d.ours_only.push(format!("{kind} {t}{sep}{n}"));
                }
            }
            for n in theirs.difference(a.get(t).unwrap_or(&empty)) {
                d.reference_only.push(format!("{kind} {t}{sep}{n}"));
            }
        }
    };
    compare("fn", "::", &ours.methods, &reference.methods);
    compare("variant", "::", &ours.variants, &reference.variants);
    d
}

/// Runs the command: prints the comparison; exit 1 when ours has names the reference lacks.
pub fn run(ours: &Path, reference: &Path) -> Result<ExitCode> {
    let ours_surface = Surface::read(ours)?;
    let reference_surface = Surface::read(reference)?;
    let d = diff(&ours_surface, &reference_surface);
    println!(
        "ours: {} types, {} with methods; reference: {} types",
        ours_surface.types.len(),
        ours_surface.methods.len(),
        reference_surface.types.len()
    );
    println!(
        "reference-only names (a newer model or features not generated): {}",
        d.reference_only.len()
    );
    for name in d.reference_only.iter().take(40) {
        println!("  {name}");
    }
    if d.reference_only.len() > 40 {
        println!("  ... and {} more", d.reference_only.len() - 40);
    }
    for name in &d.ours_only {
        println!("not in the reference: {name}");
    }
    println!(
        "{} of our names checked, {} not in the reference",
        d.checked,
        d.ours_only.len()
    );
    Ok(if d.ours_only.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFERENCE: &str = r#"
        pub struct Client;
        impl Client { pub fn new() -> Self { Client } pub fn list(&self) {} fn private(&self) {} }
        pub enum OpError { Busy(u8), Unhandled(u8) }
        mod inner { pub struct Extra; }
        impl std::fmt::Debug for Extra { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) } }
    "#;

    #[test]
    fn reads_public_names_only() {
        let s = Surface::from_source(REFERENCE).expect("parses");
        assert_eq!(
            s.types.iter().map(String::as_str).collect::<Vec<_>>(),
            ["Client", "Extra", "OpError"]
        );
        assert_eq!(
            s.methods["Client"]
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            ["list", "new"]
        );
        assert!(
            !s.methods.contains_key("Extra"),
            "trait impls are not inherent methods"
        );
        assert_eq!(s.variants["OpError"].len(), 2);
    }

    #[test]
    fn names_only_ours_has_are_findings() {
        let reference = Surface::from_source(REFERENCE).expect("parses");
        let ours = Surface::from_source(
            "pub struct Client; impl Client { pub fn list(&self) {} pub fn lisst(&self) {} }
             pub enum OpError { Busy(u8), Unhandled(u8), Renamed(u8) } pub struct Mine;",
        )
        .expect("parses");
        let d = diff(&ours, &reference);
        assert_eq!(
            d.ours_only,
            ["type Mine", "fn Client::lisst", "variant OpError::Renamed"]
        );
        assert_eq!(d.reference_only, ["type Extra", "fn Client::new"]);
        assert_eq!(d.checked, 3 + 2 + 3);
        assert!(diff(&reference, &reference).ours_only.is_empty());
    }
}

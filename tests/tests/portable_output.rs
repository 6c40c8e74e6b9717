//! Generated output is portable: a crate generated outside the workspace names no path of the
//! machine that generated it (the `@generated` headers name the model by file name and
//! SHA-256, the runtime dependency is relative, a git repository or a registry version), the
//! same model and options give the same bytes from any working directory into any output
//! directory, and a program outside the workspace builds against the `path=` form.
//!
//! Through the xtask's library (`regenerate::generate`, what `cargo xtask regenerate` runs),
//! with the `paginated` fixture model, into directories under the system temp dir.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use xtask::cli::{RegenerateArgs, RuntimeArg};
use xtask::{golden, regenerate, workspace_root};

/// The tests of this file change the working directory (a process-wide setting), so they run
/// one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// A fresh directory under the system temp dir (outside the workspace), removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!("{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // The spelling the xtask sees (the temp dir may be reached through a symlink).
        TempDir(dir.canonicalize().unwrap())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Restores the working directory on drop.
struct Cwd(PathBuf);

impl Cwd {
    fn enter(dir: &Path) -> Cwd {
        let old = std::env::current_dir().unwrap();
        std::env::set_current_dir(dir).unwrap();
        Cwd(old)
    }
}

impl Drop for Cwd {
    fn drop(&mut self) {
        let _ = std::env::set_current_dir(&self.0);
    }
}

const MODEL: &str = "paginated.json";
const GIT: &str = "https://example.com/smithy-native.git";

fn model() -> PathBuf {
    workspace_root().join("models/fixtures").join(MODEL)
}

fn runtime_dir() -> PathBuf {
    workspace_root().join("runtime")
}

/// Every `--runtime` form, and none (the default).
fn forms() -> Vec<(&'static str, Option<RuntimeArg>)> {
    vec![
        ("default", None),
        ("path", Some(RuntimeArg::Path(runtime_dir()))),
        (
            "git",
            Some(RuntimeArg::Git {
                url: GIT.into(),
                rev: None,
            }),
        ),
        (
            "git-rev",
            Some(RuntimeArg::Git {
                url: GIT.into(),
                rev: Some("0123abc".into()),
            }),
        ),
        ("version", Some(RuntimeArg::Version("0.1".into()))),
    ]
}

/// `cargo xtask regenerate --model <model> --out <out> [--runtime ...]`, written to `out`.
fn regenerate(model: &Path, out: &Path, runtime: Option<RuntimeArg>) -> codegen::Files {
    let args = RegenerateArgs {
        model: Some(model.into()),
        out: Some(out.into()),
        runtime,
        ..Default::default()
    };
    let generated = regenerate::generate(&args).expect("the fixture generates");
    golden::write(&generated.files, &generated.dir).expect("the output directory is writable");
    generated.files
}

/// The `smithy-rt = ...` line of a generated `Cargo.toml`.
fn dependency_line(files: &codegen::Files) -> &str {
    let manifest = &files["Cargo.toml"];
    let lines: Vec<&str> = manifest
        .lines()
        .filter(|l| l.starts_with("smithy-rt"))
        .collect();
    assert_eq!(lines.len(), 1, "{manifest}");
    lines[0]
}

/// The path of a `smithy-rt = { path = "..." ... }` line.
fn dependency_path(line: &str) -> &str {
    let rest = line
        .strip_prefix("smithy-rt = { path = \"")
        .unwrap_or_else(|| panic!("not a path dependency: {line}"));
    &rest[..rest.find('"').unwrap()]
}

#[test]
fn each_runtime_form_is_its_dependency_line_and_no_file_names_a_local_path() {
    let _serial = serial();
    let tmp = TempDir::new("portable-forms");
    let root = workspace_root();
    for (name, runtime) in forms() {
        let out = tmp.0.join(name).join("sdk");
        let files = regenerate(&model(), &out, runtime);
        let line = dependency_line(&files);
        match name {
            "default" | "path" => {
                // Relative to the crate, and it leads to this checkout's runtime.
                let path = dependency_path(line);
                assert!(!Path::new(path).is_absolute(), "{line}");
                assert_eq!(
                    out.join(path).canonicalize().unwrap(),
                    runtime_dir().canonicalize().unwrap(),
                    "{line}"
                );
                assert_eq!(
                    line,
                    format!("smithy-rt = {{ path = \"{path}\", default-features = false }}")
                );
            }
            "git" => assert_eq!(
                line,
                format!("smithy-rt = {{ git = \"{GIT}\", default-features = false }}")
            ),
            "git-rev" => assert_eq!(
                line,
                format!(
                    "smithy-rt = {{ git = \"{GIT}\", rev = \"0123abc\", default-features = false }}"
                )
            ),
            "version" => assert_eq!(
                line,
                "smithy-rt = { version = \"0.1\", default-features = false }"
            ),
            other => unreachable!("{other}"),
        }
        // The runtime's features are forwarded whatever the source.
        let manifest = &files["Cargo.toml"];
        for feature in ["default-https-client", "rt-tokio", "aws-config"] {
            let forward = format!("{feature} = [\"smithy-rt/{feature}\"]");
            assert!(manifest.contains(&forward), "{name}: {forward}\n{manifest}");
        }
        // No local path anywhere, but the relative path of the runtime dependency itself
        // (which spells the checkout's directories from the file system root down).
        for (file, text) in &files {
            for l in text.lines().filter(|l| *l != line) {
                for local in [&tmp.0, &root, &std::env::temp_dir()] {
                    let local = local.display().to_string();
                    assert!(!l.contains(&local), "{name}: {file} names {local}: {l}");
                }
            }
        }
        // The header: the model by file name and hash, the options that change the output.
        let header = files["src/lib.rs"].lines().next().unwrap();
        let sha = xtask::models::sha256_file(&model()).unwrap();
        let runtime_flag = match name {
            "default" => String::new(),
            // Only the Cargo.toml line says where the runtime is.
            "path" => String::new(),
            "git" => format!(" --runtime git={GIT}"),
            "git-rev" => format!(" --runtime git={GIT},rev=0123abc"),
            _ => " --runtime version=0.1".to_string(),
        };
        assert_eq!(
            header,
            format!(
                "// @generated by `cargo xtask regenerate --operations all{runtime_flag}` from \
                 {MODEL} (sha256 {}). DO NOT EDIT.",
                &sha[..12]
            )
        );
        for (file, text) in &files {
            let first = text.lines().next().unwrap();
            let expected = if file.ends_with(".rs") {
                header.to_string()
            } else if file.ends_with(".md") {
                format!("<!-- {} -->", header.trim_start_matches("// "))
            } else {
                header.replacen("//", "#", 1)
            };
            assert_eq!(first, expected, "{name}: {file}");
        }
    }
}

#[test]
fn same_model_and_options_give_identical_bytes_from_any_directory() {
    let _serial = serial();
    let tmp = TempDir::new("portable-twice");
    // The same model at another place, under the same file name.
    let copy = tmp.0.join("elsewhere").join(MODEL);
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(model(), &copy).unwrap();
    let first_cwd = tmp.0.join("first");
    std::fs::create_dir_all(&first_cwd).unwrap();
    for (name, runtime) in forms() {
        // First: from a directory under the temp dir, every path relative to it.
        let a = {
            let _cwd = Cwd::enter(&first_cwd);
            let runtime = runtime.clone().map(|r| match r {
                RuntimeArg::Path(dir) => RuntimeArg::Path(relative_to(&first_cwd, &dir)),
                other => other,
            });
            regenerate(
                &relative_to(&first_cwd, &model()),
                Path::new(&format!("../{name}-one/sdk")),
                runtime,
            )
        };
        // Second: from the workspace root, the copied model, another output directory at
        // the same depth (the relative runtime path depends only on where the output is).
        let b = {
            let _cwd = Cwd::enter(&workspace_root());
            regenerate(&copy, &tmp.0.join(format!("{name}-two/sdk")), runtime)
        };
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{name}"
        );
        for (file, text) in &a {
            assert!(text == &b[file], "{name}: {file} differs");
        }
        // And what was written is what was generated, byte for byte.
        for (dir, files) in [(format!("{name}-one"), &a), (format!("{name}-two"), &b)] {
            for (file, text) in files {
                let on_disk = std::fs::read(tmp.0.join(&dir).join("sdk").join(file)).unwrap();
                assert!(on_disk == text.as_bytes(), "{dir}/sdk/{file}");
            }
        }
    }
}

/// `to` as a path relative to the directory `from` (`../..` up to the common ancestor).
fn relative_to(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut rel = PathBuf::new();
    for _ in common..from.len() {
        rel.push("..");
    }
    for c in &to[common..] {
        rel.push(c);
    }
    rel
}

/// A program outside the workspace builds against the crate generated with
/// `--runtime path=<this checkout's runtime/>` into another directory outside it: offline, in
/// the workspace's target directory, with the workspace's lock file and profile, so what the
/// workspace built is reused. Without the default HTTPS client (the runtime without features,
/// as `.ci/run` also builds it), which keeps it to a few seconds: about 2 s warm, 10 s when the
/// runtime is compiled first.
#[test]
fn a_downstream_program_builds_against_the_path_form() {
    let _serial = serial();
    let tmp = TempDir::new("portable-downstream");
    let sdk = tmp.0.join("sdk");
    regenerate(&model(), &sdk, Some(RuntimeArg::Path(runtime_dir())));
    let app = tmp.0.join("app");
    std::fs::create_dir_all(app.join("src")).unwrap();
    std::fs::write(
        app.join("Cargo.toml"),
        "[package]\n\
         name = \"portable-output-downstream\"\n\
         version = \"0.1.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         paginated = { path = \"../sdk\", default-features = false }\n\
         \n\
         [workspace]\n\
         \n\
         [profile.dev]\n\
         debug = \"line-tables-only\"\n\
         \n\
         [profile.dev.package.\"*\"]\n\
         debug = false\n",
    )
    .unwrap();
    std::fs::write(
        app.join("src/main.rs"),
        "fn main() {\n\
         \x20   let conf = paginated::Config::builder()\n\
         \x20       .endpoint_url(\"http://localhost\")\n\
         \x20       .build();\n\
         \x20   let client = paginated::Client::from_conf(conf);\n\
         \x20   let request = client.list_widgets().max_results(2);\n\
         \x20   drop(request.send());\n\
         }\n",
    )
    .unwrap();
    std::fs::copy(workspace_root().join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--offline", "--quiet", "--color", "never"])
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo build of the downstream program failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

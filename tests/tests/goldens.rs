//! The committed output is what the generator produces: `generated/` for the pinned models
//! (every crate of `regenerate::GOLDENS`) and `tests/fixtures/` for the hand-written fixture
//! models. Same comparison as
//! `cargo xtask regenerate --check`; blessing only happens through the xtask, never here.

use xtask::{fixtures, golden, regenerate};

#[test]
fn generated_crates_are_up_to_date() {
    let goldens = regenerate::generate_goldens(&Default::default()).expect("generation succeeds");
    assert_eq!(goldens.len(), regenerate::GOLDENS.len());
    let mut reports = String::new();
    for generated in &goldens {
        let diffs = golden::compare(&generated.files, &generated.dir)
            .expect("golden directory is readable");
        if !diffs.is_empty() {
            reports.push_str(&format!(
                "{}: {}",
                generated.dir.display(),
                golden::report(&diffs, &generated.command)
            ));
        }
    }
    assert!(reports.is_empty(), "{reports}");
}

#[test]
fn default_run_is_the_imagebuilder_golden() {
    // `regenerate --operations UpdateInfrastructureConfiguration` (and the tests that call
    // `regenerate::generate` with default flags) produce exactly the first golden.
    let single = regenerate::generate(&Default::default()).unwrap();
    let first = regenerate::generate_golden(&regenerate::GOLDENS[0], None).unwrap();
    assert_eq!(single.dir, first.dir);
    assert_eq!(single.files, first.files);
}

#[test]
fn fixtures_are_up_to_date() {
    let files = fixtures::expected().expect("fixtures generate as expected");
    let diffs =
        golden::compare(&files, &fixtures::golden_dir()).expect("fixture goldens are readable");
    assert!(
        diffs.is_empty(),
        "{}",
        golden::report(&diffs, fixtures::COMMAND)
    );
}

#[test]
fn regeneration_is_deterministic() {
    let first = regenerate::generate_goldens(&Default::default()).unwrap();
    let second = regenerate::generate_goldens(&Default::default()).unwrap();
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.files, b.files, "{}", a.crate_name);
    }
    let a = fixtures::expected().unwrap();
    let b = fixtures::expected().unwrap();
    assert_eq!(a, b);
}

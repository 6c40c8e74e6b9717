//! The committed output is what the generator produces: `generated/` for the pinned Image
//! Builder model and `tests/fixtures/` for the hand-written fixture models. Same comparison as
//! `cargo xtask regenerate --check`; blessing only happens through the xtask, never here.

use xtask::{fixtures, golden, regenerate};

#[test]
fn generated_imagebuilder_is_up_to_date() {
    let generated = regenerate::generate(&Default::default()).expect("generation succeeds");
    let diffs =
        golden::compare(&generated.files, &generated.dir).expect("golden directory is readable");
    assert!(
        diffs.is_empty(),
        "{}",
        golden::report(&diffs, &generated.command)
    );
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
    let first = regenerate::generate(&Default::default()).unwrap();
    let second = regenerate::generate(&Default::default()).unwrap();
    assert_eq!(first.files, second.files);
    let a = fixtures::expected().unwrap();
    let b = fixtures::expected().unwrap();
    assert_eq!(a, b);
}

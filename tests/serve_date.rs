//! A dev server running past midnight renders again with the new date ("upcoming"
//! reception days depend on it). In its own test binary: it changes the process's
//! `SOURCE_DATE_EPOCH`, which other tests read.

mod common;

use std::path::PathBuf;

use common::*;
use deputy_board::serve::incremental::LiveSite;
use deputy_board::serve::watch::Change;

fn set_epoch(value: &str) {
    // SAFETY: this binary has a single test, and no other thread reads the environment
    // while it is set.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", value) };
}

#[test]
fn a_new_day_rebuilds_everything_with_the_new_date() {
    let site = fixture("good");
    let root = site.path();
    set_epoch(BUILD_EPOCH);
    let mut live = LiveSite::new(serve_options(root));
    live.update(&[]).unwrap();
    assert!(!live.is_outdated());

    // A year later every reception day of the fixture is past.
    set_epoch("1827187200");
    assert!(live.is_outdated());
    let file = "content/deputies/zhao-yi.md";
    edit(root, file, "社区书记", "社区主任");
    let updated = live
        .update(&[(Change::Content, PathBuf::from(file))])
        .unwrap();
    assert!(
        updated.full,
        "a content edit on a new day rebuilds everything"
    );
    assert!(!live.is_outdated());
    assert_same_as_full_build(&live, root, "a full build on the new day");
}

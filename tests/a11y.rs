//! Accessibility of the default theme, checked on built sites in headless Chromium:
//! axe-core's WCAG 2.2 A/AA rules at phone and desktop widths and in large-text mode,
//! reflow at 320 px and at a doubled browser text size (`scripts/a11y/check.mjs`).
//!
//! Needs Node.js, Chromium and the checker's packages (`npm ci --prefix scripts/a11y`);
//! `scripts/test.sh` installs all three when they are missing.

mod common;

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use common::*;

/// Builds the site at `root` for `http://127.0.0.1:PORT/` and runs the checker on it.
fn check_site(root: &Path) {
    let checker = repo().join("scripts/a11y");
    assert!(
        checker.join("node_modules/axe-core").is_dir(),
        "the accessibility checker's packages are missing: run scripts/test.sh, or \
         npm ci --prefix scripts/a11y"
    );
    // The port is chosen before the build (the base URL names it) and taken by the
    // checker only after it: another test may take it in between, so try again then.
    for _ in 0..5 {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("free port")
            .port();
        let out = tempfile::tempdir().expect("temp dir");
        let base_url = format!("http://127.0.0.1:{port}/");
        let out_dir = out.path().to_str().expect("UTF-8 path");
        let built = run(
            root,
            &["-q", "build", "--out", out_dir, "--base-url", &base_url],
        );
        assert!(built.status.success(), "{}", stderr(&built));
        let checked = Command::new("node")
            .arg(checker.join("check.mjs"))
            .arg(out.path())
            .arg(port.to_string())
            .output()
            .expect("run node (install Node.js, or run scripts/test.sh)");
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&checked.stdout),
            String::from_utf8_lossy(&checked.stderr)
        );
        eprintln!("{report}");
        if checked.status.code() == Some(3) {
            continue;
        }
        assert!(
            checked.status.success(),
            "accessibility problems:\n{report}"
        );
        assert!(report.contains(": 0 problem(s)"), "{report}");
        return;
    }
    panic!("no free port for the checker in five tries");
}

#[test]
fn the_demo_site_passes_the_accessibility_checks() {
    let site = tempfile::tempdir().expect("temp dir");
    for part in ["content", "static", "themes"] {
        copy_tree(&repo().join(part), &site.path().join(part));
    }
    std::fs::copy(repo().join("site.yaml"), site.path().join("site.yaml")).expect("copy");
    check_site(site.path());
}

#[test]
fn the_test_fixture_with_hostile_strings_passes_the_accessibility_checks() {
    let site = fixture("good");
    check_site(site.path());
}

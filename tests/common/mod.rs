//! Helpers shared by the integration tests: copy a fixture site into a temporary folder
//! (with the repository's default theme), run the real binary on it, read what it wrote.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// 2026-11-26 00:00 UTC: the build date of every test build.
pub const BUILD_EPOCH: &str = "1795651200";

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site copied into a fresh temporary folder, with `themes/default` beside it.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&repo().join("tests/fixtures").join(name), dir.path());
    copy_tree(
        &repo().join("themes/default"),
        &dir.path().join("themes/default"),
    );
    dir
}

/// Copies a folder recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Runs `deputy-board --root ROOT ARGS…` with the fixed build date and no colour.
pub fn run(root: &Path, args: &[&str]) -> Output {
    run_with_env(root, args, &[])
}

/// Like [`run`], with more environment variables (they may override the build date).
pub fn run_with_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_deputy-board"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("run deputy-board")
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a build and asserts it succeeded.
pub fn build_ok(root: &Path, args: &[&str]) -> Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let output = run(root, &all);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        stderr(&output)
    );
    output
}

/// Every file under `dir`: relative path (with `/`) → bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Reads an output file as text.
pub fn read(dir: &Path, path: &str) -> String {
    fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Build options of the in-memory (dev server) tests: a local base URL with a path.
pub fn serve_options(root: &Path) -> deputy_board::site::BuildOptions {
    deputy_board::site::BuildOptions {
        root: root.to_path_buf(),
        base_url: Some("http://127.0.0.1:1111/renda/".into()),
        ..Default::default()
    }
}

/// Asserts that the dev server's site holds exactly the files of a full build of `root`,
/// byte for byte; `what` names the situation in the failure message.
pub fn assert_same_as_full_build(
    live: &deputy_board::serve::incremental::LiveSite,
    root: &Path,
    what: &str,
) {
    let full = deputy_board::site::build_in_memory(&serve_options(root)).expect("full build");
    let mut live_paths: Vec<&String> = live.files.keys().collect();
    let mut full_paths: Vec<&String> = full.files.keys().collect();
    live_paths.sort();
    full_paths.sort();
    assert_eq!(live_paths, full_paths, "{what}: same set of files");
    for (path, bytes) in &full.files {
        assert!(
            live.files[path][..] == bytes[..],
            "{what}: {path} differs from a full build"
        );
    }
}

/// Runs the binary, expecting it to refuse (exit code 1); returns stderr.
pub fn refused(root: &Path, args: &[&str]) -> String {
    refused_with(root, args, 1)
}

/// Runs the binary, expecting it to exit with `code`; returns stderr.
pub fn refused_with(root: &Path, args: &[&str], code: i32) -> String {
    let output = run(root, args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(code), "{err}");
    err
}

/// Replaces the first `from` in `file` (relative to `root`) with `to`; fails the test
/// when the file does not contain `from`, so a changed fixture cannot make an edit a
/// silent no-op.
pub fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

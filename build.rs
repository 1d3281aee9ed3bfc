//! Rebuilds the binary when the default theme changes: `init` embeds it
//! (`include_dir!`, which cannot tell cargo what it read on stable Rust).

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}

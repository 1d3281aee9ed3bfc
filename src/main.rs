//! The `deputy-board` command: parse arguments, run one command, report once.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use deputy_board::cli::{Cli, Command};
use deputy_board::diagnostics::Diagnostic;
use deputy_board::site::{self, BuildOptions};

/// mimalloc instead of the system allocator: rendering allocates many small strings on
/// every thread, where glibc's malloc spends a sizeable share of the build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let paint = Paint::stderr();
            match error.downcast_ref::<deputy_board::diagnostics::SiteErrors>() {
                Some(errors) => eprintln!("{} {errors}", paint.red("error:")),
                None => {
                    eprintln!("{} {error}", paint.red("error:"));
                    for cause in error.chain().skip(1) {
                        eprintln!("  caused by: {cause}");
                    }
                }
            }
            // A usage error exits with 2, as clap's own do.
            let usage = error
                .downcast_ref::<deputy_board::diagnostics::UsageError>()
                .is_some();
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<()> {
    let start = Instant::now();
    match &cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                root: cli.root.clone(),
                base_url: args.base_url.clone(),
                drafts: args.drafts,
                verbose: cli.verbose,
                paper: args.paper.map(Into::into),
                progress: !cli.quiet && std::io::stderr().is_terminal(),
                no_cache: args.no_cache,
                force: args.force,
                ..Default::default()
            };
            let out = cli.root.join(&args.out);
            let report = site::build(&options, &out)?;
            print_warnings(&report.warnings, cli.quiet);
            if report.up_to_date && !cli.quiet {
                eprintln!(
                    "nothing changed since the last build: {} pages and {} static files in {} are up to date (checked in {} ms)",
                    report.rendered,
                    report.copied,
                    out.display(),
                    start.elapsed().as_millis()
                );
            } else if !cli.quiet {
                eprintln!(
                    "built {} pages in {} ms ({} written, {} unchanged, {} removed; {} static files) into {}",
                    report.rendered,
                    start.elapsed().as_millis(),
                    report.stats.written,
                    report.stats.unchanged,
                    report.stats.removed,
                    report.copied,
                    out.display()
                );
            }
        }
        Command::Check(args) => {
            let options = BuildOptions {
                root: cli.root.clone(),
                base_url: None,
                drafts: args.drafts,
                verbose: cli.verbose,
                progress: !cli.quiet && std::io::stderr().is_terminal(),
                ..Default::default()
            };
            let site = site::check(&options)?;
            print_warnings(&site.warnings, cli.quiet);
            if !cli.quiet {
                eprintln!(
                    "checked {} pages in {} ms: no errors",
                    site.rendered,
                    start.elapsed().as_millis()
                );
            }
        }
        Command::Serve(args) => {
            let options = deputy_board::serve::ServeOptions {
                root: cli.root.clone(),
                bind: args.bind,
                base_url: args.base_url.clone(),
                port: args.port,
                open: args.open,
                poll: args.poll,
                drafts: args.drafts,
                quiet: cli.quiet,
            };
            deputy_board::serve::serve(&options)?;
        }
        Command::Print(args) => {
            let options = deputy_board::print::PrintOptions {
                root: cli.root.clone(),
                station: args.station.clone(),
                paper: args.paper.map(Into::into),
                pdf: args.pdf.clone(),
                chrome: args.chrome.clone(),
                base_url: args.base_url.clone(),
                drafts: false,
            };
            let printed = deputy_board::print::print(&options)?;
            if !cli.quiet {
                eprintln!(
                    "printed {} station sheet(s) into {} in {} ms (with {})",
                    printed.stations,
                    args.pdf.display(),
                    start.elapsed().as_millis(),
                    printed.browser.display()
                );
            }
        }
        Command::Init => {
            let written = deputy_board::init::init(&cli.root)?;
            if !cli.quiet {
                eprintln!(
                    "started a new site in {} ({} files): edit site.yaml, then add content with `deputy-board new deputy NAME`",
                    cli.root.display(),
                    written.len()
                );
            }
        }
        Command::New(args) => {
            let today = site::build_date().format("%Y-%m-%d").to_string();
            let path = deputy_board::new::new_content(
                &cli.root,
                args.kind,
                &args.name,
                args.slug.as_deref(),
                &today,
            )?;
            if !cli.quiet {
                eprintln!("created {}", Path::new(&path).display());
            }
        }
    }
    Ok(())
}

fn print_warnings(warnings: &[Diagnostic], quiet: bool) {
    if quiet {
        return;
    }
    let paint = Paint::stderr();
    for warning in warnings {
        eprintln!("{}", paint.yellow(&warning.to_string()));
    }
}

/// Colours for stderr, only on a terminal and unless NO_COLOR is set.
struct Paint {
    enabled: bool,
}

impl Paint {
    fn stderr() -> Self {
        Paint {
            enabled: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    fn red(&self, text: &str) -> String {
        self.wrap("31;1", text)
    }

    fn yellow(&self, text: &str) -> String {
        self.wrap("33;1", text)
    }

    fn wrap(&self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

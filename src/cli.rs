//! The command line: one struct per subcommand (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// deputy-board: build the public portal and notice-board sheets of deputy information.
#[derive(Debug, Parser)]
#[command(name = "deputy-board", version, about, long_about = None)]
pub struct Cli {
    /// The site folder (holds site.yaml)
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Print only errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print the time of each step
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// What to do
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the site into public/ (or --out DIR)
    Build(BuildArgs),
    /// Check everything a build would, writing nothing
    Check(CheckArgs),
    /// Build, serve on 127.0.0.1, rebuild on every change and reload open pages
    Serve(ServeArgs),
    /// Print notice-board sheets to one PDF through a local Chromium
    Print(PrintArgs),
    /// Write a new content file with a front-matter skeleton
    New(NewArgs),
    /// Start a new site in an empty folder (--root, default: here): site.yaml, the
    /// content folders and the default theme
    Init,
}

/// `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder, relative to the site folder
    #[arg(long, value_name = "DIR", default_value = "public")]
    pub out: PathBuf,
    /// Publish under this address instead of site.yaml's base_url
    #[arg(long, value_name = "URL", value_parser = crate::config::parse_base_url)]
    pub base_url: Option<String>,
    /// Also build news items marked draft: true
    #[arg(long)]
    pub drafts: bool,
    /// Paper size of printed sheets (default: print.paper in site.yaml)
    #[arg(long, value_enum, ignore_case = true)]
    pub paper: Option<PaperArg>,
    /// Render every page, ignoring the build cache (.deputy-board-cache/)
    #[arg(long)]
    pub no_cache: bool,
    /// Build into an output folder that holds files other than an earlier build, removing
    /// them
    #[arg(long)]
    pub force: bool,
}

/// `print`.
#[derive(Debug, Args)]
pub struct PrintArgs {
    /// The PDF to write
    #[arg(long, value_name = "FILE")]
    pub pdf: PathBuf,
    /// Only this station's sheet (default: every station, each on new pages)
    #[arg(long, value_name = "SLUG")]
    pub station: Option<String>,
    /// Paper size (default: print.paper in site.yaml)
    #[arg(long, value_enum, ignore_case = true)]
    pub paper: Option<PaperArg>,
    /// The Chromium or Chrome executable (default: searched on PATH)
    #[arg(long, value_name = "PATH")]
    pub chrome: Option<PathBuf>,
    /// Public address the QR codes point at (default: base_url in site.yaml)
    #[arg(long, value_name = "URL", value_parser = crate::config::parse_base_url)]
    pub base_url: Option<String>,
}

/// Paper sizes on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4, portrait (12 deputies a page)
    #[value(name = "A4")]
    A4,
    /// ISO A3, portrait (24 deputies a page)
    #[value(name = "A3")]
    A3,
}

impl From<PaperArg> for crate::config::Paper {
    fn from(paper: PaperArg) -> Self {
        match paper {
            PaperArg::A4 => crate::config::Paper::A4,
            PaperArg::A3 => crate::config::Paper::A3,
        }
    }
}

/// `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Also check news items marked draft: true
    #[arg(long)]
    pub drafts: bool,
}

/// `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (use 0.0.0.0 to let other machines in)
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Address the pages link to [default: http://BIND:PORT/ and base_url's path; with
    /// --bind 0.0.0.0, this machine's address on its network]
    #[arg(long, value_name = "URL", value_parser = crate::config::parse_base_url)]
    pub base_url: Option<String>,
    /// Port [default: 1111, or the next free one]
    #[arg(long)]
    pub port: Option<u16>,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Poll for changes (network drives, containers) instead of native file events
    #[arg(long)]
    pub poll: bool,
    /// Also build news items marked draft: true
    #[arg(long)]
    pub drafts: bool,
}

/// The kinds of content `new` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A deputy (content/deputies/)
    Deputy,
    /// A liaison station (content/stations/)
    Station,
    /// A news item (content/news/)
    News,
    /// A page (content/pages/)
    Page,
}

/// `new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to create
    pub kind: NewKind,
    /// The name or title, e.g. 张晓红 (the file name is made from it)
    #[arg(value_parser = not_blank)]
    pub name: String,
    /// The file name without .md, which is also the web name, e.g. xishan-kiosk
    /// (default: made from the name; a news item's gets today's date in front)
    #[arg(long, value_name = "SLUG", value_parser = web_name)]
    pub slug: Option<String>,
}

/// A `new` name: any text but a blank one (a usage error, exit code 2, otherwise).
fn not_blank(name: &str) -> Result<String, String> {
    if name.trim().is_empty() {
        return Err("the name is blank; write it in quotes, e.g. \"张晓红\"".into());
    }
    Ok(name.to_string())
}

/// A `new --slug` value that can be a web name (a usage error, exit code 2, otherwise).
fn web_name(slug: &str) -> Result<String, String> {
    crate::content::slug::check_chosen(slug).map(|()| slug.to_string())
}

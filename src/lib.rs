//! deputy-board: a static site generator for public deputy information boards.
pub mod cache;
pub mod clash;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod guard;
pub mod markdown;
pub mod new;
pub mod output;
pub mod print;
pub mod qr;
pub mod render;
pub mod serve;
pub mod site;
pub mod walk;
pub mod yaml;

//! deputy-board: a static site generator for public deputy information boards.
pub mod diagnostics;
pub mod yaml;
pub mod config;
pub mod content;
pub mod render;
pub mod output;
pub mod site;
pub mod cli;
pub mod new;

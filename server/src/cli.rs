//! The `tandem` command line.

use crate::config::Config;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "tandem",
    version,
    about = "Incident response shared by a SaaS platform and its tenants."
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create the demo platform, tenants and incidents on an empty database.
    SeedDemo,
    /// Print, as JSON, the triage decision for the facts in a JSON file (no database needed).
    Triage {
        /// `{"area": "…", "layer": "platform|tenant", "tenants_affected": "none|one|several|all", "flags": ["…"]}`
        #[arg(long)]
        facts: PathBuf,
    },
    /// Work with responsibility model files.
    Model {
        #[command(subcommand)]
        command: ModelCommand,
    },
    /// Work with the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum AuditCommand {
    /// Check the audit log's hash chain; names the first entry that was edited, deleted or moved.
    Verify,
}

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum ModelCommand {
    /// Check a model file and list every problem in it.
    Check { file: PathBuf },
}

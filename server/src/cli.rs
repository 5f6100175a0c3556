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
    /// Add a large generated volume (and the demo data, on an empty database), for measuring.
    Generate {
        /// Customer tenants, each with an admin, an analyst and a viewer.
        #[arg(long, default_value_t = 50)]
        tenants: usize,
        /// Incidents, spread over the tenants and the platform.
        #[arg(long, default_value_t = 100_000)]
        incidents: usize,
        /// Timeline entries in all.
        #[arg(long, default_value_t = 1_000_000)]
        entries: usize,
        /// Entries of the one incident with a very long timeline.
        #[arg(long, default_value_t = 5_000)]
        long_timeline: usize,
    },
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

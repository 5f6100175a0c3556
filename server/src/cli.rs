//! The `tandem` command line.

use crate::config::Config;
use clap::{Args, Parser, Subcommand};
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
    /// Create, list and revoke API tokens for scripts and integrations.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum AuditCommand {
    /// Check the audit log's hash chain up to its head; names the first entry that was edited,
    /// deleted or moved, or the newest entries that are missing.
    Verify {
        /// Also check that the log still extends this checkpoint (from `tandem audit checkpoint`
        /// or the audit page's download): not cut short, rolled back or rewritten since.
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
    },
    /// Verify the log, then print a checkpoint of it (JSON) to keep outside the database; signed
    /// with TANDEM_AUDIT_KEY when set.
    Checkpoint,
}

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum ModelCommand {
    /// Check a model file and list every problem in it.
    Check { file: PathBuf },
}

#[derive(Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum TokenCommand {
    /// Create a token; prints what was made, then the secret alone on the last line (shown only
    /// this once).
    Create {
        #[command(flatten)]
        whose: TokenOwner,
        /// What uses the token, such as "Alertmanager" (at most 80 characters).
        #[arg(long)]
        name: String,
        /// The role it acts with, of the tenant's side: tenant_admin, tenant_responder or
        /// tenant_viewer; platform_admin or platform_responder for the platform.
        #[arg(long)]
        role: String,
        /// Comma-separated: incidents:read, incidents:write, tasks:write, timeline:write,
        /// alerts:write.
        #[arg(long)]
        scopes: String,
        /// How long it lasts, such as 30d or 12h; at most 365d; 90d when left out.
        #[arg(long)]
        expires: Option<String>,
    },
    /// List a tenant's (or the platform's) tokens, newest first; never their secrets.
    List {
        #[command(flatten)]
        whose: TokenOwner,
    },
    /// Revoke token ID (from `token list`); it lets nothing in from then on.
    Revoke { id: i64 },
}

/// Whose tokens a command works on: a tenant's, or the platform's own.
#[derive(Args, Debug, Clone, PartialEq, Eq)]
#[group(required = true, multiple = false)]
pub struct TokenOwner {
    /// The tenant's key, such as ACME.
    #[arg(long, value_name = "KEY")]
    pub tenant: Option<String>,
    /// The platform's own tokens, instead of a tenant's.
    #[arg(long)]
    pub platform: bool,
}

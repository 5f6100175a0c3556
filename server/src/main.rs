//! `tandem`: serve (default), migrate, seed-demo.

use app::backend::services::demo::{self, SeedOutcome};
use clap::Parser;
use server::{
    cli::{Cli, Command},
    serve, telemetry,
};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.config.log_format);
    if let Err(error) = cli.config.validate() {
        tracing::error!(%error, "invalid configuration");
        return ExitCode::from(2);
    }
    tracing::debug!(config = ?cli.config, "configuration");
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "tandem stopped");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let config = cli.config;
    let db = serve::open_database(&config).await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => tracing::info!("database schema is up to date"),
        Command::SeedDemo => {
            match demo::seed(&db, &config.operator_name, chrono::Utc::now()).await? {
                SeedOutcome::Seeded { tenants, incidents } => {
                    tracing::info!(tenants, incidents, "demo data created")
                }
                SeedOutcome::AlreadyPresent => {
                    tracing::info!("the database already has tenants; demo data left unchanged")
                }
            }
        }
        Command::Serve => {
            let state = serve::app_state(&config, db);
            serve::serve(&config, state, serve::shutdown_signal()).await?;
        }
    }
    Ok(())
}

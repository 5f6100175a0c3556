//! `tandem`: serve (default), migrate, seed-demo, generate, triage, model check, audit verify,
//! audit checkpoint, token create/list/revoke.

use backend::fixtures::demo::{self, SeedOutcome};
use backend::fixtures::generate;
use clap::Parser;
use server::{
    Config,
    cli::{AuditCommand, Cli, Command, ModelCommand},
    commands, model_file, serve, telemetry,
};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = cli.config;
    let command = cli.command.unwrap_or(Command::Serve);
    // Commands that only compute and print need neither logs nor a database.
    match &command {
        Command::Triage { facts } => {
            return commands::triage_facts(config.model_file.as_deref(), facts);
        }
        Command::Model {
            command: ModelCommand::Check { file },
        } => return commands::check_model(file),
        _ => {}
    }
    telemetry::init(config.log_format);
    if let Err(error) = config.validate() {
        tracing::error!(%error, "invalid configuration");
        return ExitCode::from(2);
    }
    tracing::debug!(?config, "configuration");
    match run(config, command).await {
        Ok(code) => code,
        Err(error) => {
            tracing::error!(%error, "tandem stopped");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config, command: Command) -> Result<ExitCode, Box<dyn std::error::Error>> {
    // A bad model stops start-up before anything else happens.
    let model = model_file::load(config.model_file.as_deref())?;
    let db = serve::open_database(&config).await?;
    match command {
        Command::Migrate => tracing::info!("database schema is up to date"),
        Command::SeedDemo => {
            let state = serve::app_state(&config, db, model);
            let now = chrono::Utc::now();
            match demo::seed(state.workspace(), &config.operator_name, now).await? {
                SeedOutcome::Seeded { tenants, incidents } => {
                    tracing::info!(tenants, incidents, "demo data created")
                }
                SeedOutcome::AlreadyPresent => {
                    tracing::info!("the database already has tenants; demo data left unchanged")
                }
            }
        }
        Command::Generate {
            tenants,
            incidents,
            entries,
            long_timeline,
        } => {
            let state = serve::app_state(&config, db, model);
            let volume = generate::Volume {
                tenants,
                incidents,
                timeline_entries: entries,
                long_timeline,
            };
            let started = std::time::Instant::now();
            let made = generate::generate(
                state.workspace(),
                &config.operator_name,
                volume,
                chrono::Utc::now(),
            )
            .await?;
            tracing::info!(
                tenants = made.tenants,
                users = made.users,
                incidents = made.incidents,
                timeline_entries = made.timeline_entries,
                tasks = made.tasks,
                long_timeline = %made.long_timeline_key,
                seconds = started.elapsed().as_secs_f64(),
                "generated"
            );
        }
        Command::Serve => {
            tracing::info!(version = %model.version, "responsibility model loaded");
            let state = serve::app_state(&config, db, model);
            serve::serve(&config, state, serve::shutdown_signal()).await?;
        }
        Command::Audit { command } => {
            // Checked by `Config::validate` above.
            let key = config.audit_key().ok().flatten();
            return Ok(match command {
                AuditCommand::Verify { checkpoint } => {
                    commands::audit::verify(&db, checkpoint.as_deref(), key.as_ref()).await
                }
                AuditCommand::Checkpoint => {
                    commands::audit::take_checkpoint(&db, key.as_ref()).await
                }
            });
        }
        Command::Token { command } => {
            return Ok(commands::tokens::run(&db, command).await);
        }
        Command::Triage { .. } | Command::Model { .. } => {}
    }
    Ok(ExitCode::SUCCESS)
}

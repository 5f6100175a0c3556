//! `tandem-bench`: measures Tandem against a bare axum ceiling on this machine and writes the
//! figures as a Markdown report. `scripts/bench.sh` builds what it needs and runs it.

mod api;
mod ceiling;
mod ceiling_run;
mod fanout;
mod generated;
mod load;
mod machine;
mod process;
mod report;
mod scenarios;
mod session;
mod settings;
mod sizes;
mod targets;

use anyhow::Context;
use clap::{Parser, Subcommand};
use scenarios::{Backend, Paths};
use settings::Settings;
use std::{net::SocketAddr, path::PathBuf, process::ExitCode, time::Instant};

#[derive(Parser)]
#[command(
    name = "tandem-bench",
    about = "Measure Tandem against a bare axum ceiling."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the suite and write the report.
    Run(RunArgs),
    /// Serve the bare axum hello-world the suite measures as its ceiling.
    Ceiling {
        #[arg(long)]
        addr: SocketAddr,
    },
}

#[derive(clap::Args)]
struct RunArgs {
    /// Short runs on a small database: checks that the suite works, in a minute or two.
    #[arg(long)]
    quick: bool,
    /// The `tandem` binary to measure.
    #[arg(long)]
    tandem: PathBuf,
    /// The built site it serves.
    #[arg(long)]
    site_root: PathBuf,
    /// What kind of build `--tandem` and `--site-root` are, for the report.
    #[arg(long, default_value = "release")]
    build: String,
    /// An empty PostgreSQL database to measure on as well.
    #[arg(long)]
    postgres_url: Option<String>,
    /// Where the SQLite database, logs and report go.
    #[arg(long, default_value = "target/bench")]
    work: PathBuf,
    /// The load driver.
    #[arg(long, default_value = "oha")]
    oha: String,
    /// Seconds the README's test command took, measured by the caller, for the report.
    #[arg(long)]
    test_command_seconds: Option<f64>,
    /// First of the loopback ports used.
    #[arg(long, default_value_t = 3400)]
    port: u16,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Ceiling { addr } => ceiling::serve(addr).await,
        Command::Run(args) => run(args).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tandem-bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: RunArgs) -> anyhow::Result<()> {
    let began = Instant::now();
    let when = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string();
    let settings = if args.quick {
        Settings::quick()
    } else {
        Settings::full()
    };
    std::fs::create_dir_all(&args.work)
        .with_context(|| format!("cannot create {}", args.work.display()))?;
    let machine = machine::describe(&args.oha);
    let mut assets = sizes::measure(&args.site_root)?;
    let ceiling = ceiling_run::measure(&args.oha, &settings, args.port, &args.work).await?;

    let sqlite_file = args.work.join("bench.db");
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", sqlite_file.display()));
        if file.exists() {
            std::fs::remove_file(&file)?;
        }
    }
    let mut backends = vec![Backend {
        name: "SQLite",
        database_url: format!("sqlite://{}?mode=rwc", sqlite_file.display()),
    }];
    if let Some(url) = args.postgres_url {
        backends.push(Backend {
            name: "PostgreSQL",
            database_url: url,
        });
    }
    let paths = Paths {
        tandem: &args.tandem,
        site_root: &args.site_root,
        work: &args.work,
        oha: &args.oha,
    };
    let mut figures = Vec::new();
    for (n, backend) in backends.iter().enumerate() {
        let port = args.port + 1 + u16::try_from(n)?;
        figures.push(scenarios::measure(&paths, backend, &settings, port).await?);
    }

    // What a browser receives is measured against a server on the database left behind.
    let port = args.port + 10;
    let base = format!("http://127.0.0.1:{port}");
    let server = process::Server::start(
        &args.tandem,
        &["serve"],
        &[
            ("DATABASE_URL", backends[0].database_url.clone()),
            ("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}")),
            ("LEPTOS_SITE_ROOT", args.site_root.display().to_string()),
            ("RUST_LOG", "warn".to_owned()),
        ],
        &base,
        "/readyz",
        &args.work.join("assets-serve.log"),
    )
    .await?;
    sizes::served(&base, &mut assets).await?;
    server.stop().await?;

    let text = report::render(&report::Run {
        when,
        took: began.elapsed(),
        machine: &machine,
        settings: &settings,
        ceiling: &ceiling,
        backends: &figures,
        assets: &assets,
        build: &args.build,
        test_command: args
            .test_command_seconds
            .map(std::time::Duration::from_secs_f64),
    });
    let out = args.work.join(if settings.quick {
        "report-quick.md"
    } else {
        "report.md"
    });
    std::fs::write(&out, &text).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("{text}");
    eprintln!("report written to {}", out.display());
    let problems = targets::problems(&settings, &figures, &assets);
    if !problems.is_empty() {
        anyhow::bail!("the run found problems:\n  {}", problems.join("\n  "));
    }
    Ok(())
}

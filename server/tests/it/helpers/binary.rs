//! The real `tandem` binary for the tests that need a process (signals, `kill -9`, its log):
//! a free loopback address and a fresh SQLite folder, removed when dropped.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Binary {
    pub database_url: String,
    pub addr: String,
    dir: std::path::PathBuf,
}

impl Binary {
    /// `purpose` names the temporary folder, so a leftover one says which test made it.
    pub fn new(purpose: &str) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = std::env::temp_dir().join(format!("tandem-{purpose}-{}", uuid::Uuid::new_v4()));
        Self {
            database_url: format!("sqlite://{}/t.db?mode=rwc", dir.display()),
            addr: format!("127.0.0.1:{port}"),
            dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `tandem ARGS` against this database and address, quiet unless the caller says otherwise.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tandem"));
        command
            .args(args)
            .env("DATABASE_URL", &self.database_url)
            .env("LEPTOS_SITE_ADDR", &self.addr)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    }

    /// Starts `command` and waits until `/readyz` answers.
    pub async fn start(&self, mut command: Command) -> Running {
        let running = Running(command.spawn().unwrap());
        let started = Instant::now();
        while !reqwest::get(self.url("/readyz"))
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "server did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        running
    }

    /// `tandem serve`, ready.
    pub async fn serve(&self) -> Running {
        self.start(self.command(&["serve"])).await
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A running server, killed (SIGKILL) and reaped when dropped.
pub struct Running(pub Child);

impl Running {
    pub fn kill_9(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

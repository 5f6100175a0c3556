//! Servers under measurement run as child processes: started with their environment, timed to
//! readiness, sampled for resident memory, and stopped with SIGTERM like in production.

use anyhow::{Context, bail};
use std::{
    path::Path,
    process::Stdio,
    time::{Duration, Instant},
};
use tokio::process::{Child, Command};

/// How long a server may take to answer its readiness probe before the run gives up.
const READY_TIMEOUT: Duration = Duration::from_secs(120);

pub struct Server {
    child: Child,
    pid: u32,
    /// From spawning the process to the first successful readiness answer.
    pub started_in: Duration,
}

impl Server {
    /// Starts `program args…` with `env`, then polls `base + ready_path` until it answers 2xx.
    pub async fn start(
        program: &Path,
        args: &[&str],
        env: &[(&str, String)],
        base: &str,
        ready_path: &str,
        log: &Path,
    ) -> anyhow::Result<Self> {
        let log_file = std::fs::File::create(log)
            .with_context(|| format!("cannot create the log file {}", log.display()))?;
        let started = Instant::now();
        let mut command = Command::new(program);
        command
            .args(args)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .kill_on_drop(true);
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command
            .spawn()
            .with_context(|| format!("cannot start {}", program.display()))?;
        let pid = child.id().context("the server exited at once")?;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()?;
        let url = format!("{base}{ready_path}");
        loop {
            if let Ok(response) = client.get(&url).send().await
                && response.status().is_success()
            {
                break;
            }
            if let Some(status) = child.try_wait()? {
                bail!(
                    "{} exited with {status} before it was ready; see {}",
                    program.display(),
                    log.display()
                );
            }
            if started.elapsed() > READY_TIMEOUT {
                bail!("{url} was not ready within {READY_TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Ok(Self {
            child,
            pid,
            started_in: started.elapsed(),
        })
    }

    /// Resident memory now and at its peak so far (VmRSS and VmHWM), in bytes.
    pub fn memory(&self) -> anyhow::Result<Memory> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid))
            .context("cannot read the server's memory figures")?;
        Ok(Memory {
            resident: status_kib(&status, "VmRSS:")? * 1024,
            peak: status_kib(&status, "VmHWM:")? * 1024,
        })
    }

    /// Sends SIGTERM and waits for the process to finish its in-flight work and exit.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status()
            .await?;
        if !status.success() {
            bail!("cannot signal process {}", self.pid);
        }
        match tokio::time::timeout(Duration::from_secs(30), self.child.wait()).await {
            Ok(exit) => {
                exit?;
                Ok(())
            }
            Err(_) => {
                self.child.kill().await?;
                bail!("process {} did not stop within 30 s of SIGTERM", self.pid)
            }
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Memory {
    pub resident: u64,
    pub peak: u64,
}

fn status_kib(status: &str, field: &str) -> anyhow::Result<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .with_context(|| format!("no {field} in /proc status"))
}

/// Runs a command to completion and returns how long it took and what it wrote (standard
/// output, then standard error); fails on a non-zero exit.
pub async fn timed(
    program: &Path,
    args: &[&str],
    env: &[(&str, String)],
) -> anyhow::Result<(Duration, String)> {
    let started = Instant::now();
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command
        .output()
        .await
        .with_context(|| format!("cannot run {}", program.display()))?;
    let took = started.elapsed();
    let written = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if !output.status.success() {
        bail!(
            "{} {} failed with {}:\n{written}",
            program.display(),
            args.join(" "),
            output.status
        );
    }
    Ok((took, written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_resident_and_peak_memory_from_proc_status() -> anyhow::Result<()> {
        let status = "Name:\ttandem\nVmHWM:\t   81234 kB\nVmRSS:\t   40960 kB\n";
        assert_eq!(status_kib(status, "VmRSS:")?, 40960);
        assert_eq!(status_kib(status, "VmHWM:")?, 81234);
        assert!(status_kib(status, "VmSwap:").is_err());
        Ok(())
    }
}

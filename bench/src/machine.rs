//! What the figures were measured on: processor, cores, memory, system, toolchain and commit.

use std::process::Command;

pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: f64,
    pub system: String,
    pub kernel: String,
    pub rustc: String,
    pub oha: String,
    pub commit: String,
}

pub fn describe(oha: &str) -> Machine {
    let cpuinfo = read("/proc/cpuinfo");
    let meminfo = read("/proc/meminfo");
    let os_release = read("/etc/os-release");
    Machine {
        cpu: field(&cpuinfo, "model name", ':').unwrap_or_else(|| "unknown".into()),
        cores: std::thread::available_parallelism().map_or(1, usize::from),
        memory_gib: field(&meminfo, "MemTotal", ':')
            .and_then(|v| v.trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kib| kib / 1024.0 / 1024.0),
        system: field(&os_release, "PRETTY_NAME", '=')
            .map(|v| v.trim_matches('"').to_owned())
            .unwrap_or_else(|| "unknown".into()),
        kernel: read("/proc/sys/kernel/osrelease").trim().to_owned(),
        rustc: output("rustc", &["--version"]),
        oha: output(oha, &["--version"]),
        commit: output("git", &["rev-parse", "--short", "HEAD"]),
    }
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The value of the first `name<sep>value` line.
fn field(text: &str, name: &str, separator: char) -> Option<String> {
    text.lines().find_map(|line| {
        let (key, value) = line.split_once(separator)?;
        (key.trim() == name).then(|| value.trim().to_owned())
    })
}

fn output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_named_fields_of_proc_and_os_release_files() {
        let cpuinfo = "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t: fpu\n";
        assert_eq!(
            field(cpuinfo, "model name", ':').as_deref(),
            Some("AMD EPYC 7B13")
        );
        let os = "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";
        assert_eq!(
            field(os, "PRETTY_NAME", '=').as_deref(),
            Some("\"Debian GNU/Linux 12 (bookworm)\"")
        );
        assert_eq!(field(os, "VERSION", '='), None);
    }
}

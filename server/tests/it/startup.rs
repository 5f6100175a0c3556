//! Start-up of the real binary: a bad setting stops it with a message naming the setting, and
//! neither that message nor any log line shows the database password.

use std::process::{Command, Output};

const PASSWORD: &str = "s3cret-Pa55word";

/// `tandem ARGS` with `env`, its logs at debug level so that the configuration is logged too.
fn tandem(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .env("RUST_LOG", "debug")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn logged(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn a_bad_setting_stops_start_up_with_a_message_naming_it() {
    for (name, value) in [
        ("TANDEM_SESSION_IDLE_MINUTES", "0"),
        ("TANDEM_SHUTDOWN_GRACE_SECS", "9999"),
        ("TANDEM_SLA_SEV2", "1h,soon,3d"),
    ] {
        let output = tandem(&["serve"], &[(name, value)]);
        assert_eq!(output.status.code(), Some(2), "{name}={value}");
        let log = logged(&output);
        assert!(log.contains("invalid configuration"), "{log}");
        assert!(log.contains(name), "{name} is not named: {log}");
    }
    let output = tandem(&["serve", "--site-addr", "nowhere"], &[]);
    assert_eq!(output.status.code(), Some(2), "an address that is not one");
}

#[test]
fn help_names_the_settings_without_showing_the_database_password() {
    let url = format!("postgres://tandem:{PASSWORD}@127.0.0.1/tandem");
    for args in [&["--help"][..], &["serve", "--help"][..]] {
        let output = tandem(args, &[("DATABASE_URL", &url)]);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let help = logged(&output);
        assert!(help.contains("DATABASE_URL"), "{help}");
        assert!(!help.contains(PASSWORD), "the password was shown: {help}");
    }
}

#[test]
fn an_unsupported_database_is_refused_without_showing_its_password() {
    let url = format!("mysql://tandem:{PASSWORD}@127.0.0.1/tandem");
    let output = tandem(&["serve"], &[("DATABASE_URL", &url)]);
    assert_eq!(output.status.code(), Some(2));
    let log = logged(&output);
    assert!(log.contains("mysql://tandem:***@127.0.0.1/tandem"), "{log}");
    assert!(!log.contains(PASSWORD), "the password was shown: {log}");
}

#[test]
fn an_unreachable_database_stops_start_up_and_no_log_line_shows_its_password() {
    // Nothing listens on port 1; the query parameter is another way libpq takes a password.
    let url = format!("postgres://tandem:{PASSWORD}@127.0.0.1:1/tandem?password={PASSWORD}");
    let output = tandem(&["migrate"], &[("DATABASE_URL", &url)]);
    assert_eq!(output.status.code(), Some(1));
    let log = logged(&output);
    assert!(log.contains("cannot open the database"), "{log}");
    assert!(
        log.contains("postgres://tandem:***@127.0.0.1:1/tandem?password=***"),
        "{log}"
    );
    assert!(!log.contains(PASSWORD), "the password was shown: {log}");
}

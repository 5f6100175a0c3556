//! The configuration as flags and the environment give it: defaults, refusals, and secrets
//! kept out of its `Debug` output.

use super::*;
use clap::Parser;

#[derive(Parser)]
struct Wrapper {
    #[command(flatten)]
    config: Config,
}

fn parse(args: &[&str]) -> Config {
    Wrapper::parse_from(std::iter::once("tandem").chain(args.iter().copied())).config
}

#[test]
fn sla_targets_come_from_configuration_and_bad_ones_are_named() {
    let config = parse(&["--sla-sev2", "30m,2h,1d"]);
    let policy = config.sla_policy().unwrap();
    assert_eq!(
        policy.targets(Severity::Sev2).contain,
        chrono::TimeDelta::hours(2)
    );
    assert_eq!(
        policy.targets(Severity::Sev1),
        SlaPolicy::default().targets(Severity::Sev1)
    );
    let error = parse(&["--sla-sev3", "soon"]).validate().unwrap_err();
    assert!(
        matches!(&error, ConfigError::Sla { severity, .. } if severity == "SEV3"),
        "{error}"
    );
    assert!(
        error.to_string().starts_with("TANDEM_SLA_SEV3: "),
        "{error}"
    );
}

#[test]
fn passwords_never_appear_in_debug_output() {
    let config = parse(&["--database-url", "postgres://tandem:s3cr3t@db/tandem"]);
    let shown = format!("{config:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(shown.contains("postgres://tandem:***@db/tandem"), "{shown}");
}

#[test]
fn a_password_query_parameter_never_appears_in_debug_output() {
    let config = parse(&[
        "--database-url",
        "postgres://tandem@db/tandem?Password=s3cr3t&sslmode=require",
    ]);
    let shown = format!("{config:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(
        shown.contains("postgres://tandem@db/tandem?Password=***&sslmode=require"),
        "{shown}"
    );
}

#[test]
fn unsupported_databases_are_refused_with_the_url_redacted() {
    let config = parse(&["--database-url", "mysql://root:pw@db/x"]);
    let error = config.validate().unwrap_err();
    assert_eq!(
        error,
        ConfigError::UnsupportedDatabase("mysql://root:***@db/x".into())
    );
}

#[test]
fn blank_operator_names_and_silly_grace_periods_are_refused() {
    assert_eq!(
        parse(&["--operator-name", " "]).validate(),
        Err(ConfigError::OperatorName)
    );
    assert_eq!(
        parse(&["--shutdown-grace-secs", "0"]).validate(),
        Err(ConfigError::ShutdownGrace)
    );
}

#[test]
fn the_defaults_are_valid() {
    assert_eq!(parse(&[]).validate(), Ok(()));
}

#[test]
fn the_audit_key_never_appears_in_debug_output() {
    let config = parse(&["--audit-key", "a-secret-audit-key-of-32-bytes-or-more"]);
    let shown = format!("{config:?}");
    assert!(!shown.contains("a-secret-audit-key"), "{shown}");
    assert!(shown.contains("audit_key: Some(\"***\")"), "{shown}");
    assert!(config.audit_key().unwrap().is_some());
}

#[test]
fn a_short_audit_key_is_refused_without_being_shown_and_an_empty_one_is_unset() {
    let error = parse(&["--audit-key", "short-secret"])
        .validate()
        .unwrap_err();
    assert_eq!(error, ConfigError::AuditKey);
    assert!(!error.to_string().contains("short-secret"), "{error}");
    assert!(parse(&["--audit-key", ""]).audit_key().unwrap().is_none());
}

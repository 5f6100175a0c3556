use std::process::Command;

fn tandem(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn model_check_accepts_the_shipped_model() {
    let output = tandem(&["model", "check", "../model/shared-responsibility.toml"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("6 areas, 17 duties, 17 flags"));
}

#[test]
fn model_check_names_each_problem_and_fails() {
    let broken = server::model_file::SHIPPED_MODEL
        .replacen("area = \"infrastructure\"", "area = \"weather\"", 1)
        .replacen("tenant = \"Responsible for tenant PAM\"\n", "", 1);
    let file = std::env::temp_dir().join(format!("tandem-model-{}.toml", uuid::Uuid::new_v4()));
    std::fs::write(&file, broken).unwrap();
    let output = tandem(&["model", "check", file.to_str().unwrap()]);
    let _ = std::fs::remove_file(&file);
    assert_eq!(output.status.code(), Some(1));
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        errors.contains(r#"duty "secure-hosting" names an unknown area "weather""#),
        "{errors}"
    );
    assert!(
        errors
            .contains(r#"area "privileged-access" is split but says nothing for the tenant side"#),
        "{errors}"
    );
}

#[test]
fn model_check_names_duplicate_ids_and_duties_without_a_side() {
    let broken = server::model_file::SHIPPED_MODEL
        .replacen("id = \"patch-management\"", "id = \"secure-hosting\"", 1)
        .replacen(
            "id = \"central-logging\"\nside = \"platform\"\n",
            "id = \"central-logging\"\n",
            1,
        );
    let file = std::env::temp_dir().join(format!("tandem-model-{}.toml", uuid::Uuid::new_v4()));
    std::fs::write(&file, broken).unwrap();
    let output = tandem(&["model", "check", file.to_str().unwrap()]);
    let _ = std::fs::remove_file(&file);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "a broken model printed a summary");
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        errors.contains(r#"duty id "secure-hosting" is used more than once"#),
        "{errors}"
    );
    assert!(
        errors.contains(r#"duty "central-logging" has no side (platform or tenant)"#),
        "{errors}"
    );
}

#[test]
fn triage_refuses_a_facts_file_with_unknown_fields() {
    let file = std::env::temp_dir().join(format!("tandem-facts-{}.json", uuid::Uuid::new_v4()));
    std::fs::write(&file, r#"{"owner": "platform"}"#).unwrap();
    let output = tandem(&["triage", "--facts", file.to_str().unwrap()]);
    let _ = std::fs::remove_file(&file);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown field"));
}

#[test]
fn a_bad_model_stops_start_up_with_the_reason() {
    let file = std::env::temp_dir().join(format!("tandem-model-{}.toml", uuid::Uuid::new_v4()));
    std::fs::write(&file, "version = \"x\"\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["migrate"])
        .env("TANDEM_MODEL_FILE", &file)
        .env("DATABASE_URL", "sqlite::memory:")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    assert!(!output.status.success());
    let log = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("needs a split area"), "{log}");
}

//! What labels mean: severities, facts checked against the model, titles and descriptions
//! that are always valid.

use super::*;

const MODEL: &str = include_str!("../../../../model/shared-responsibility.toml");

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn severity_words_map_to_severities_in_any_case_and_none_means_the_default() {
    assert_eq!(severity_of_label(Some("Critical")), Ok(Severity::Sev1));
    assert_eq!(severity_of_label(Some("warning")), Ok(Severity::Sev3));
    assert_eq!(severity_of_label(Some("SEV2")), Ok(Severity::Sev2));
    assert_eq!(severity_of_label(None), Ok(DEFAULT_SEVERITY));
    assert_eq!(severity_of_label(Some(" ")), Ok(DEFAULT_SEVERITY));
    assert!(severity_of_label(Some("apocalyptic")).is_err());
    assert_eq!(severity_of_pagerduty("error"), Some(Severity::Sev2));
    assert_eq!(severity_of_pagerduty("page"), None);
}

#[test]
fn tandem_labels_set_the_facts_and_unknown_values_are_named() -> Result<(), String> {
    let model = ResponsibilityModel::from_toml(MODEL).map_err(|e| format!("{e:?}"))?;
    let mut errors = Vec::new();
    let good = labels(&[
        (AREA, "privileged-access"),
        (LAYER, "tenant"),
        (TENANTS_AFFECTED, "one"),
        (FLAGS, "tenant-mfa, user-access-misuse,"),
    ]);
    let facts = facts_of_labels(&model, &good, "labels", &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(facts.area.as_deref(), Some("privileged-access"));
    assert_eq!(facts.layer, Some(Layer::Tenant));
    assert_eq!(facts.flags.len(), 2);

    let bad = labels(&[
        (AREA, "moon"),
        (LAYER, "core"),
        (TENANTS_AFFECTED, "many"),
        (FLAGS, "x"),
    ]);
    let facts = facts_of_labels(&model, &bad, "alerts[2].labels", &mut errors);
    assert_eq!(facts, Facts::default());
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "alerts[2].labels.tandem_area",
            "alerts[2].labels.tandem_layer",
            "alerts[2].labels.tandem_tenants_affected",
            "alerts[2].labels.tandem_flags",
        ]
    );
    Ok(())
}

#[test]
fn any_alert_gets_a_valid_title() -> Result<(), String> {
    assert_eq!(
        title(&[None, Some(" Disk\nfull ")], "x")?.as_str(),
        "Disk full"
    );
    assert_eq!(title(&[Some("Up")], "x")?.as_str(), "Alert Up");
    assert_eq!(title(&[Some("")], "")?.as_str(), "Alert");
    let long = "word ".repeat(100);
    let cut = title(&[Some(&long)], "x")?;
    assert!(cut.as_str().ends_with('…'));
    assert!(cut.as_str().chars().count() <= IncidentTitle::MAX_CHARS);
    Ok(())
}

#[test]
fn descriptions_are_cut_and_cleaned_not_refused() -> Result<(), String> {
    let long = "x".repeat(IncidentDescription::MAX_CHARS + 10);
    assert_eq!(
        description(&long)?.as_str().chars().count(),
        IncidentDescription::MAX_CHARS
    );
    assert_eq!(description("a\u{0}b\nc")?.as_str(), "ab\nc");
    Ok(())
}

//! Suggestions from the example phrases against the shipped model: the area and flags
//! suggested, and the words shown as the reason.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use domain::responsibility::{ResponsibilityModel, Suggestion, suggest};

const MODEL: &str = include_str!("../../model/shared-responsibility.toml");

fn suggestion(text: &str) -> Suggestion {
    suggest(&ResponsibilityModel::from_toml(MODEL).unwrap(), text)
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| (*w).to_owned()).collect()
}

#[test]
fn an_expired_tls_certificate_suggests_infrastructure_and_platform_availability() {
    let found = suggestion("Expired TLS certificate on the API gateway");
    assert_eq!(
        found.area,
        Some((
            "infrastructure".to_owned(),
            words(&["gateway", "tls certificate", "certificate"])
        ))
    );
    assert_eq!(
        found.flags,
        vec![(
            "platform-availability".to_owned(),
            words(&["expired tls certificate"])
        )]
    );
}

#[test]
fn a_missing_patch_flags_platform_patching_and_leaves_the_area_open() {
    let found = suggestion("Security PATCH not applied for three weeks");
    assert_eq!(found.area, None);
    assert_eq!(
        found.flags,
        vec![("platform-patching".to_owned(), words(&["patch"]))]
    );
    assert_eq!(
        suggestion("Dispatcher queue stalled").flags,
        Vec::new(),
        "\"patch\" matched inside another word"
    );
}

#[test]
fn an_audit_log_phrase_suggests_logging_over_compliance() {
    let found = suggestion("Audit log entries missing since Tuesday");
    assert_eq!(
        found.area,
        Some((
            "logging-monitoring".to_owned(),
            words(&["log", "audit log"])
        ))
    );
}

#[test]
fn a_tie_between_logging_and_compliance_goes_to_the_area_listed_first() {
    // "logs" for logging and monitoring, "audit" for compliance: one word each.
    for text in ["Audit logs deleted", "Logs of the audit deleted"] {
        assert_eq!(
            suggestion(text).area,
            Some(("logging-monitoring".to_owned(), words(&["logs"]))),
            "{text}"
        );
    }
    assert_eq!(
        suggestion("Audit findings overdue").area,
        Some(("compliance".to_owned(), words(&["audit"])))
    );
}

#[test]
fn sso_and_saml_flag_tenant_identity_federation() {
    let found =
        suggestion("SAML assertions from the tenant's identity provider rejected; SSO is down");
    assert_eq!(found.area, None);
    assert_eq!(
        found.flags,
        vec![(
            "tenant-identity-federation".to_owned(),
            words(&["sso", "saml", "identity provider"])
        )]
    );
}

#[test]
fn the_layer_comes_from_the_models_words_and_without_them_from_area_and_flag_words_alone() {
    let model = ResponsibilityModel::from_toml(MODEL).unwrap();
    let found = suggest(&model, "Nobody reviewed the access of our users for a year");
    assert_eq!(
        found.layer,
        Some((domain::responsibility::Layer::Tenant, words(&["our users"])))
    );
    let section = MODEL.find("[layer_words]").unwrap();
    let bare = ResponsibilityModel::from_toml(&MODEL[..section]).unwrap();
    assert_eq!(
        suggest(&bare, "Nobody reviewed the access of our users for a year").layer,
        None
    );
    assert_eq!(
        suggest(&bare, "KMS outage").layer,
        Some((
            domain::responsibility::Layer::Platform,
            words(&["outage", "kms"])
        )),
        "keywords of areas the platform alone owns, then of its flags"
    );
}

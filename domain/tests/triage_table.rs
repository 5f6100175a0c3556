//! One case per row of the seed's area table and per duty of its other two tables, against the
//! model file the product ships.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use domain::responsibility::{
    Facts, Layer, MissingFact, Owner, ResponsibilityModel, RowRef, Side, TenantsAffected, triage,
};
use std::collections::BTreeSet;

const MODEL: &str = include_str!("../../model/shared-responsibility.toml");

fn model() -> ResponsibilityModel {
    ResponsibilityModel::from_toml(MODEL).expect("the shipped model is valid")
}

struct Case {
    name: &'static str,
    area: Option<&'static str>,
    layer: Option<Layer>,
    scope: Option<TenantsAffected>,
    flags: &'static [&'static str],
    owner: Owner,
    lead: Side,
    /// A row the decision must cite as a reason.
    row: RowRef,
}

fn area(id: &str) -> RowRef {
    RowRef::Area(id.to_owned())
}

fn duty(id: &str) -> RowRef {
    RowRef::Duty(id.to_owned())
}

/// One line a case: name, area ("" = unknown), layer (P, T, -), tenants affected, flags,
/// expected owner and lead, and the row that must be cited.
#[rustfmt::skip]
fn cases() -> Vec<Case> {
    vec![
        // The first table: each area, and each side of each split area.
        case(("infrastructure outage", "infrastructure", "P", "all", &[]), (Owner::Platform, Side::Platform, area("infrastructure"))),
        case(("platform encryption", "encryption", "P", "several", &[]), (Owner::Platform, Side::Platform, area("encryption"))),
        case(("platform PAM", "privileged-access", "P", "one", &[]), (Owner::Platform, Side::Platform, area("privileged-access"))),
        case(("tenant PAM", "privileged-access", "T", "one", &[]), (Owner::Tenant, Side::Tenant, area("privileged-access"))),
        case(("platform logging", "logging-monitoring", "P", "one", &[]), (Owner::Platform, Side::Platform, area("logging-monitoring"))),
        case(("tenant log review", "logging-monitoring", "T", "one", &[]), (Owner::Tenant, Side::Tenant, area("logging-monitoring"))),
        case(("platform-level incident", "incident-response", "P", "one", &[]), (Owner::Platform, Side::Platform, area("incident-response"))),
        case(("customer tenant incident", "incident-response", "T", "one", &[]), (Owner::Tenant, Side::Tenant, area("incident-response"))),
        case(("platform compliance", "compliance", "P", "one", &[]), (Owner::Platform, Side::Platform, area("compliance"))),
        case(("customer compliance", "compliance", "T", "one", &[]), (Owner::Tenant, Side::Tenant, area("compliance"))),
        // Security and access controls.
        case(("expired TLS certificate", "infrastructure", "P", "all", &["platform-availability"]), (Owner::Platform, Side::Platform, duty("secure-hosting"))),
        case(("unpatched hosts", "infrastructure", "P", "all", &["platform-patching"]), (Owner::Platform, Side::Platform, duty("patch-management"))),
        case(("cross-tenant leak", "encryption", "P", "several", &["tenant-isolation"]), (Owner::Platform, Side::Platform, duty("encryption-isolation-network"))),
        case(("central logs gap", "logging-monitoring", "P", "all", &["platform-logging-gap"]), (Owner::Platform, Side::Platform, duty("central-logging"))),
        case(("JIT grant abuse", "privileged-access", "P", "one", &["platform-iam"]), (Owner::Platform, Side::Platform, duty("platform-iam-jit"))),
        case(("tenant admin without MFA", "privileged-access", "T", "one", &["tenant-mfa", "tenant-privileged-access"]), (Owner::Tenant, Side::Tenant, duty("tenant-authentication-mfa"))),
        case(("stale tenant roles", "privileged-access", "T", "one", &["tenant-user-roles"]), (Owner::Tenant, Side::Tenant, duty("tenant-user-role-management"))),
        case(("SAML federation broken", "incident-response", "T", "one", &["tenant-identity-federation"]), (Owner::Tenant, Side::Tenant, duty("tenant-identity-federation"))),
        case(("tenant alerts ignored", "logging-monitoring", "T", "one", &["tenant-monitoring"]), (Owner::Tenant, Side::Tenant, duty("tenant-monitoring-compliance"))),
        // Incident response and compliance.
        case(("platform intrusion", "incident-response", "P", "several", &["platform-security-incident"]), (Owner::Platform, Side::Platform, duty("platform-incident-response"))),
        case(("operator break-glass misuse", "privileged-access", "P", "one", &["privileged-platform-access"]), (Owner::Platform, Side::Platform, duty("privileged-platform-access-incidents"))),
        case(("kernel CVE", "infrastructure", "P", "all", &["saas-infrastructure-vulnerability"]), (Owner::Platform, Side::Platform, duty("saas-infrastructure-vulnerabilities"))),
        case(("platform audit finding", "compliance", "P", "all", &["platform-compliance-controls"]), (Owner::Platform, Side::Platform, duty("platform-compliance-controls"))),
        case(("shared password misuse", "incident-response", "T", "one", &["user-access-misuse"]), (Owner::Tenant, Side::Tenant, duty("tenant-access-misuse-configuration"))),
        case(("unreviewed tenant admins", "privileged-access", "T", "one", &["tenant-privileged-access"]), (Owner::Tenant, Side::Tenant, duty("tenant-privileged-access-review"))),
        case(("public sharing enabled", "compliance", "T", "one", &["tenant-configuration"]), (Owner::Tenant, Side::Tenant, duty("tenant-configuration-requirements"))),
        case(("breach notification duty", "compliance", "T", "one", &["tenant-regulatory-obligations"]), (Owner::Tenant, Side::Tenant, duty("tenant-industry-compliance"))),
        // Both sides.
        case(("operator access inside a tenant", "privileged-access", "T", "one", &["privileged-platform-access", "tenant-privileged-access"]), (Owner::Shared, Side::Tenant, duty("privileged-platform-access-incidents"))),
        case(("MFA bypass across tenants", "privileged-access", "T", "several", &["tenant-mfa"]), (Owner::Shared, Side::Tenant, area("incident-response"))),
        case(("tenant misconfiguration exposed by a platform CVE", "infrastructure", "P", "one", &["tenant-configuration"]), (Owner::Shared, Side::Platform, duty("tenant-configuration-requirements"))),
    ]
}

/// The facts of a case: name, area ("" = unknown), layer (P, T, -), tenants affected, flags.
type Given = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

/// What a case expects: owner, lead, and the row the decision must cite.
type Expected = (Owner, Side, RowRef);

fn case(given: Given, expected: Expected) -> Case {
    let (name, area, layer, scope, flags) = given;
    let (owner, lead, row) = expected;
    Case {
        name,
        area: (!area.is_empty()).then_some(area),
        layer: match layer {
            "P" => Some(Layer::Platform),
            "T" => Some(Layer::Tenant),
            _ => None,
        },
        scope: TenantsAffected::parse(scope),
        flags,
        owner,
        lead,
        row,
    }
}

fn facts(case: &Case) -> Facts {
    Facts {
        area: case.area.map(str::to_owned),
        layer: case.layer,
        tenants_affected: case.scope,
        flags: case.flags.iter().map(|f| (*f).to_owned()).collect(),
    }
}

#[test]
fn every_case_gets_its_owner_lead_and_row() {
    let model = model();
    for case in cases() {
        let decision = triage(&model, &facts(&case));
        assert_eq!(decision.owner, case.owner, "{}: {decision:#?}", case.name);
        assert_eq!(decision.lead, case.lead, "{}", case.name);
        assert!(
            decision.reasons.iter().any(|r| r.row == case.row),
            "{}: {:?} not cited in {decision:#?}",
            case.name,
            case.row
        );
        if let RowRef::Duty(id) = &case.row {
            assert!(
                decision.tasks.iter().any(|t| &t.duty == id),
                "{}: the cited duty {id} is not among the tasks",
                case.name
            );
        }
        assert!(decision.missing.is_empty(), "{}", case.name);
        assert_eq!(decision.model_version, model.version);
    }
}

#[test]
fn every_area_and_duty_of_the_model_has_a_case() {
    let model = model();
    let covered: BTreeSet<RowRef> = cases().into_iter().map(|c| c.row).collect();
    for a in &model.areas {
        assert!(covered.contains(&area(&a.id)), "no case for area {}", a.id);
    }
    for d in &model.duties {
        assert!(covered.contains(&duty(&d.id)), "no case for duty {}", d.id);
    }
    assert_eq!(model.areas.len(), 6, "the seed's first table has six rows");
    assert_eq!(
        model.duties.len(),
        17,
        "the seed's other tables hold seventeen duties"
    );
}

#[test]
fn every_duty_of_the_model_can_be_flagged() {
    let model = model();
    for d in &model.duties {
        assert!(
            model.flags.iter().any(|f| f.duty == d.id),
            "no flag invokes the duty {}",
            d.id
        );
    }
}

#[test]
fn a_decision_without_facts_asks_for_them_and_involves_both_sides() {
    let decision = triage(&model(), &Facts::default());
    assert_eq!(decision.owner, Owner::Shared);
    assert_eq!(decision.lead, Side::Platform);
    assert_eq!(
        decision.missing,
        [
            MissingFact::Area,
            MissingFact::Layer,
            MissingFact::TenantsAffected
        ]
    );
    assert!(decision.tasks.iter().any(|t| t.side == Side::Platform));
    assert!(decision.tasks.iter().any(|t| t.side == Side::Tenant));
}

#[test]
fn a_split_area_without_a_layer_asks_for_the_layer() {
    let facts = Facts {
        area: Some("compliance".into()),
        tenants_affected: Some(TenantsAffected::One),
        ..Facts::default()
    };
    let decision = triage(&model(), &facts);
    assert_eq!(decision.owner, Owner::Shared);
    assert_eq!(decision.missing, [MissingFact::Layer]);
}

#[test]
fn unknown_areas_and_flags_are_reported_not_guessed() {
    let facts = Facts {
        area: Some("weather".into()),
        layer: Some(Layer::Tenant),
        tenants_affected: Some(TenantsAffected::One),
        flags: ["no-such-flag".to_owned()].into(),
    };
    let decision = triage(&model(), &facts);
    assert_eq!(decision.owner, Owner::Tenant);
    assert_eq!(decision.missing, [MissingFact::Area]);
    assert_eq!(decision.ignored.len(), 2);
}

#[test]
fn tasks_come_from_the_playbooks_of_the_responsible_sides_only() {
    let model = model();
    let facts = Facts {
        area: Some("privileged-access".into()),
        layer: Some(Layer::Tenant),
        tenants_affected: Some(TenantsAffected::One),
        flags: ["tenant-mfa".to_owned()].into(),
    };
    let decision = triage(&model, &facts);
    assert!(decision.tasks.iter().all(|t| t.side == Side::Tenant));
    let duties: Vec<_> = decision.tasks.iter().map(|t| t.duty.as_str()).collect();
    assert_eq!(
        duties,
        [
            "tenant-authentication-mfa",
            "tenant-user-role-management",
            "tenant-privileged-access-review"
        ]
    );
}

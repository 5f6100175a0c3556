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
    /// A row the decision must cite, or a duty it must give as a task.
    row: RowRef,
}

use Layer::{Platform as AtPlatform, Tenant as AtTenant};
use TenantsAffected::{All, Several};

fn area(id: &str) -> RowRef {
    RowRef::Area(id.to_owned())
}

fn duty(id: &str) -> RowRef {
    RowRef::Duty(id.to_owned())
}

fn cases() -> Vec<Case> {
    let one = Some(TenantsAffected::One);
    vec![
        // The first table: each area, and each side of each split area.
        Case {
            name: "infrastructure outage",
            area: Some("infrastructure"),
            layer: Some(AtPlatform),
            scope: Some(All),
            flags: &[],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: area("infrastructure"),
        },
        Case {
            name: "platform encryption",
            area: Some("encryption"),
            layer: Some(AtPlatform),
            scope: Some(Several),
            flags: &[],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: area("encryption"),
        },
        Case {
            name: "platform PAM",
            area: Some("privileged-access"),
            layer: Some(AtPlatform),
            scope: one,
            flags: &[],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: area("privileged-access"),
        },
        Case {
            name: "tenant PAM",
            area: Some("privileged-access"),
            layer: Some(AtTenant),
            scope: one,
            flags: &[],
            owner: Owner::Tenant,
            lead: Side::Tenant,
            row: area("privileged-access"),
        },
        Case {
            name: "platform logging",
            area: Some("logging-monitoring"),
            layer: Some(AtPlatform),
            scope: one,
            flags: &[],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: area("logging-monitoring"),
        },
        Case {
            name: "tenant log review",
            area: Some("logging-monitoring"),
            layer: Some(AtTenant),
            scope: one,
            flags: &[],
            owner: Owner::Tenant,
            lead: Side::Tenant,
            row: area("logging-monitoring"),
        },
        Case {
            name: "platform-level incident",
            area: Some("incident-response"),
            layer: Some(AtPlatform),
            scope: one,
            flags: &[],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: area("incident-response"),
        },
        Case {
            name: "customer tenant incident",
            area: Some("incident-response"),
            layer: Some(AtTenant),
            scope: one,
            flags: &[],
            owner: Owner::Tenant,
            lead: Side::Tenant,
            row: area("incident-response"),
        },
        Case {
            name: "platform compliance",
            area: Some("compliance"),
            layer: Some(AtPlatform),
            scope: one,
            flags: &[],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: area("compliance"),
        },
        Case {
            name: "customer compliance",
            area: Some("compliance"),
            layer: Some(AtTenant),
            scope: one,
            flags: &[],
            owner: Owner::Tenant,
            lead: Side::Tenant,
            row: area("compliance"),
        },
        // Security and access controls.
        Case {
            name: "expired TLS certificate",
            area: Some("infrastructure"),
            layer: Some(AtPlatform),
            scope: Some(All),
            flags: &["platform-availability"],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: duty("secure-hosting"),
        },
        Case {
            name: "unpatched hosts",
            area: Some("infrastructure"),
            layer: Some(AtPlatform),
            scope: Some(All),
            flags: &[],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: duty("patch-management"),
        },
        Case {
            name: "cross-tenant leak",
            area: Some("encryption"),
            layer: Some(AtPlatform),
            scope: Some(Several),
            flags: &["tenant-isolation"],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: duty("encryption-isolation-network"),
        },
        Case {
            name: "central logs gap",
            area: Some("logging-monitoring"),
            layer: Some(AtPlatform),
            scope: Some(All),
            flags: &[],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: duty("central-logging"),
        },
        Case {
            name: "JIT grant abuse",
            area: Some("privileged-access"),
            layer: Some(AtPlatform),
            scope: one,
            flags: &[],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: duty("platform-iam-jit"),
        },
        Case {
            name: "tenant admin without MFA",
            area: Some("privileged-access"),
            layer: Some(AtTenant),
            scope: one,
            flags: &["tenant-mfa", "tenant-privileged-access"],
            owner: Owner::Tenant,
            lead: Side::Tenant,
            row: duty("tenant-authentication-mfa"),
        },
        Case {
            name: "stale tenant roles",
            area: Some("privileged-access"),
            layer: Some(AtTenant),
            scope: one,
            flags: &["tenant-user-roles"],
            owner: Owner::Tenant,
            lead: Side::Tenant,
            row: duty("tenant-user-role-management"),
        },
        Case {
            name: "SAML federation broken",
            area: Some("incident-response"),
            layer: Some(AtTenant),
            scope: one,
            flags: &["tenant-identity-federation"],
            owner: Owner::Tenant,
            lead: Side::Tenant,
            row: duty("tenant-identity-federation"),
        },
        Case {
            name: "tenant alerts ignored",
            area: Some("logging-monitoring"),
            layer: Some(AtTenant),
            scope: one,
            flags: &[],
            owner: Owner::Tenant,
            lead: Side::Tenant,
            row: duty("tenant-monitoring-compliance"),
        },
        // Incident response and compliance.
        Case {
            name: "platform intrusion",
            area: Some("incident-response"),
            layer: Some(AtPlatform),
            scope: Some(Several),
            flags: &[],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: duty("platform-incident-response"),
        },
        Case {
            name: "operator break-glass misuse",
            area: Some("privileged-access"),
            layer: Some(AtPlatform),
            scope: one,
            flags: &["privileged-platform-access"],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: duty("privileged-platform-access-incidents"),
        },
        Case {
            name: "kernel CVE",
            area: Some("infrastructure"),
            layer: Some(AtPlatform),
            scope: Some(All),
            flags: &["saas-infrastructure-vulnerability"],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: duty("saas-infrastructure-vulnerabilities"),
        },
        Case {
            name: "platform audit finding",
            area: Some("compliance"),
            layer: Some(AtPlatform),
            scope: Some(All),
            flags: &[],
            owner: Owner::Platform,
            lead: Side::Platform,
            row: duty("platform-compliance-controls"),
        },
        Case {
            name: "shared password misuse",
            area: Some("incident-response"),
            layer: Some(AtTenant),
            scope: one,
            flags: &["user-access-misuse"],
            owner: Owner::Tenant,
            lead: Side::Tenant,
            row: duty("tenant-access-misuse-configuration"),
        },
        Case {
            name: "unreviewed tenant admins",
            area: Some("privileged-access"),
            layer: Some(AtTenant),
            scope: one,
            flags: &["tenant-privileged-access"],
            owner: Owner::Tenant,
            lead: Side::Tenant,
            row: duty("tenant-privileged-access-review"),
        },
        Case {
            name: "public sharing enabled",
            area: Some("compliance"),
            layer: Some(AtTenant),
            scope: one,
            flags: &["tenant-configuration"],
            owner: Owner::Tenant,
            lead: Side::Tenant,
            row: duty("tenant-configuration-requirements"),
        },
        Case {
            name: "breach notification duty",
            area: Some("compliance"),
            layer: Some(AtTenant),
            scope: one,
            flags: &[],
            owner: Owner::Tenant,
            lead: Side::Tenant,
            row: duty("tenant-industry-compliance"),
        },
        // Both sides.
        Case {
            name: "operator access inside a tenant",
            area: Some("privileged-access"),
            layer: Some(AtTenant),
            scope: one,
            flags: &["privileged-platform-access", "tenant-privileged-access"],
            owner: Owner::Shared,
            lead: Side::Tenant,
            row: duty("privileged-platform-access-incidents"),
        },
        Case {
            name: "MFA bypass across tenants",
            area: Some("privileged-access"),
            layer: Some(AtTenant),
            scope: Some(Several),
            flags: &["tenant-mfa"],
            owner: Owner::Shared,
            lead: Side::Tenant,
            row: area("incident-response"),
        },
        Case {
            name: "tenant misconfiguration exposed by a platform CVE",
            area: Some("infrastructure"),
            layer: Some(AtPlatform),
            scope: one,
            flags: &["tenant-configuration"],
            owner: Owner::Shared,
            lead: Side::Platform,
            row: duty("tenant-configuration-requirements"),
        },
    ]
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
        let cited = decision.reasons.iter().any(|r| r.row == case.row);
        let tasked =
            matches!(&case.row, RowRef::Duty(id) if decision.tasks.iter().any(|t| &t.duty == id));
        assert!(
            cited || tasked,
            "{}: {:?} neither cited nor tasked in {decision:#?}",
            case.name,
            case.row
        );
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

//! The suggestion on realistic incident titles, a few for each area and each layer its sides
//! cover: the area, the layer and the key flag suggested, and the owner triage then reaches when
//! one tenant is affected. Titles whose words point both ways suggest no layer.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use domain::responsibility::{
    Facts, Layer, Owner, ResponsibilityModel, Suggestion, TenantsAffected, suggest, triage,
};

const MODEL: &str = include_str!("../../model/shared-responsibility.toml");

/// Area | layer | a flag it must suggest (`-` for none) | title. Each area has at least three
/// titles for each layer its sides cover: both for a split area, the platform's for the others.
const TABLE: &str = "
infrastructure     | platform | platform-availability         | Expired TLS certificate on the API gateway
infrastructure     | platform | platform-availability         | Load balancer outage in the EU region takes the service down
infrastructure     | platform | platform-patching             | Unpatched kernel on the shared worker nodes
infrastructure     | platform | platform-availability         | DDoS attack against the public DNS
encryption         | platform | -                             | KMS key rotation failed for the storage cluster
encryption         | platform | -                             | Backups stored without encryption at rest
encryption         | platform | -                             | Weak cipher accepted in transit between services
privileged-access  | platform | privileged-platform-access    | Break-glass account used without a ticket
privileged-access  | platform | privileged-platform-access    | Platform admin granted standing superuser access
privileged-access  | platform | platform-iam                  | Support engineer kept elevated privileges after the JIT grant expired
privileged-access  | platform | privileged-platform-access    | Operator access to production not revoked after the JIT window
privileged-access  | tenant   | tenant-mfa                    | MFA was never enabled for tenant administrators
privileged-access  | tenant   | tenant-mfa                    | Tenant admin account without MFA
privileged-access  | tenant   | tenant-user-roles             | Leaver still holds the administrator role in our tenant
privileged-access  | tenant   | tenant-privileged-access      | Privileged tenant account shared between three analysts
privileged-access  | tenant   | tenant-mfa                    | MFA not enforced for our admins
logging-monitoring | platform | platform-logging-gap          | Log pipeline dropped platform logs for six hours
logging-monitoring | platform | platform-logging-gap          | SIEM outage: platform audit logs not collected
logging-monitoring | platform | platform-logging-gap          | Monitoring gap on the control plane
logging-monitoring | tenant   | tenant-monitoring             | Alerts ignored for a week: no one reviewed the logs
logging-monitoring | tenant   | tenant-monitoring             | Tenant monitoring missed a bulk download
logging-monitoring | tenant   | tenant-monitoring             | Log review in our tenant skipped for a month
incident-response  | platform | platform-security-incident    | Platform breach: attacker on the platform's build servers
incident-response  | platform | platform-security-incident    | Malware found on operator systems
incident-response  | platform | platform-security-incident    | Suspicious intrusion into the deployment pipeline
incident-response  | platform | -                             | Compromise of a shared build node affecting all tenants
incident-response  | tenant   | user-access-misuse            | Account takeover of a tenant user through credential stuffing
incident-response  | tenant   | user-access-misuse            | Phishing led to stolen credentials for our finance team
incident-response  | tenant   | user-access-misuse            | Unusual sign-ins on a shared password account
incident-response  | tenant   | tenant-identity-federation    | Suspicious login through a misconfigured SSO integration
compliance         | platform | platform-compliance-controls  | SOC 2 control failure found in the annual audit
compliance         | platform | platform-compliance-controls  | ISO 27001 certification at risk after a missed access review
compliance         | platform | platform-compliance-controls  | Platform audit finding on change management
compliance         | tenant   | tenant-regulatory-obligations | GDPR regulatory notification due for exported personal data
compliance         | tenant   | tenant-regulatory-obligations | HIPAA: patient data shared through a public link
compliance         | tenant   | tenant-regulatory-obligations | Cardholder data exported against PCI regulation
";

/// A title, the area and layer it should suggest, and a flag it should suggest, if any.
struct Row {
    area: &'static str,
    layer: Layer,
    flag: Option<&'static str>,
    title: &'static str,
}

fn rows() -> Vec<Row> {
    TABLE
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let [area, layer, flag, title] = cells[..] else {
                panic!("a row has four cells: {line}");
            };
            Row {
                area,
                layer: Layer::parse(layer).unwrap(),
                flag: (flag != "-").then_some(flag),
                title,
            }
        })
        .collect()
}

fn model() -> ResponsibilityModel {
    ResponsibilityModel::from_toml(MODEL).unwrap()
}

/// The facts a new incident gets when everything is left to the suggestion and one tenant is
/// affected.
fn suggested_facts(found: &Suggestion) -> Facts {
    Facts {
        area: found.area.as_ref().map(|(id, _)| id.clone()),
        layer: found.layer.as_ref().map(|(layer, _)| *layer),
        tenants_affected: Some(TenantsAffected::One),
        flags: found.flags.iter().map(|(id, _)| id.clone()).collect(),
    }
}

#[test]
fn each_title_suggests_its_area_layer_and_flag_and_triage_gives_it_to_that_side() {
    let model = model();
    for row in rows() {
        let found = suggest(&model, row.title);
        let title = row.title;
        assert_eq!(
            found.area.as_ref().map(|(id, _)| id.as_str()),
            Some(row.area),
            "{title}: area"
        );
        assert_eq!(
            found.layer.as_ref().map(|(layer, _)| *layer),
            Some(row.layer),
            "{title}: layer from {:?}",
            found.layer
        );
        if let Some(flag) = row.flag {
            assert!(
                found.flags.iter().any(|(id, _)| id == flag),
                "{title}: flag {flag} in {:?}",
                found.flags
            );
        }
        let decision = triage(&model, &suggested_facts(&found));
        let owner = match row.layer {
            Layer::Platform => Owner::Platform,
            Layer::Tenant => Owner::Tenant,
        };
        assert_eq!(decision.owner, owner, "{title}: {:?}", decision.reasons);
        assert_eq!(decision.missing, [], "{title}");
    }
}

#[test]
fn the_table_covers_every_area_and_each_layer_its_sides_cover() {
    let (model, rows) = (model(), rows());
    for area in &model.areas {
        let layers = if area.owner == domain::responsibility::AreaOwner::Split {
            vec![Layer::Platform, Layer::Tenant]
        } else {
            vec![Layer::Platform]
        };
        for layer in layers {
            let count = rows
                .iter()
                .filter(|r| r.area == area.id && r.layer == layer)
                .count();
            assert!(
                count >= 3,
                "{} in the {} layer: {count} titles",
                area.id,
                layer.code()
            );
        }
    }
}

#[test]
fn mfa_never_enabled_for_tenant_administrators_is_the_tenants_with_the_words_shown() {
    let found = suggest(&model(), "MFA was never enabled for tenant administrators");
    assert_eq!(
        found.layer,
        Some((
            Layer::Tenant,
            vec!["tenant administrators".to_owned(), "mfa".to_owned()]
        ))
    );
    assert_eq!(
        found.area,
        Some((
            "privileged-access".to_owned(),
            vec!["administrators".to_owned()]
        ))
    );
}

#[test]
fn words_pointing_both_ways_or_nowhere_suggest_no_layer() {
    let model = model();
    for title in [
        "Something odd in the payment exports",
        // "outage" for the platform, "federation" for the tenant.
        "Identity federation outage",
        // "cross-tenant" for the platform's isolation, "tenant admin" for the tenant.
        "Cross-tenant data visible after a tenant admin changed a setting",
        // Neither "tenant" nor "platform" alone says where.
        "Tenant data seen on the platform status page",
    ] {
        assert_eq!(suggest(&model, title).layer, None, "{title}");
    }
}

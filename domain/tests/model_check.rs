//! `ResponsibilityModel::from_toml` refuses broken model files with a message per problem.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use domain::responsibility::{Layer, ModelError, ResponsibilityModel, Side};

const MODEL: &str = include_str!("../../model/shared-responsibility.toml");

fn errors(text: &str) -> Vec<ModelError> {
    ResponsibilityModel::from_toml(text)
        .err()
        .unwrap_or_default()
}

#[test]
fn the_shipped_model_is_valid() {
    let model = ResponsibilityModel::from_toml(MODEL).unwrap();
    assert!(!model.version.is_empty());
    assert_eq!(model.flags.len(), 17, "one flag for each duty");
}

#[test]
fn a_duty_naming_an_unknown_area_is_refused() {
    let broken = MODEL.replacen("area = \"infrastructure\"", "area = \"weather\"", 1);
    assert!(errors(&broken).contains(&ModelError::UnknownArea {
        id: "secure-hosting".into(),
        area: "weather".into()
    }));
}

#[test]
fn a_split_area_missing_one_side_is_refused() {
    let broken = MODEL.replacen("tenant = \"Responsible for tenant PAM\"\n", "", 1);
    assert!(errors(&broken).contains(&ModelError::SplitMissingSide {
        id: "privileged-access".into(),
        side: Side::Tenant
    }));
}

#[test]
fn duplicate_ids_are_refused() {
    let broken = MODEL.replacen("id = \"patch-management\"", "id = \"secure-hosting\"", 1);
    assert!(errors(&broken).contains(&ModelError::DuplicateId {
        kind: "duty",
        id: "secure-hosting".into()
    }));
}

#[test]
fn a_duty_with_no_side_is_refused() {
    let broken = MODEL.replacen(
        "id = \"secure-hosting\"\nside = \"platform\"\n",
        "id = \"secure-hosting\"\n",
        1,
    );
    assert!(errors(&broken).contains(&ModelError::DutyWithoutSide {
        id: "secure-hosting".into()
    }));
}

#[test]
fn a_tenant_duty_in_an_area_the_platform_alone_owns_is_refused() {
    let broken = MODEL.replacen(
        "id = \"patch-management\"\nside = \"platform\"",
        "id = \"patch-management\"\nside = \"tenant\"",
        1,
    );
    assert_eq!(
        errors(&broken),
        [ModelError::DutyOutsideItsArea {
            id: "patch-management".into(),
            side: Side::Tenant,
            area: "infrastructure".into()
        }]
    );
}

#[test]
fn unknown_owners_unknown_duties_and_fields_are_refused() {
    let owner = MODEL.replacen("owner = \"platform\"", "owner = \"nobody\"", 1);
    assert!(errors(&owner).contains(&ModelError::UnknownOwner {
        id: "infrastructure".into(),
        owner: "nobody".into()
    }));
    let flag = MODEL.replacen("duty = \"secure-hosting\"", "duty = \"nothing\"", 1);
    assert!(matches!(
        errors(&flag)[..],
        [ModelError::UnknownDuty { .. }]
    ));
    let field = MODEL.replacen("[[areas]]\n", "[[areas]]\ncolour = \"red\"\n", 1);
    assert!(matches!(errors(&field)[..], [ModelError::Syntax(_)]));
    assert!(matches!(errors("version = ")[..], [ModelError::Syntax(_)]));
}

#[test]
fn several_problems_are_all_reported() {
    let broken = MODEL
        .replacen("version = \"2026.12.1\"", "version = \"\"", 1)
        .replacen("area = \"encryption\"", "area = \"nowhere\"", 1);
    let found = errors(&broken);
    assert!(found.contains(&ModelError::NoVersion));
    assert!(
        found
            .iter()
            .any(|e| matches!(e, ModelError::UnknownArea { .. }))
    );
}

#[test]
fn layer_words_are_optional_but_none_may_be_blank_or_on_both_layers() {
    let section = MODEL.find("[layer_words]").unwrap();
    let without = ResponsibilityModel::from_toml(&MODEL[..section]).unwrap();
    assert!(without.layer_words.of(Layer::Tenant).is_empty());

    let blank = MODEL.replacen(
        "tenant = [\"our tenant\"",
        "tenant = [\" \", \"our tenant\"",
        1,
    );
    assert_eq!(
        errors(&blank),
        [ModelError::BlankLayerWord {
            layer: Layer::Tenant
        }]
    );
    let both = MODEL.replacen(
        "tenant = [\"our tenant\"",
        "tenant = [\"Operator\", \"our tenant\"",
        1,
    );
    assert_eq!(
        errors(&both),
        [ModelError::LayerWordOnBothLayers {
            word: "operator".into()
        }]
    );
    let unknown = MODEL.replacen("[layer_words]\n", "[layer_words]\nsideways = [\"x\"]\n", 1);
    assert!(matches!(errors(&unknown)[..], [ModelError::Syntax(_)]));
}

//! Properties of triage over every combination of facts, known and unknown.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use domain::responsibility::{
    Facts, Layer, ResponsibilityModel, RowRef, Side, TenantsAffected, triage,
};
use proptest::prelude::*;
use std::sync::OnceLock;

fn model() -> &'static ResponsibilityModel {
    static MODEL: OnceLock<ResponsibilityModel> = OnceLock::new();
    MODEL.get_or_init(|| {
        ResponsibilityModel::from_toml(include_str!("../../model/shared-responsibility.toml"))
            .expect("the shipped model is valid")
    })
}

fn any_facts() -> impl Strategy<Value = Facts> {
    let m = model();
    let mut areas: Vec<String> = m.areas.iter().map(|a| a.id.clone()).collect();
    areas.push("not-an-area".to_owned());
    let mut flags: Vec<String> = m.flags.iter().map(|f| f.id.clone()).collect();
    flags.push("not-a-flag".to_owned());
    (
        proptest::option::of(proptest::sample::select(areas)),
        proptest::option::of(proptest::sample::select(Layer::ALL.to_vec())),
        proptest::option::of(proptest::sample::select(TenantsAffected::ALL.to_vec())),
        proptest::sample::subsequence(flags.clone(), 0..=flags.len()),
    )
        .prop_map(|(area, layer, tenants_affected, flags)| Facts {
            area,
            layer,
            tenants_affected,
            flags: flags.into_iter().collect(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn the_same_facts_always_get_the_same_decision(facts in any_facts()) {
        prop_assert_eq!(triage(model(), &facts), triage(model(), &facts.clone()));
    }

    #[test]
    fn every_cited_row_and_tasked_duty_exists_in_the_model(facts in any_facts()) {
        let m = model();
        let decision = triage(m, &facts);
        for reason in &decision.reasons {
            let exists = match &reason.row {
                RowRef::Area(id) => m.area(id).is_some(),
                RowRef::Duty(id) => m.duty(id).is_some(),
            };
            prop_assert!(exists, "cites {:?}", reason.row);
            prop_assert!(!reason.sentence.trim().is_empty());
        }
        for task in &decision.tasks {
            prop_assert_eq!(m.duty(&task.duty).map(|d| d.side), Some(task.side));
        }
    }

    #[test]
    fn the_owner_follows_the_reasons_and_the_lead_is_an_owner(facts in any_facts()) {
        let decision = triage(model(), &facts);
        prop_assert!(decision.owner.includes(decision.lead));
        for side in [Side::Platform, Side::Tenant] {
            let has_reason = decision.reasons.iter().any(|r| r.side == side);
            let has_task = decision.tasks.iter().any(|t| t.side == side);
            prop_assert_eq!(decision.owner.includes(side), has_task, "tasks for {:?}", side);
            if has_reason {
                prop_assert!(decision.owner.includes(side));
            }
        }
    }
}

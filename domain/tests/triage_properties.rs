//! Properties of triage over every combination of facts, known and unknown.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use domain::responsibility::{
    AreaOwner, Decision, Facts, Layer, MissingFact, ResponsibilityModel, RowRef, Side,
    TenantsAffected, triage,
};
use proptest::prelude::*;
use std::sync::OnceLock;

const MODEL: &str = include_str!("../../model/shared-responsibility.toml");

fn model() -> &'static ResponsibilityModel {
    static PARSED: OnceLock<ResponsibilityModel> = OnceLock::new();
    PARSED
        .get_or_init(|| ResponsibilityModel::from_toml(MODEL).expect("the shipped model is valid"))
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
        let first = triage(model(), &facts);
        // A model read again from its file, and facts that travelled as JSON (the facts file
        // of `tandem triage`, the stored facts of an incident), decide the same.
        let reread = ResponsibilityModel::from_toml(MODEL).unwrap();
        let travelled: Facts = serde_json::from_str(&serde_json::to_string(&facts).unwrap()).unwrap();
        prop_assert_eq!(&first, &triage(&reread, &travelled));
        let stored: Decision = serde_json::from_str(&serde_json::to_string(&first).unwrap()).unwrap();
        prop_assert_eq!(first, stored);
    }

    #[test]
    fn every_decision_explains_itself_and_asks_for_exactly_what_is_missing(facts in any_facts()) {
        let m = model();
        let decision = triage(m, &facts);
        prop_assert!(!decision.reasons.is_empty(), "a decision without a reason");
        prop_assert!(!decision.lead_reason.trim().is_empty());
        let area = facts.area.as_deref().and_then(|id| m.area(id));
        let layer_decides = area.is_none_or(|a| a.owner == AreaOwner::Split);
        let expected: Vec<MissingFact> = [
            (area.is_none(), MissingFact::Area),
            (layer_decides && facts.layer.is_none(), MissingFact::Layer),
            (facts.tenants_affected.is_none(), MissingFact::TenantsAffected),
        ]
        .into_iter()
        .filter_map(|(missing, fact)| missing.then_some(fact))
        .collect();
        prop_assert_eq!(decision.missing, expected);
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

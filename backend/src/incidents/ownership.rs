//! Changing who owns an incident: new facts re-run triage; an override replaces the decision's
//! owner with a written reason. Both check the version the person saw and leave a timeline entry.

use crate::incidents::change::{IncidentWrite, Outcome};
use crate::incidents::triage;
use crate::incidents::workspace::Workspace;
use crate::tasks::write as tasks;
use crate::{Principal, access::principal};
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::audit::AuditAction;
use domain::responsibility::{Facts, Owner};
use domain::timeline::EntryKind;
use domain::{IncidentKey, OverrideReason};
use sea_orm::{IntoActiveModel, Set};

/// Replaces the facts of incident `key` (seen at `version`) and triages it again.
pub async fn update_facts(
    ws: Workspace<'_>,
    who: &Principal,
    key: &IncidentKey,
    version: i64,
    facts: Facts,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let write = IncidentWrite::begin(ws, who, key, now).await?;
    let (txn, current) = (write.txn(), write.current());
    principal::authorize(who, principal::Action::EditFacts)?;
    let triaged = triage::decide(ws.model, facts);
    let mut row = current.clone().into_active_model();
    triage::apply(&mut row, &triaged)?;
    let saved = write.save(row, version).await?;
    let mut body = triage::describe(&triaged, "Facts changed; re-triaged to");
    if let Some(owner) = &current.override_owner {
        body.push_str(&format!(
            "\nThe override to **{owner}** remains in force.\n"
        ));
    }
    let added = tasks::seed(txn, ws.sla, &saved, key, &triaged.decision, who, now).await?;
    if added > 0 {
        body.push_str(&format!(
            "\n{added} remediation task{} added from the new decision.\n",
            if added == 1 { "" } else { "s" }
        ));
    }
    write.record_change(&saved, EntryKind::Triage, body).await?;
    let detail = serde_json::json!({
        "owner": triaged.decision.owner.code(),
        "previous_owner": current.owner.code(),
        "model_version": triaged.decision.model_version,
        "facts": triaged.facts,
    });
    write
        .commit(Outcome::incident(
            AuditAction::IncidentRetriaged,
            detail,
            &saved,
        ))
        .await
}

/// Sets (or, with `owner = None`, clears) a human override of the decision's owner.
pub async fn override_owner(
    ws: Workspace<'_>,
    who: &Principal,
    key: &IncidentKey,
    version: i64,
    owner: Option<Owner>,
    reason: &OverrideReason,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let write = IncidentWrite::begin(ws, who, key, now).await?;
    let current = write.current();
    principal::authorize(who, principal::Action::OverrideOwnership)?;
    let mut row = current.clone().into_active_model();
    row.override_owner = Set(owner);
    row.override_reason = Set(owner.map(|_| reason.as_str().to_owned()));
    row.overridden_by = Set(owner.map(|_| who.display_name().to_owned()));
    row.effective_owner = Set(owner.unwrap_or(current.owner));
    let saved = write.save(row, version).await?;
    let outcome = match owner {
        Some(o) => format!(
            "Ownership overridden to **{}** (triage decided **{}**).",
            o.code(),
            current.owner
        ),
        None => format!(
            "Override removed; triage's decision (**{}**) applies again.",
            current.owner
        ),
    };
    let quoted: String = reason
        .as_str()
        .lines()
        .map(|l| format!("> {l}\n"))
        .collect();
    let body = format!("{outcome}\n\nReason:\n\n{quoted}");
    write
        .record_change(&saved, EntryKind::Override, body)
        .await?;
    let detail = serde_json::json!({
        "owner": owner.map(Owner::code),
        "previous_override": current.override_owner.map(Owner::code),
        "decided_owner": current.owner.code(),
        "reason": reason.as_str(),
    });
    let action = if owner.is_some() {
        AuditAction::IncidentOwnerOverridden
    } else {
        AuditAction::IncidentOverrideRemoved
    };
    write
        .commit(Outcome::incident(action, detail, &saved))
        .await
}

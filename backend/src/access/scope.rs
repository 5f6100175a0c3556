//! The visibility gate: the one place that decides who may see what. Every read of an incident
//! (by key, in lists and counts, on its timeline), every record of a read under a grant and
//! every live notice goes through here, so that the rule written in
//! `domain::access::sight_of_incident` is applied the same way in Rust and in SQL.

use crate::Database;
use crate::access::grant_reads::{self, GrantRead};
use crate::access::principal::{Principal, Scope};
use crate::entities::{incident, tenant};
use crate::events::Change;
use chrono::{DateTime, Utc};
use contract::error::{AppError, internal};
use domain::IncidentKey;
use domain::access::{Sight, Viewer, sight_of_incident};
use domain::note::EntryVisibility;
use domain::responsibility::Owner;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

/// The incident with `key` and its tenant, or `NotFound` when it does not exist or
/// `principal` may not see it.
pub async fn find_incident(
    conn: &impl ConnectionTrait,
    principal: &Principal,
    key: &IncidentKey,
) -> Result<(tenant::Model, incident::Model), AppError> {
    let (tenant, incident) = find_unscoped(conn, key).await?;
    principal.sight_of_incident(tenant.id, incident.id, incident.effective_owner)?;
    Ok((tenant, incident))
}

/// The condition selecting the incidents `scope` sees; the same rule as
/// `domain::access::sight_of_incident`, as SQL.
pub fn visible_to(scope: &Scope) -> Condition {
    let owner = incident::Column::EffectiveOwner;
    match scope {
        Scope::Everything => Condition::all(),
        Scope::Viewer(Viewer::Tenant { tenant_id }) => Condition::all()
            .add(incident::Column::TenantId.eq(*tenant_id))
            .add(owner.ne(Owner::Platform.code())),
        Scope::Viewer(Viewer::Platform {
            platform_tenant_id,
            grants,
        }) => {
            let mut any = Condition::any()
                .add(owner.ne(Owner::Tenant.code()))
                .add(incident::Column::TenantId.eq(*platform_tenant_id));
            for grant in grants {
                let mut granted =
                    Condition::all().add(incident::Column::TenantId.eq(grant.tenant_id));
                if let Some(id) = grant.incident_id {
                    granted = granted.add(incident::Column::Id.eq(id));
                }
                any = any.add(granted);
            }
            any
        }
    }
}

/// Records, for the tenants concerned, each incident among `seen` that `principal` sees only
/// under an access grant: a read continuing the reader's visit is counted on it, any other
/// writes an audit entry (see `grant_reads`).
pub async fn record_reads_under_grant<'a>(
    db: &Database,
    principal: &Principal,
    seen: impl Iterator<Item = &'a incident::Model>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut under_grant = Vec::new();
    for incident in seen {
        let sight = principal.sight_of_incident(
            incident.tenant_id,
            incident.id,
            incident.effective_owner,
        )?;
        if let Sight::UnderGrant { grant_id } = sight {
            under_grant.push((incident, grant_id));
        }
    }
    if under_grant.is_empty() {
        return Ok(());
    }
    // Only platform staff see incidents under a grant.
    let reader_id = principal.require_user()?.user_id;
    let tenant_keys = tenant::Entity::find()
        .filter(tenant::Column::Id.is_in(under_grant.iter().map(|(i, _)| i.tenant_id)))
        .all(db.conn())
        .await?;
    let mut reads = Vec::with_capacity(under_grant.len());
    for (incident, grant_id) in under_grant {
        let tenant = tenant_keys
            .iter()
            .find(|t| t.id == incident.tenant_id)
            .ok_or_else(|| internal("a read incident's tenant is gone"))?;
        reads.push(GrantRead {
            tenant_id: incident.tenant_id,
            grant_id,
            incident_id: incident.id,
            key: IncidentKey {
                tenant: domain::TenantKey::parse(&tenant.key).map_err(internal)?,
                number: incident.number,
            },
        });
    }
    let txn = db.begin_write().await?;
    grant_reads::lock_for(&txn, reader_id, &reads).await?;
    for read in reads {
        grant_reads::record(&txn, principal, reader_id, read, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The incident with `key` whoever asks: for checks that do their own authorisation.
pub async fn find_unscoped(
    conn: &impl ConnectionTrait,
    key: &IncidentKey,
) -> Result<(tenant::Model, incident::Model), AppError> {
    // One query: every change to an incident starts here, inside its write transaction.
    let (incident, tenant) = incident::Entity::find()
        .find_also_related(tenant::Entity)
        .filter(tenant::Column::Key.eq(key.tenant.as_str()))
        .filter(incident::Column::Number.eq(key.number))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((tenant.ok_or(AppError::NotFound)?, incident))
}

/// The timeline visibilities `who` reads (the command line reads them all).
pub fn readable(who: &Principal) -> Vec<EntryVisibility> {
    EntryVisibility::ALL
        .into_iter()
        .filter(|v| who.side().is_none_or(|side| v.readable_by(side)))
        .collect()
}

/// Whether `principal` may hear of `change`: they see the incident (directly or under a grant)
/// and may read the visibility of what the change wrote.
pub fn hears(principal: &Principal, change: &Change) -> bool {
    let Ok(scope) = principal.scope() else {
        return false;
    };
    let owner = change.owner;
    match scope {
        Scope::Everything => true,
        Scope::Viewer(viewer) => {
            let sees = matches!(
                sight_of_incident(&viewer, change.tenant_id, change.incident_id, owner),
                Some(Sight::Direct | Sight::UnderGrant { .. })
            );
            sees && change.visibility.readable_by(viewer.side())
        }
    }
}

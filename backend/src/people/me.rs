//! Who is signed in, as the header shows them: their role and side, and the access grants they
//! hold, with the granted tenants' names read in one query.

use crate::entities::tenant;
use crate::grants;
use crate::{AppState, Principal};
use contract::dto::{HeldGrant, Me};
use contract::error::AppError;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// The signed-in user of `who`, or `None` for an anonymous request.
pub async fn current(state: &AppState, who: &Principal) -> Result<Option<Me>, AppError> {
    let Some(user) = who.signed_in() else {
        return Ok(None);
    };
    let now = state.clock.now();
    let conn = state.db.conn();
    let names: HashMap<i64, String> = if user.grants.is_empty() {
        HashMap::new()
    } else {
        tenant::Entity::find()
            .filter(tenant::Column::Id.is_in(user.grants.iter().map(|(g, _)| g.tenant_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect()
    };
    let held = user
        .grants
        .iter()
        .map(|(grant, end)| HeldGrant {
            tenant_name: names.get(&grant.tenant_id).cloned().unwrap_or_default(),
            ends_at: *end,
        })
        .collect();
    Ok(Some(Me {
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: user.role.code().to_owned(),
        role_label: user.role.label().to_owned(),
        side: user.role.side().code().to_owned(),
        tenant_name: user.tenant_name.clone(),
        is_admin: user.role.is_admin(),
        can_respond: user.role.can_respond(),
        grants: held,
        break_glass_now: grants::break_glass_now(conn, who, now).await?,
        as_of: now,
    }))
}

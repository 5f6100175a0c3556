//! What tests read back from the database: a snapshot of everything a refused request must
//! leave alone, and row counts.

use super::TestApp;
use backend::entities::user;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};

impl TestApp {
    /// What a refused request must leave as it was: incidents, users, tenants, grants and API
    /// tokens as stored, and how many timeline and audit entries there are.
    pub async fn snapshot(&self) -> String {
        use backend::entities::{access_grant, api_token, incident, task, tenant};
        let conn = self.db.conn();
        let mut out = String::new();
        for i in incident::Entity::find().all(conn).await.unwrap() {
            out += &format!(
                "incident {} {} v{} {} {:?} {} {} {}\n",
                i.tenant_id,
                i.number,
                i.version,
                i.owner,
                i.override_owner,
                i.effective_owner,
                i.status,
                i.severity
            );
        }
        for t in task::Entity::find().all(conn).await.unwrap() {
            out += &format!(
                "task {} {} v{} {} {:?} {:?}\n",
                t.id,
                t.incident_id,
                t.version,
                t.status.code(),
                t.assignee_id,
                t.title
            );
        }
        for u in user::Entity::find().all(conn).await.unwrap() {
            out += &format!(
                "user {} {} {} {} {} e{}\n",
                u.id, u.tenant_id, u.email, u.role, u.disabled, u.session_epoch
            );
        }
        for t in tenant::Entity::find().all(conn).await.unwrap() {
            out += &format!("tenant {} {} {}\n", t.id, t.key, t.mfa_required);
        }
        for g in access_grant::Entity::find().all(conn).await.unwrap() {
            out += &format!("grant {} {} {:?}\n", g.id, g.status.code(), g.expires_at);
        }
        // Not when a token was last used: reading with a token is not a change.
        for t in api_token::Entity::find().all(conn).await.unwrap() {
            out += &format!(
                "token {} {} {:?} {} {} {} {:?}\n",
                t.id, t.tenant_id, t.name, t.role, t.scopes, t.expires_at, t.revoked_at
            );
        }
        for table in ["timeline_entries", "audit_entries"] {
            out += &format!("{table} {}\n", self.count(table).await);
        }
        out
    }

    pub async fn count(&self, table: &str) -> i64 {
        let backend = self.db.conn().get_database_backend();
        let row = self
            .db
            .conn()
            .query_one(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }
}

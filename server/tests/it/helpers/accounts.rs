//! Signing in as the demo accounts (with their second factor), the users' stored rows, and
//! asking for access grants.

use super::{TestApp, browser, location};
use backend::{
    entities::user,
    fixtures::demo::{DEMO_PASSWORD, DEMO_TOTP_SECRET},
    identity::totp,
};
use contract::error::AppError;
use reqwest::{Client, Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

impl TestApp {
    /// A new client with its own cookie jar, signed in as the demo account `email` (with its
    /// second factor for platform staff).
    pub async fn sign_in(&self, email: &str) -> Client {
        let client = browser();
        self.sign_in_with(&client, email).await;
        client
    }

    /// Signs `client` in as the demo account `email`, all steps, and checks it lands on `next`.
    pub async fn sign_in_with(&self, client: &Client, email: &str) {
        let response = self
            .submit_password(client, email, DEMO_PASSWORD, "/incidents")
            .await;
        assert_eq!(response.status().as_u16(), 200, "password step for {email}");
        let mut target = location(&response);
        if target.starts_with("/login/second-factor") {
            let code = self.next_code(email).await;
            let response = self.submit_code(client, &code, "/incidents").await;
            assert_eq!(response.status().as_u16(), 200, "second factor for {email}");
            target = location(&response);
        }
        assert_eq!(target, "/incidents", "{email} signed in");
    }

    /// The password step, as the hydrated sign-in form posts it: success answers 200 with
    /// the next page in `Location`, refusals with their status.
    pub async fn submit_password(
        &self,
        client: &Client,
        email: &str,
        password: &str,
        next: &str,
    ) -> Response {
        let form = [("email", email), ("password", password), ("next", next)];
        self.post_as(client, "/api/auth/sign-in", &form).await
    }

    /// The second-factor step, as the hydrated form posts it.
    pub async fn submit_code(&self, client: &Client, code: &str, next: &str) -> Response {
        let form = [("code", code), ("next", next)];
        self.post_as(client, "/api/auth/second-factor", &form).await
    }

    /// A code for the demo account `email` that has not been used yet: the current step's,
    /// after moving the clock on past the last step the account used.
    pub async fn next_code(&self, email: &str) -> String {
        let last = self.user(email).await.totp_last_step;
        while last.is_some_and(|last| self.clock.now().timestamp() / totp::STEP_SECS <= last) {
            self.clock
                .advance(chrono::Duration::seconds(totp::STEP_SECS));
        }
        self.settle_in_step();
        self.code_at_offset(0)
    }

    /// Moves the clock to the start of the next TOTP step when the current one is about to
    /// end, so that a code computed now is still of the same step when the server checks it.
    pub fn settle_in_step(&self) {
        let into = self.clock.now().timestamp().rem_euclid(totp::STEP_SECS);
        if into >= totp::STEP_SECS - 5 {
            self.clock
                .advance(chrono::Duration::seconds(totp::STEP_SECS - into + 1));
        }
    }

    /// The demo TOTP code `steps` steps away from the server's now (negative: earlier).
    pub fn code_at_offset(&self, steps: i64) -> String {
        let unix = self.clock.now().timestamp() + steps * totp::STEP_SECS;
        totp::code_at(DEMO_TOTP_SECRET, unix).unwrap()
    }

    /// The stored row of the user `email`.
    pub async fn user(&self, email: &str) -> user::Model {
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(self.db.conn())
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no user {email}"))
    }

    /// Asks, as `client`, for a grant to `tenant` (and `incident`, unless empty) and returns
    /// its id.
    pub async fn request_grant(&self, client: &Client, tenant: &str, incident: &str) -> i64 {
        use backend::entities::access_grant;
        use sea_orm::QueryOrder;
        let response = self
            .post_as(
                client,
                "/api/grants/request",
                &[
                    ("tenant", tenant),
                    ("incident", incident),
                    (
                        "reason",
                        "Investigating the incident together with the tenant.",
                    ),
                    ("minutes", "60"),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 200, "grant request");
        access_grant::Entity::find()
            .order_by_desc(access_grant::Column::Id)
            .one(self.db.conn())
            .await
            .unwrap()
            .unwrap()
            .id
    }
}

/// The status of a request that needs a signed-in user.
pub async fn signed_in_status(app: &TestApp, client: &Client) -> u16 {
    app.get_as(client, "/api/incidents/list")
        .await
        .status()
        .as_u16()
}

pub async fn error_of(response: Response) -> AppError {
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not an AppError: {text}"))
}

//! Who may see and do what: roles, the two sides, incident and timeline visibility, access
//! grants, API tokens and sign-in throttling. The server asks these rules; it never decides on its own.

pub mod api_token;
pub mod grant;
pub mod grant_reads;
pub mod permission;
pub mod role;
pub mod throttle;
pub mod visibility;

pub use api_token::{ApiScope, RawTokenRequest, TokenRequest};
pub use grant::{GrantDecision, GrantError, GrantRequest, GrantStatus, MAX_GRANT_MINUTES};
pub use grant_reads::{READ_REPEAT_WINDOW, continues_visit};
pub use permission::{Action, Actor, allowed};
pub use role::{Role, Side};
pub use throttle::{Throttle, ThrottlePolicy};
pub use visibility::{
    ActiveGrant, Sight, Viewer, can_see_entry, entry_visibilities, sight_of_incident,
};

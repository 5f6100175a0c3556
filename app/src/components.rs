//! Components shared by the platform console and the tenant portal.

mod app_header;
mod badges;
mod error_notice;
mod facts_fields;
mod field;
mod form_feedback;
mod live;
mod relative_time;
mod textarea;

pub use app_header::AppHeader;
pub use badges::{OwnerBadge, SeverityBadge, SideBadge, StatusBadge};
pub use error_notice::{ErrorNotice, set_response_status};
pub use facts_fields::{FactsFields, submitted_facts};
pub use field::{Field, TextField, described_by, invalid};
pub use form_feedback::{FormAlert, field_message};
pub use live::{LivePart, live_notices, live_updates};
pub use relative_time::{Deadline, RelativeTime, input_minute, relative_phrase, utc_minute};
pub use textarea::textarea_text;

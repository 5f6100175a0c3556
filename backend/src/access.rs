//! Who is asking and what they may see: the principal and its one `authorize`, its resolution
//! from the session, and the visibility gate every read goes through.

pub mod grant_reads;
pub mod principal;
pub mod scope;
pub mod session;

pub use principal::{Action, Principal, Scope, SignedIn, TokenUse, authorize};

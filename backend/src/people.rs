//! People and their tenants: accounts (`users`), tenants (`tenants`), signing in (`sign_in`,
//! with its failure counts in `throttle`) and who is signed in, as the header shows (`me`).

pub mod me;
pub mod sign_in;
pub mod tenants;
pub mod throttle;
pub mod users;

//! Data that is not history: the demo platform and tenants, and generated volume for measuring.

pub mod demo;
pub mod generate;

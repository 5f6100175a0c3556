//! The two kinds of tenant: the platform operator's own, and its customers'.

use crate::responsibility::Side;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TenantKind {
    /// The operator's staff: one such tenant, seeded at setup.
    Platform,
    /// A customer of the platform.
    Customer,
}

impl TenantKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Platform => "platform",
            Self::Customer => "customer",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Platform, Self::Customer]
            .into_iter()
            .find(|kind| kind.code() == raw)
    }

    /// The side of the shared responsibility model that a tenant of this kind stands on.
    pub fn side(self) -> Side {
        match self {
            Self::Platform => Side::Platform,
            Self::Customer => Side::Tenant,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_round_trips_and_stands_on_its_side() {
        for (kind, side) in [
            (TenantKind::Platform, Side::Platform),
            (TenantKind::Customer, Side::Tenant),
        ] {
            assert_eq!(TenantKind::parse(kind.code()), Some(kind));
            assert_eq!(kind.side(), side);
        }
        assert_eq!(TenantKind::parse("tenant"), None);
    }
}

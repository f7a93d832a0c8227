//! GraphQL enums mirroring the domain's, converted both ways by async-graphql's `remote`.

use async_graphql::Enum;

use crate::domain::access;
use crate::domain::codes;

/// A mine's operating status.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::OperatingStatus")]
pub enum OperatingStatus {
    Producing,
    Suspended,
    UnderConstruction,
    Closed,
}

/// Mining method; iron's production-scale class depends on it.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::MiningMethod")]
pub enum MiningMethod {
    OpenPit,
    Underground,
}

/// Who holds the mining right.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::HolderType")]
pub enum HolderType {
    Enterprise,
    NaturalPerson,
}

/// Level of government that issued the licence.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::LicenceLevel")]
pub enum LicenceLevel {
    Province,
    City,
    County,
}

/// Scale class of production or deposits.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::ScaleClass")]
pub enum ScaleClass {
    Large,
    Medium,
    Small,
}

/// Roles of api.md's identity table.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "access::Role")]
pub enum Role {
    CityAdmin,
    CityApprover,
    CountyOfficial,
    DepartmentReviewer,
    Integrator,
    Auditor,
}

//! GraphQL enums mirroring the domain's, converted both ways by async-graphql's `remote`.

use async_graphql::Enum;

use crate::domain::access;
use crate::domain::codes;

/// A mine's operating status.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::OperatingStatus")]
pub enum OperatingStatus {
    /// Producing (生产).
    Producing,
    /// Suspended (停产停建) since `suspendedSince`; EXIT-2 reads how long.
    Suspended,
    /// Under construction (基建) within an approved period; EXIT-4 reads the deadline.
    UnderConstruction,
    /// Closed (已关闭); left out of the rectification lists and summaries.
    Closed,
}

/// Mining method; iron's production-scale class depends on it.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::MiningMethod")]
pub enum MiningMethod {
    /// Open-pit mining (露天开采).
    OpenPit,
    /// Underground mining (地下开采).
    Underground,
}

/// Who holds the mining right.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::HolderType")]
pub enum HolderType {
    /// A company (企业).
    Enterprise,
    /// A natural person (自然人); the name is hidden from readers outside the mine's scope.
    NaturalPerson,
}

/// Level of government that issued the licence.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::LicenceLevel")]
pub enum LicenceLevel {
    /// Issued by the province (省级发证).
    Province,
    /// Issued by the city (市级发证).
    City,
    /// Issued by the county (县级发证).
    County,
}

/// Scale class of production or deposits.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::ScaleClass")]
pub enum ScaleClass {
    /// Large (大型).
    Large,
    /// Medium (中型).
    Medium,
    /// Small (小型).
    Small,
}

/// A caller's role, as the token names it.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "access::Role")]
pub enum Role {
    /// City administrator: reference data, mines, blocks, settings, admission, token revocation.
    CityAdmin,
    /// City approver: approves county plans and the city transfer plan.
    CityApprover,
    /// County official: its county's mines, blocks and plans (needs a `county`).
    CountyOfficial,
    /// Department reviewer: its department's site-survey records (needs a `department`).
    DepartmentReviewer,
    /// Trading-platform integrator: approved transfer-plan entries and their outcomes.
    Integrator,
    /// Auditor: reads everything, including the audit log; writes nothing.
    Auditor,
}

/// NEW-1's priority categories, in the order blocks are configured.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::BlockPriority")]
pub enum BlockPriority {
    /// Urgently needed by a national, provincial or city major project (重大项目).
    MajorProject,
    /// Poverty alleviation (脱贫攻坚).
    PovertyAlleviation,
    /// Livelihood project (民生工程).
    Livelihood,
    /// Up- or downstream industry-chain project (产业链上下游).
    IndustryChain,
    /// None of the above.
    None,
}

/// Ore grade: picks iron's deposit-scale row.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::OreGrade")]
pub enum OreGrade {
    /// Lean ore (贫矿); the reading when a block does not say.
    Lean,
    /// Rich ore (富矿).
    Rich,
}

/// What a block must be free of to be transferred clean (净矿, NEW-5).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::Obstacle")]
pub enum Obstacle {
    /// 生态保护红线.
    EcologicalRedLine,
    /// 自然保护地、风景名胜区.
    NatureReserve,
    /// 永久基本农田.
    PermanentFarmland,
    /// 城镇开发边界.
    TownDevelopmentBoundary,
    /// 林地、草原.
    ForestGrassland,
    /// 饮用水水源保护区.
    WaterSource,
    /// 文物保护.
    CulturalRelics,
    /// 铁路、公路两侧控制范围.
    TransportBuffer,
    /// 军事设施.
    Military,
    /// 已设矿业权.
    ExistingRights,
    /// 压覆重要矿产.
    OverlyingMinerals,
    /// 居民、道路及纠纷（补偿未落实）.
    ResidentsDisputes,
    /// 其他.
    Other,
}

/// How a block is transferred (招拍挂, NEW-6).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::TransferMethod")]
pub enum TransferMethod {
    /// 招标.
    Tender,
    /// 拍卖.
    Auction,
    /// 挂牌.
    Listing,
}

/// Where a block is transferred (NEW-6).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::TradingPlatform")]
pub enum TradingPlatform {
    /// 省自然资源网上交易平台.
    ProvincialOnline,
    /// 市级公共资源交易平台.
    CityPublicResource,
}

/// Who transfers and registers a new mining right (NEW-6).
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::domain::authority::Authority")]
pub enum TransferAuthority {
    /// 省级: on the provincial natural-resources online platform.
    Province,
    /// 市级: on the city's public-resource platform.
    City,
    /// 县级: on the city's public-resource platform.
    County,
}

/// A city transfer plan's status.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::TransferPlanStatus")]
pub enum TransferPlanStatus {
    /// Blocks are being admitted.
    Draft,
    /// Approved: frozen, published, fed to the platforms.
    Approved,
}

/// What a trading platform reports about an admitted block.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::TransferOutcome")]
pub enum TransferOutcome {
    /// Announced (出让公告).
    Announced,
    /// Sold (成交).
    Sold,
    /// Not sold (流拍): the quota place is given back.
    Unsold,
}

/// The records a stamped scan may belong to.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "codes::ScanRecord")]
pub enum ScanRecord {
    /// A county plan revision (its stamped attachments).
    PlanRevision,
    /// A department's site-survey record.
    SurveyRecord,
    /// A follow-up duty (its completion's evidence).
    Duty,
}

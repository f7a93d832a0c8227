//! Enumerations stored and exchanged as stable codes (`PRODUCING`, `OPEN_PIT`, …).

/// Declares an enum whose variants round-trip through their stable code strings.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used on the wire.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// Parses a stable code; `None` for anything else.
            pub fn parse(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        /// Written as its code (a stored JSON image reads the same as the wire).
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::parse(&code)
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown code {code}")))
            }
        }
    };
}
pub(crate) use coded_enum;

coded_enum!(
    /// A mine's operating status (docs/rules.md).
    OperatingStatus {
        /// Producing normally.
        Producing => "PRODUCING",
        /// Suspended since a date (EXIT-2 reads how long).
        Suspended => "SUSPENDED",
        /// Under construction within an approved period (EXIT-4 reads the deadline).
        UnderConstruction => "UNDER_CONSTRUCTION",
        /// Closed.
        Closed => "CLOSED",
    }
);

coded_enum!(
    /// How a mine is worked; iron's production-scale row depends on it.
    MiningMethod {
        /// 露天开采.
        OpenPit => "OPEN_PIT",
        /// 地下开采.
        Underground => "UNDERGROUND",
    }
);

coded_enum!(
    /// Who holds the mining right; a natural person's name is personal data.
    HolderType {
        /// A company.
        Enterprise => "ENTERPRISE",
        /// A natural person: hidden from anonymous readers.
        NaturalPerson => "NATURAL_PERSON",
    }
);

coded_enum!(
    /// The level of government that issued the mining licence (docs/api.md: the registry's
    /// `发证机关级别` column).
    LicenceLevel {
        /// 省级发证.
        Province => "PROVINCE",
        /// 市级发证.
        City => "CITY",
        /// 县级发证.
        County => "COUNTY",
    }
);

coded_enum!(
    /// Scale classes of production and deposits.
    ScaleClass {
        /// 大型.
        Large => "LARGE",
        /// 中型.
        Medium => "MEDIUM",
        /// 小型.
        Small => "SMALL",
    }
);

coded_enum!(
    /// Ore grade, which picks iron's deposit-scale row (docs/rules.md).
    #[derive(Default)]
    OreGrade {
        /// 贫矿 (the default when a block does not say).
        #[default]
        Lean => "LEAN",
        /// 富矿.
        Rich => "RICH",
    }
);

coded_enum!(
    /// NEW-1's priority categories of a planned block, in the order blocks are configured:
    /// urgently needed by major projects first, then poverty alleviation, livelihood and
    /// industry-chain projects, then the rest.
    BlockPriority {
        /// National, provincial or city major project (国家、省、市重大项目).
        MajorProject => "MAJOR_PROJECT",
        /// Poverty alleviation (脱贫攻坚).
        PovertyAlleviation => "POVERTY_ALLEVIATION",
        /// Livelihood project (民生工程).
        Livelihood => "LIVELIHOOD",
        /// Up- or downstream industry-chain project (产业链上下游项目).
        IndustryChain => "INDUSTRY_CHAIN",
        /// None of the above.
        None => "NONE",
    }
);

coded_enum!(
    /// A county plan's status (docs/api.md `PlanStatus`); transitions live in
    /// [`crate::domain::plan::status`].
    PlanStatus {
        /// Being drafted by the county.
        Draft => "DRAFT",
        /// Sent to the city, awaiting a decision.
        Submitted => "SUBMITTED",
        /// Returned by the city with a comment; editable again.
        Returned => "RETURNED",
        /// Approved by the city: in force and frozen.
        Approved => "APPROVED",
        /// Replaced by a newer approved revision.
        Superseded => "SUPERSEDED",
    }
);

coded_enum!(
    /// The kinds of entry a county plan holds (docs/rules.md).
    EntryKind {
        /// A mine to close (关闭取缔) or exit (引导退出), with its timetable.
        Closure => "CLOSURE",
        /// A mine to upgrade (升级改造), with its target figures.
        Upgrade => "UPGRADE",
        /// Mines to integrate into one unified right (整合重组, 五统一).
        Integration => "INTEGRATION",
        /// A planned block proposed as a new mine, with its transfer year (attachment 4).
        NewMine => "NEW_MINE",
        /// A task, the unit responsible and its deadline (分工).
        Responsibility => "RESPONSIBILITY",
        /// The county's demand forecast for a mineral (informative).
        DemandForecast => "DEMAND_FORECAST",
    }
);

coded_enum!(
    /// The route a plan sets for a mine or group; duty kinds name the routes they follow.
    Route {
        /// 关闭取缔.
        Close => "CLOSE",
        /// 引导退出.
        Exit => "EXIT",
        /// 升级改造.
        Upgrade => "UPGRADE",
        /// 整合重组: the group's own duty.
        Integration => "INTEGRATION",
        /// A group member whose right merges into another holder (its settlement, licence
        /// cancellation and restoration).
        Merge => "MERGE",
    }
);

coded_enum!(
    /// What a block must be free of to be transferred clean (净矿, docs/rules.md); a survey
    /// conflict names one.
    Obstacle {
        /// 生态保护红线.
        EcologicalRedLine => "ECOLOGICAL_RED_LINE",
        /// 自然保护地、风景名胜区.
        NatureReserve => "NATURE_RESERVE",
        /// 永久基本农田.
        PermanentFarmland => "PERMANENT_FARMLAND",
        /// 城镇开发边界.
        TownDevelopmentBoundary => "TOWN_DEVELOPMENT_BOUNDARY",
        /// 林地、草原.
        ForestGrassland => "FOREST_GRASSLAND",
        /// 饮用水水源保护区.
        WaterSource => "WATER_SOURCE",
        /// 文物保护.
        CulturalRelics => "CULTURAL_RELICS",
        /// 铁路、公路两侧控制范围.
        TransportBuffer => "TRANSPORT_BUFFER",
        /// 军事设施.
        Military => "MILITARY",
        /// 已设矿业权.
        ExistingRights => "EXISTING_RIGHTS",
        /// 压覆重要矿产.
        OverlyingMinerals => "OVERLYING_MINERALS",
        /// 居民、道路及纠纷（补偿未落实）.
        ResidentsDisputes => "RESIDENTS_DISPUTES",
        /// 其他.
        Other => "OTHER",
    }
);

coded_enum!(
    /// How a block is transferred (NEW-6: 招拍挂).
    TransferMethod {
        /// 招标.
        Tender => "TENDER",
        /// 拍卖.
        Auction => "AUCTION",
        /// 挂牌.
        Listing => "LISTING",
    }
);

coded_enum!(
    /// Where a block is transferred (NEW-6).
    TradingPlatform {
        /// 省自然资源网上交易平台.
        ProvincialOnline => "PROVINCIAL_ONLINE",
        /// 市级公共资源交易平台.
        CityPublicResource => "CITY_PUBLIC_RESOURCE",
    }
);

coded_enum!(
    /// A city transfer plan's status.
    TransferPlanStatus {
        /// Blocks are being admitted.
        Draft => "DRAFT",
        /// Approved by the city: frozen, published, fed to the platforms.
        Approved => "APPROVED",
    }
);

coded_enum!(
    /// What a trading platform reports about an admitted block (docs/api.md `TransferOutcome`).
    TransferOutcome {
        /// The transfer was announced (出让公告).
        Announced => "ANNOUNCED",
        /// Sold to a winning bidder at a price.
        Sold => "SOLD",
        /// Not sold (流拍): the block gives its quota place back.
        Unsold => "UNSOLD",
    }
);

coded_enum!(
    /// The records a stamped scan may belong to.
    ScanRecord {
        /// A county plan revision (the stamped attachments).
        PlanRevision => "PLAN_REVISION",
        /// A department's site-survey record.
        SurveyRecord => "SURVEY_RECORD",
        /// A follow-up duty (its completion's evidence).
        Duty => "DUTY",
    }
);

coded_enum!(
    /// The duty kinds seeded with the plans whose completion the rules read. Duty kinds are
    /// data (the plan's lists end in "等"); these are the ones the code relies on by code.
    SeededDuty {
        /// 矿山关闭到位: completing it closes the mine.
        MineClosed => "MINE_CLOSED",
        /// 土地复垦与生态修复.
        LandReclamation => "LAND_RECLAMATION",
        /// 采矿许可证注销: NEW-3's completed-only setting reads it.
        LicenceCancellation => "LICENCE_CANCELLATION",
        /// 妥善处置相关利益关系 (an exit's settlement).
        Settlement => "SETTLEMENT",
        /// 安全设施"三同时" of an upgrade.
        SafetyFacilities => "SAFETY_FACILITIES",
        /// The licence's scale change after an upgrade.
        LicenceScaleChange => "LICENCE_SCALE_CHANGE",
        /// An integration group's completion (the unified right is created).
        IntegrationCompleted => "INTEGRATION_COMPLETED",
    }
);

/// Declares a newtype over a validated code string, so that a county code cannot be passed
/// where a mineral code is meant, and a code that never passed its format check cannot
/// reach the rules.
macro_rules! code_newtype {
    ($(#[$meta:meta])* $name:ident, $valid:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The code when `raw` (already trimmed) has the code's format; `None` otherwise.
            pub fn parse(raw: &str) -> Option<Self> {
                let valid: fn(&str) -> bool = $valid;
                valid(raw).then(|| Self(raw.to_owned()))
            }

            /// The code as stored and exchanged.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

code_newtype!(
    /// A six-digit administrative division code of a county (县/县级市/区), e.g. `140525`.
    CountyCode,
    is_division_code
);

/// Whether `raw` is a six-digit administrative division code (a province, city or county).
pub fn is_division_code(raw: &str) -> bool {
    raw.len() == 6 && raw.bytes().all(|b| b.is_ascii_digit())
}

code_newtype!(
    /// A mineral's code (`IRON`, `BUILDING_STONE`): an upper-case letter, then upper-case
    /// letters, digits or underscores, at most 64 characters.
    MineralCode,
    |raw| {
        raw.len() <= 64
            && raw.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
            && raw
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    }
);

/// Codes for tests, which name valid codes by hand.
#[cfg(test)]
pub(crate) mod test_codes {
    use super::{CountyCode, MineralCode};

    /// A mineral code a test names; an invalid one fails the test.
    pub(crate) fn mineral(code: &str) -> MineralCode {
        MineralCode::parse(code).unwrap_or_else(|| panic!("{code:?} is not a mineral code"))
    }

    /// A county code a test names; an invalid one fails the test.
    pub(crate) fn county(code: &str) -> CountyCode {
        CountyCode::parse(code).unwrap_or_else(|| panic!("{code:?} is not a county code"))
    }
}

#[cfg(test)]
mod tests;

//! `MineFilter`: the filters of `mines`, checked before the service reads them.

use async_graphql::InputObject;

use super::assessment::Disposition;
use crate::domain::ValidationError;
use crate::domain::assessment::RuleId;
use crate::graphql::types::enums::OperatingStatus;
use crate::service::mine_queries::MineFilter as ServiceFilter;

/// Filters of `mines`; all optional and combined with AND.
#[derive(InputObject, Default)]
pub struct MineFilter {
    /// Only mines of this county (six-digit division code).
    pub county_code: Option<String>,
    /// Only mines of this mineral (`IRON`, …).
    pub mineral_code: Option<String>,
    /// Only mines in this operating status.
    pub status: Option<OperatingStatus>,
    /// Matches name, holder or licence number.
    pub search: Option<String>,
    /// Include archived mines (default false).
    #[graphql(default_with = "Some(false)")]
    pub include_archived: Option<bool>,
    /// Only mines whose default disposition today is this one.
    pub disposition: Option<Disposition>,
    /// Only mines with a decisive finding of this rule ID today (`EXIT-3`, …).
    pub rule_id: Option<String>,
}

impl MineFilter {
    /// Whether the filter needs every candidate's assessment (it then costs a scan).
    pub fn by_assessment(&self) -> bool {
        self.disposition.is_some() || self.rule_id.is_some()
    }
}

impl TryFrom<MineFilter> for ServiceFilter {
    type Error = ValidationError;

    /// Refuses a rule ID that names no rule (it would otherwise match nothing, silently).
    fn try_from(filter: MineFilter) -> Result<Self, ValidationError> {
        let rule_id = filter
            .rule_id
            .as_deref()
            .map(|code| {
                RuleId::parse(code).ok_or_else(|| {
                    ValidationError::new("ruleId", format!("未知的规则编号：{}", code.trim()))
                })
            })
            .transpose()?;
        Ok(ServiceFilter {
            county_code: filter.county_code,
            mineral_code: filter.mineral_code,
            status: filter.status.map(Into::into),
            search: filter.search,
            include_archived: filter.include_archived.unwrap_or(false),
            disposition: filter.disposition.map(Into::into),
            rule_id,
        })
    }
}

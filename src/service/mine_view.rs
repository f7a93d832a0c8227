//! A stored mine as one reader may see it. Masking happens here, in the view every reader
//! gets (GraphQL today, exports and event feeds later), not in one transport: a natural
//! person's name never leaves the service for a reader outside the mine's scope.

use entity::mine;

use crate::domain::access::{Caller, holder_visible};
use crate::domain::codes::HolderType;

/// A mine for one reader.
#[derive(Debug, Clone)]
pub struct MineView {
    /// The stored row, with `holder` emptied when the reader may not see it.
    pub row: mine::Model,
    /// 采矿权人, or `None` when it is a natural person the reader may not see.
    pub holder: Option<String>,
}

impl MineView {
    /// `row` as `viewer` may see it.
    pub fn for_reader(viewer: Option<&Caller>, mut row: mine::Model) -> Self {
        let natural_person = row.holder_type == HolderType::NaturalPerson.code();
        let holder = if holder_visible(viewer, natural_person) {
            Some(row.holder.clone())
        } else {
            row.holder.clear();
            None
        };
        Self { row, holder }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::domain::access::Role;

    fn row(holder_type: HolderType) -> mine::Model {
        mine::Model {
            id: 1,
            name: "示例".into(),
            holder: "张三".into(),
            holder_type: holder_type.code().into(),
            licence_no: None,
            licence_level: None,
            licence_valid_from: None,
            licence_valid_until: None,
            county_code: "140525".into(),
            mineral_code: "IRON".into(),
            mining_method: "OPEN_PIT".into(),
            production_scale: 30.0,
            remaining_reserves: 300.0,
            surveyed_service_years: None,
            status: "PRODUCING".into(),
            suspended_since: None,
            suspension_ordered: false,
            construction_deadline: None,
            has_mining_licence: true,
            has_safety_licence: true,
            cross_boundary_mining: false,
            mining_under_construction_guise: false,
            mining_with_exploration_licence: false,
            refuses_rectification: false,
            obsolete_equipment: false,
            unsafe_after_suspension: false,
            resources_exhausted: false,
            ore_body_id: None,
            latitude: None,
            longitude: None,
            ridge_boundary: false,
            version: 1,
            archived: false,
            archived_reason: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn a_natural_persons_name_leaves_the_service_only_for_readers_in_scope() {
        let hidden = MineView::for_reader(None, row(HolderType::NaturalPerson));
        assert_eq!(hidden.holder, None);
        assert!(hidden.row.holder.is_empty(), "not even in the row");
        let enterprise = MineView::for_reader(None, row(HolderType::Enterprise));
        assert_eq!(enterprise.holder.as_deref(), Some("张三"));
        let official = Caller {
            sub: "s".into(),
            role: Role::CountyOfficial,
            city: Some("140500".into()),
            county: Some("140525".into()),
            department: None,
            jti: "j".into(),
        };
        let shown = MineView::for_reader(Some(&official), row(HolderType::NaturalPerson));
        assert_eq!(shown.holder.as_deref(), Some("张三"));
    }
}

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
    pub fn for_reader(viewer: Option<&Caller>, row: mine::Model) -> Self {
        let natural_person = row.holder_type == HolderType::NaturalPerson.code();
        Self::shown(row, holder_visible(viewer, natural_person))
    }

    /// `row` as published (in an approved plan read by someone outside the mine's scope): a
    /// natural person's name is hidden.
    pub fn published(row: mine::Model) -> Self {
        let natural_person = row.holder_type == HolderType::NaturalPerson.code();
        Self::shown(row, !natural_person)
    }

    /// `row` for a reader whose scope reaches the mine's county: nothing hidden.
    pub fn for_reader_in_scope(row: mine::Model) -> Self {
        Self::shown(row, true)
    }

    fn shown(mut row: mine::Model, holder_visible: bool) -> Self {
        let holder = if holder_visible {
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
    use sea_orm::{Set, TryIntoModel};

    use super::*;
    use crate::domain::access::Role;
    use crate::domain::mine::MineFacts;
    use crate::domain::mine::tests::quarry;
    use crate::service::mine_rows::new_row;

    /// The test quarry as stored, held by a person named 张三 of `holder_type`.
    fn row(holder_type: HolderType) -> mine::Model {
        let mut draft = quarry();
        draft.holder = "张三".into();
        draft.holder_type = holder_type;
        let facts = MineFacts::parse(draft).expect("valid facts");
        let mut row = new_row(&facts, Utc::now());
        row.id = Set(1);
        row.try_into_model().expect("every column set")
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

//! City-coordinated integration groups (docs/rules.md): the city admin, for the task force,
//! forms a group of mines of several counties; each county's plan joins it with its own
//! members; the group is formed when every county's plan in force carries it.

use std::collections::{BTreeSet, HashMap, HashSet};

use entity::{coordinated_group, coordinated_group_mine, county, county_plan, mine, plan_entry};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::domain::access::{Action, Caller, Region};
use crate::domain::codes::OperatingStatus;
use crate::domain::operation::Operation;
use crate::domain::plan::coordination::{CountyPart, check_counties};
use crate::domain::plan::entries::IntegrationGroup;
use crate::domain::plan::group::check_group_mines;
use crate::error::{AppError, AppResult};
use crate::infra::writes::in_write;
use crate::service::audit::{self, Change};
use crate::service::in_force::in_force_ids;
use crate::service::mine_queries::rows_by_id;
use crate::service::mine_view::MineView;
use crate::service::plans::assessed::{assessments, county_standards, group_mines};
use crate::service::plans::content::PlanView;
use crate::service::reference::place_of;
use crate::service::{permitted, require};
use crate::state::AppState;

/// A coordinated group: the group, its members (by id) and each county's part.
#[derive(Debug, Clone)]
pub struct GroupView {
    pub group: coordinated_group::Model,
    pub members: Vec<mine::Model>,
    pub parts: Vec<CountyPart>,
}

/// A coordinated group as one reader sees it: the members it may read (a county official
/// its own county's; natural persons' names as its scope allows), every county's part.
#[derive(Debug, Clone)]
pub struct GroupReading {
    pub group: coordinated_group::Model,
    pub members: Vec<MineView>,
    pub parts: Vec<CountyPart>,
}

impl GroupReading {
    /// `view` as `caller` may read it.
    fn for_reader(caller: &Caller, view: GroupView) -> Self {
        let region = caller.region();
        let members = view
            .members
            .into_iter()
            .filter(|m| match &region {
                Region::County(own) => &m.county_code == own,
                _ => true,
            })
            .map(|m| MineView::for_reader(Some(caller), m))
            .collect();
        Self {
            group: view.group,
            members,
            parts: view.parts,
        }
    }
}

/// `coordinateIntegration`: the city admin forms a group of live mines of two counties or
/// more of its city; the group as a whole must pass the group check (one mineral or one
/// ridge's sand and stone, no CLOSE or binding exit member, INTEGRATE-3 together).
pub async fn create(
    state: &AppState,
    viewer: Option<&Caller>,
    input: IntegrationGroup,
) -> AppResult<GroupReading> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    permitted(caller, Action::CoordinateIntegration)?;
    in_write(&state.db, async |tx| {
        let input = input.parse()?;
        let (rows, city) = coordinable(tx, caller, &input.mine_ids).await?;
        check_counties(rows.iter().map(|row| row.county_code.as_str()))?;
        let assessed = assessments(state, tx, rows.clone(), &HashSet::new()).await?;
        let first = rows.first().map_or("", |row| row.county_code.as_str());
        let standards = county_standards(state, tx, first).await?;
        check_group_mines(
            &group_mines(&rows, &assessed)?,
            input.target_scale,
            &standards,
        )?;
        let group = coordinated_group::ActiveModel {
            city_code: Set(city.clone()),
            unified_name: Set(input.unified_name.clone()),
            unified_holder: Set(input.unified_holder.clone()),
            target_scale: Set(input.target_scale),
            complete_by: Set(input.complete_by),
            unified_mine_id: Set(None),
            created_at: Set(clock.now()),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        for row in &rows {
            coordinated_group_mine::ActiveModel {
                group_id: Set(group.id),
                mine_id: Set(row.id),
                county_code: Set(row.county_code.clone()),
            }
            .insert(tx)
            .await?;
        }
        let change = Change {
            city_code: Some(city),
            operation: Operation::CoordinateIntegration,
            entity: Operation::CoordinateIntegration.entity(),
            entity_id: group.id.to_string(),
            before: None,
            after: Some(&group),
        };
        audit::record(tx, clock, caller, change).await?;
        Ok(GroupReading::for_reader(
            caller,
            view_in(tx, group.id).await?,
        ))
    })
    .await
}

/// The mines a coordinated group may take, in the order named, and their one city: each
/// exists, is live, lies in a county the caller's city holds, and belongs to no other group
/// not yet unified.
async fn coordinable(
    tx: &DatabaseTransaction,
    caller: &Caller,
    ids: &[i64],
) -> AppResult<(Vec<mine::Model>, String)> {
    let found = rows_by_id(tx, ids).await?;
    let codes: BTreeSet<String> = found.values().map(|m| m.county_code.clone()).collect();
    let counties: HashMap<String, county::Model> = county::Entity::find()
        .filter(county::Column::Code.is_in(codes))
        .all(tx)
        .await?
        .into_iter()
        .map(|c| (c.code.clone(), c))
        .collect();
    let mut rows = Vec::with_capacity(ids.len());
    let mut cities = BTreeSet::new();
    for id in ids {
        let row = found
            .get(id)
            .ok_or_else(|| AppError::invalid("mineIds", format!("矿山不存在（编号{id}）")))?;
        let county = counties
            .get(&row.county_code)
            .ok_or_else(|| AppError::internal(format!("mine {id} has no county")))?;
        if !caller.may(Action::CoordinateIntegration, place_of(county)) {
            return Err(AppError::Forbidden);
        }
        cities.insert(county.city_code.clone());
        if row.archived || row.status == OperatingStatus::Closed.code() {
            return Err(AppError::invalid(
                "mineIds",
                format!("矿山“{}”已归档或已关闭，不能整合", row.name),
            ));
        }
        rows.push(row.clone());
    }
    if let Some(taken) = in_open_groups(tx, ids).await?.first() {
        return Err(AppError::invalid(
            "mineIds",
            format!("矿山（编号{taken}）已在另一个尚未完成的跨县整合组中"),
        ));
    }
    let mut cities = cities.into_iter();
    match (cities.next(), cities.next()) {
        (Some(city), None) => Ok((rows, city)),
        _ => Err(AppError::invalid(
            "mineIds",
            "跨县整合组的矿山须在同一城市的县（市、区）",
        )),
    }
}

/// Which of `ids` belong to a coordinated group not yet unified.
async fn in_open_groups(tx: &DatabaseTransaction, ids: &[i64]) -> AppResult<Vec<i64>> {
    let open: Vec<i64> = coordinated_group::Entity::find()
        .filter(coordinated_group::Column::UnifiedMineId.is_null())
        .all(tx)
        .await?
        .into_iter()
        .map(|g| g.id)
        .collect();
    Ok(coordinated_group_mine::Entity::find()
        .filter(coordinated_group_mine::Column::GroupId.is_in(open))
        .filter(coordinated_group_mine::Column::MineId.is_in(ids.to_vec()))
        .all(tx)
        .await?
        .into_iter()
        .map(|m| m.mine_id)
        .collect())
}

/// `coordinatedGroups`: the groups with a member in the caller's reach (a county official's
/// county, a city role's city), oldest first.
pub async fn list(state: &AppState, viewer: Option<&Caller>) -> AppResult<Vec<GroupReading>> {
    let caller = require(viewer)?;
    permitted(caller, Action::ReadPlans)?;
    let region = caller.region();
    let db = &state.db;
    let ids: Vec<i64> = coordinated_group_mine::Entity::find()
        .filter(crate::service::scope::in_region(
            coordinated_group_mine::Column::CountyCode,
            &region,
        ))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.group_id)
        .collect::<BTreeSet<i64>>()
        .into_iter()
        .collect();
    let groups = coordinated_group::Entity::find()
        .filter(coordinated_group::Column::Id.is_in(ids))
        .order_by_asc(coordinated_group::Column::Id)
        .all(db)
        .await?;
    Ok(views(db, groups)
        .await?
        .into_iter()
        .map(|view| GroupReading::for_reader(caller, view))
        .collect())
}

/// Group `id` with its members and each county's part.
pub async fn view_in(db: &impl ConnectionTrait, id: i64) -> AppResult<GroupView> {
    let group = coordinated_group::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("跨县整合组"))?;
    views(db, vec![group])
        .await?
        .pop()
        .ok_or_else(|| AppError::internal("group view missing"))
}

/// `groups` with their members and each county's part, in the order given: four
/// statements whatever their number.
async fn views(
    db: &impl ConnectionTrait,
    groups: Vec<coordinated_group::Model>,
) -> AppResult<Vec<GroupView>> {
    let ids: Vec<i64> = groups.iter().map(|g| g.id).collect();
    let mut members = members_of(db, &ids).await?;
    let carrying = carrying_counties(db, &ids).await?;
    Ok(groups
        .into_iter()
        .map(|group| {
            let members = members.remove(&group.id).unwrap_or_default();
            let counties: BTreeSet<&str> = members.iter().map(|m| m.county_code.as_str()).collect();
            let parts = counties
                .into_iter()
                .map(|county| CountyPart {
                    county_code: county.to_owned(),
                    carried: carrying.contains(&(group.id, county.to_owned())),
                })
                .collect();
            GroupView {
                group,
                members,
                parts,
            }
        })
        .collect())
}

/// The members, in every county, of each coordinated group an entry of the plan `view`
/// joins, by group.
pub async fn joined_by(
    db: &impl ConnectionTrait,
    view: &PlanView,
) -> AppResult<HashMap<i64, Vec<mine::Model>>> {
    let groups: Vec<i64> = view
        .entries
        .iter()
        .filter_map(|e| e.coordinated_group_id)
        .collect();
    members_of(db, &groups).await
}

/// The members of each of `groups`, by id.
pub async fn members_of(
    db: &impl ConnectionTrait,
    groups: &[i64],
) -> AppResult<HashMap<i64, Vec<mine::Model>>> {
    let links = coordinated_group_mine::Entity::find()
        .filter(coordinated_group_mine::Column::GroupId.is_in(groups.to_vec()))
        .all(db)
        .await?;
    let rows: HashMap<i64, mine::Model> = mine::Entity::find()
        .filter(mine::Column::Id.is_in(links.iter().map(|l| l.mine_id).collect::<Vec<_>>()))
        .order_by_asc(mine::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let mut by_group: HashMap<i64, Vec<mine::Model>> = HashMap::new();
    for link in links {
        if let Some(row) = rows.get(&link.mine_id) {
            by_group.entry(link.group_id).or_default().push(row.clone());
        }
    }
    for members in by_group.values_mut() {
        members.sort_by_key(|m| m.id);
    }
    Ok(by_group)
}

/// The (group, county) pairs whose county's plan in force carries the group.
async fn carrying_counties(
    db: &impl ConnectionTrait,
    groups: &[i64],
) -> AppResult<HashSet<(i64, String)>> {
    let entries = plan_entry::Entity::find()
        .filter(plan_entry::Column::CoordinatedGroupId.is_in(groups.to_vec()))
        .filter(plan_entry::Column::PlanId.in_subquery(in_force_ids()))
        .all(db)
        .await?;
    let counties: HashMap<i64, String> = county_plan::Entity::find()
        .filter(
            county_plan::Column::Id.is_in(entries.iter().map(|e| e.plan_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|plan| (plan.id, plan.county_code))
        .collect();
    Ok(entries
        .into_iter()
        .filter_map(|entry| {
            let group = entry.coordinated_group_id?;
            Some((group, counties.get(&entry.plan_id)?.clone()))
        })
        .collect())
}

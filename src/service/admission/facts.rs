//! Gathering what the admission checks read about one block in one year, inside whichever
//! transaction asks (the admitting one re-reads everything it decides on).

use std::collections::BTreeMap;

use entity::{
    admission_setting, block, county, county_plan, department, mineral, place_held, plan_entry,
    planning_cap, survey,
};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::admission::{AdmissionFacts, Balance, Cap, Survey};
use crate::domain::authority::{Authority, MineralAuthority, authority_of};
use crate::domain::block::{classes, production_class};
use crate::domain::closures::ClosureCounting;
use crate::domain::codes::{BlockPriority, EntryKind, ScaleClass};
use crate::domain::quota::PlaceFacts;
use crate::domain::spatial::layer::LayerKind;
use crate::domain::spatial::screen::{ScreenVerdict, verdict};
use crate::error::{AppError, AppResult};
use crate::service::admission::closures::listed_mines;
use crate::service::admission::places;
use crate::service::admission::production::base_production;
use crate::service::assessment::province_of;
use crate::service::blocks::{figures_of, master_plan_of, mineral_of, priority_of};
use crate::service::in_force::in_force_ids;
use crate::service::layers::screening;
use crate::service::standards;
use crate::service::stored::stored_code;
use crate::state::AppState;

/// The admission settings of a city (defaults when none are stored).
pub async fn settings(
    db: &impl ConnectionTrait,
    city: &str,
) -> AppResult<admission_setting::Model> {
    Ok(admission_setting::Entity::find_by_id(city.to_owned())
        .one(db)
        .await?
        .unwrap_or(admission_setting::Model {
            city_code: city.to_owned(),
            county_balance_blocks: false,
            completed_closures_only: false,
            count_integration_members: false,
            blocking_layers: None,
        }))
}

/// The scope key of a balance counter.
pub fn balance_scope(place: &str) -> String {
    format!("balance:{place}")
}

/// The scope key of a cap counter.
pub fn cap_scope(mineral: &str, place: &str) -> String {
    format!("cap:{mineral}:{place}")
}

/// The counters held for `scopes`, by scope (absent scopes hold nothing).
pub async fn held(
    db: &impl ConnectionTrait,
    scopes: Vec<String>,
) -> AppResult<BTreeMap<String, place_held::Model>> {
    Ok(place_held::Entity::find()
        .filter(place_held::Column::Scope.is_in(scopes))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.scope.clone(), row))
        .collect())
}

/// Counties of `place`: the county itself, or every county of a city.
pub(super) fn counties_of(place: &Place<'_>) -> sea_orm::sea_query::SelectStatement {
    let mut query = Query::select();
    query.column(county::Column::Code).from(county::Entity);
    match place {
        Place::City(city) => query.and_where(county::Column::CityCode.eq(*city)),
        Place::County(code) => query.and_where(county::Column::Code.eq(*code)),
    };
    query.to_owned()
}

/// A city or one county: where a balance or a cap is counted.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    City(&'a str),
    County(&'a str),
}

/// How the city's settings count NEW-3's closed mines.
pub fn closure_counting(settings: &admission_setting::Model) -> ClosureCounting {
    ClosureCounting::from_settings(
        settings.count_integration_members,
        settings.completed_closures_only,
    )
}

/// The transfer year the block's county's plan in force gives the block, if any.
async fn planned_year(db: &impl ConnectionTrait, block: &block::Model) -> AppResult<Option<i32>> {
    let entry = plan_entry::Entity::find()
        .filter(plan_entry::Column::BlockId.eq(block.id))
        .filter(plan_entry::Column::Kind.eq(EntryKind::NewMine.code()))
        .filter(
            plan_entry::Column::PlanId.in_subquery(
                in_force_ids()
                    .and_where(county_plan::Column::CountyCode.eq(block.county_code.clone()))
                    .to_owned(),
            ),
        )
        .one(db)
        .await?;
    Ok(entry.and_then(|e| e.transfer_year))
}

/// NEW-4: expected participants with no record, those whose latest record leaves a
/// conflict open, and whether the boundary and the mining land are settled.
pub async fn survey_state(db: &impl ConnectionTrait, block: &block::Model) -> AppResult<Survey> {
    let block_id = block.id;
    let participants = department::Entity::find()
        .filter(department::Column::SurveyParticipant.eq(true))
        .order_by_asc(department::Column::SortOrder)
        .all(db)
        .await?;
    let records = survey::Entity::find()
        .filter(survey::Column::BlockId.eq(block_id))
        .order_by_asc(survey::Column::Id)
        .all(db)
        .await?;
    let mut latest: BTreeMap<&str, &survey::Model> = BTreeMap::new();
    for record in &records {
        latest.insert(record.department_code.as_str(), record);
    }
    let mut state = Survey {
        boundary: block.corners.is_some(),
        mining_land: block.mining_land.is_some(),
        ..Survey::default()
    };
    for department in &participants {
        match latest.get(department.code.as_str()) {
            None => state.missing.push(department.name.clone()),
            Some(record) if record.conflict => state.open_conflicts.push(format!(
                "{}（{}）",
                department.name,
                record.obstacle.as_deref().unwrap_or("未注明")
            )),
            Some(_) => {}
        }
    }
    Ok(state)
}

/// The city a block lies in.
pub fn city_of(state: &AppState, block: &block::Model) -> AppResult<String> {
    state
        .places
        .current()
        .city_of_county(&block.county_code)
        .map(str::to_owned)
        .ok_or_else(|| AppError::internal(format!("block {} has no city", block.id)))
}

/// What a place of a `mineral` block in `county` of `city` in the transfer plan of `year`
/// is taken against: both balances as the city's settings count them for that year, and
/// the caps with their base production.
pub async fn place_facts(
    db: &impl ConnectionTrait,
    (city, county, mineral): (&str, &str, &str),
    year: i32,
    quota_exception: bool,
) -> AppResult<PlaceFacts> {
    let settings = settings(db, city).await?;
    let counting = closure_counting(&settings);
    let listed = listed_mines(db, city, counting).await?;
    let held = held(db, places::scopes(city, county, mineral).to_vec()).await?;
    let held_new = |scope: &str| held.get(scope).map_or(0, |h| i64::from(h.new_mines));
    let held_scale = |scope: &str| held.get(scope).map_or(0.0, |h| h.scale);
    let caps_rows = planning_cap::Entity::find()
        .filter(planning_cap::Column::MineralCode.eq(mineral))
        .filter(planning_cap::Column::PlaceCode.is_in([city, county]))
        .all(db)
        .await?;
    let mut caps = Vec::new();
    for cap in caps_rows {
        let is_county = cap.place_code == county;
        let place = if is_county {
            Place::County(county)
        } else {
            Place::City(city)
        };
        caps.push(Cap {
            cap: cap.cap_scale,
            base: base_production(db, mineral, place).await?,
            held: held_scale(&cap_scope(mineral, &cap.place_code)),
            county: is_county,
        });
    }
    let city_new = held_new(&balance_scope(city));
    let county_new = held_new(&balance_scope(county));
    let city_opens = counting.opens_in(&listed, None, city_new, year);
    let county_opens = counting.opens_in(&listed, Some(county), county_new, year);
    let balance_opens_in = if settings.county_balance_blocks {
        city_opens.zip(county_opens).map(|(c, k)| c.max(k))
    } else {
        city_opens
    };
    Ok(PlaceFacts {
        city: Balance {
            closed: counting.closed(&listed, None, Some(year)),
            new_mines: city_new,
        },
        county: Balance {
            closed: counting.closed(&listed, Some(county), Some(year)),
            new_mines: county_new,
        },
        caps,
        county_balance_blocks: settings.county_balance_blocks,
        balance_opens_in,
        quota_exception,
    })
}

/// Everything the checks read about `block` for `year`, as the database holds it now.
pub async fn gather(
    state: &AppState,
    db: &impl ConnectionTrait,
    block: &block::Model,
    year: i32,
    quota_exception: bool,
) -> AppResult<AdmissionFacts> {
    let places = state.places.current();
    let city = city_of(state, block)?;
    let province = province_of(&places, &block.county_code)?;
    let standards = standards::on(db, &state.versions, province, state.clock.today()).await?;
    let mineral = mineral_of(block)?;
    let figures = figures_of(block, &mineral)?;
    let (deposit_class, _) = classes(figures, &standards);
    let production_class = production_class(figures, &standards);
    let priority = priority_of(block)?;
    let small_mine_exception = standards.params.small_mine_exception
        && standards.is_ordinary_sand_stone(&mineral)
        && matches!(
            priority,
            BlockPriority::MajorProject | BlockPriority::Livelihood
        );
    let places = place_facts(
        db,
        (&city, &block.county_code, &block.mineral_code),
        year,
        quota_exception,
    )
    .await?;
    let screen = screen_verdict(state, db, block).await?;
    let mut survey = survey_state(db, block).await?;
    survey.forbidden_overlaps = screen.forbidden_overlaps;
    Ok(AdmissionFacts {
        year,
        planned_year: planned_year(db, block).await?,
        in_master_plan: master_plan_of(block)?,
        master_plan_zones: screen.forbidden_zones,
        deposit_class,
        production_class,
        small_mine_exception,
        designed_scale: figures.designed_production_scale,
        predicted_resources: block.predicted_resources,
        min_service_years: standards.params.min_service_years,
        caps: places.caps,
        city: places.city,
        county: places.county,
        county_balance_blocks: places.county_balance_blocks,
        balance_opens_in: places.balance_opens_in,
        quota_exception,
        survey,
        clean_mine: block.clean_confirmed_at.is_some(),
        authority: authority(db, block, deposit_class).await?,
        delegation: block.delegation_ref.clone(),
        platform: None,
    })
}

/// What the block's spatial screen says for NEW-1 and NEW-4 (nothing without a boundary).
async fn screen_verdict(
    state: &AppState,
    db: &impl ConnectionTrait,
    block: &block::Model,
) -> AppResult<ScreenVerdict> {
    let Some(screening) = screening::screen_block(state, db, block).await? else {
        return Ok(ScreenVerdict::default());
    };
    let zone_layer = !screening.missing.contains(&LayerKind::MasterPlanZone);
    let findings = screening.findings.iter().map(|(version, f)| (*version, f));
    Ok(verdict(findings, zone_layer))
}

/// NEW-6: who transfers `block`, by the authority table, its deposit class and the
/// province's delegation.
pub async fn authority(
    db: &impl ConnectionTrait,
    block: &block::Model,
    deposit_class: Option<ScaleClass>,
) -> AppResult<Authority> {
    let row = mineral::Entity::find_by_id(block.mineral_code.clone())
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal(format!("block {}: unknown mineral", block.id)))?;
    Ok(authority_of(
        mineral_authority(&row)?,
        deposit_class,
        block.delegation_ref.is_some(),
    ))
}

/// What the authority table holds for the mineral `row`.
pub fn mineral_authority(row: &mineral::Model) -> AppResult<MineralAuthority> {
    Ok(MineralAuthority {
        authority: stored_code(
            Authority::parse,
            "minerals",
            "transfer_authority",
            &row.code,
            &row.transfer_authority,
        )?,
        delegable: row.delegable,
        county_when_small: row.county_when_small,
    })
}

//! Assessing stored mines: gather the standards in force and the neighbours each mine is
//! compared with, then run the pure rules. Used by `Mine.assessment`, the three batches, the
//! summary, the what-if and the `mines` filters by disposition and rule.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use entity::mine;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityName, EntityTrait, IdenStatic,
    QueryFilter, QuerySelect, Select,
};

use crate::domain::assessment::neighbours::cells_within;
use crate::domain::assessment::{Assessment, Neighbourhood, Site, Subject, UpgradeTarget, assess};
use crate::domain::codes::{CountyCode, MineralCode, MiningMethod, OperatingStatus};
use crate::domain::mine::MineFacts;
use crate::domain::places::Places;
use crate::domain::spatial::separation::reach_m;
use crate::domain::standards::Standards;
use crate::error::{AppError, AppResult};
use crate::infra::dialect;
use crate::infra::versions::VersionCache;
use crate::service::mine_rows::live;
use crate::service::mine_rows::{
    corners_of, county_of, draft_of, method_of, mineral_of, stored_corners_of,
};
use crate::service::standards;
use crate::service::stored::stored_code;

/// Degrees of latitude per metre, for widening a bounding box (a generous bound).
const DEGREES_PER_METRE: f64 = 1.0 / 110_000.0;

/// A stored mine with its assessment.
pub struct Assessed {
    /// The stored row.
    pub mine: mine::Model,
    /// Its assessment on the requested day.
    pub assessment: Assessment,
}

/// The stored facts of a mine, parsed; a row that no longer parses is corrupt.
pub fn facts_of(row: &mine::Model) -> AppResult<MineFacts> {
    MineFacts::parse(draft_of(row)?)
        .map_err(|err| AppError::internal(format!("mine {} fails validation: {err:?}", row.id)))
}

/// A mine as a neighbour; archived and closed mines are no one's neighbours. A stored
/// method that does not parse is an error, never a silently missing neighbour.
pub fn site_of(row: &mine::Model) -> AppResult<Option<Site>> {
    if row.archived || row.status == OperatingStatus::Closed.code() {
        return Ok(None);
    }
    Ok(Some(Site {
        id: row.id,
        county_code: county_of(row)?,
        holder: row.holder.clone(),
        mineral_code: mineral_of(row)?,
        mining_method: method_of(row)?,
        ore_body_id: row.ore_body_id.clone(),
        position: row.latitude.zip(row.longitude),
        boundary: corners_of(row)?,
    }))
}

/// The columns a neighbour needs: (id, county, holder, mineral, method, ore body, lat, lon,
/// corners).
type SiteColumns = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<f64>,
    Option<f64>,
    Option<String>,
);

/// Live mines (not archived, not closed) that `query` selects, reading only the columns a
/// neighbour needs: a county's bounding box can cover thousands of mines.
pub(crate) async fn live_sites(
    db: &impl ConnectionTrait,
    query: Select<mine::Entity>,
    visible: impl Fn(&str) -> bool,
) -> AppResult<Vec<Site>> {
    let rows: Vec<SiteColumns> = live(query)
        .select_only()
        .columns([
            mine::Column::Id,
            mine::Column::CountyCode,
            mine::Column::Holder,
            mine::Column::MineralCode,
            mine::Column::MiningMethod,
            mine::Column::OreBodyId,
            mine::Column::Latitude,
            mine::Column::Longitude,
            mine::Column::Corners,
        ])
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .filter(|row| visible(&row.1))
        .map(
            |(id, county_code, holder, mineral_code, method, ore_body_id, lat, lon, corners)| {
                Ok(Site {
                    boundary: stored_corners_of(id, corners.as_deref())?,
                    mining_method: stored_code(
                        MiningMethod::parse,
                        "mines",
                        "mining_method",
                        id,
                        &method,
                    )?,
                    county_code: stored_code(
                        CountyCode::parse,
                        "mines",
                        "county_code",
                        id,
                        &county_code,
                    )?,
                    mineral_code: stored_code(
                        MineralCode::parse,
                        "mines",
                        "mineral_code",
                        id,
                        &mineral_code,
                    )?,
                    id,
                    holder,
                    ore_body_id,
                    position: lat.zip(lon),
                })
            },
        )
        .collect()
}

/// Where a subject sits, for finding its neighbours.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    /// Ore body the subject works; other mines on it are INTEGRATE-1 candidates.
    pub ore_body_id: Option<String>,
    /// (latitude, longitude) in degrees, CGCS2000; `None` skips the distance search.
    pub position: Option<(f64, f64)>,
    /// How far the subject's boundary reaches from the position, metres (0 without one).
    pub reach_m: f64,
}

impl From<&mine::Model> for Probe {
    fn from(row: &mine::Model) -> Self {
        Self {
            ore_body_id: row.ore_body_id.clone(),
            position: row.latitude.zip(row.longitude),
            reach_m: row.reach_m.unwrap_or(0.0),
        }
    }
}

impl From<&Site> for Probe {
    fn from(site: &Site) -> Self {
        Self {
            ore_body_id: site.ore_body_id.clone(),
            position: site.position,
            reach_m: site
                .position
                .map_or(0.0, |position| reach_m(position, &site.boundary)),
        }
    }
}

/// The greatest reach of any stored mine's boundary, metres (an indexed MAX): a neighbour
/// search around positions widens by it.
pub(crate) async fn widest_reach(db: &impl ConnectionTrait) -> AppResult<f64> {
    let widest: Option<Option<f64>> = mine::Entity::find()
        .select_only()
        .column_as(mine::Column::ReachM.max(), "widest")
        .into_tuple()
        .one(db)
        .await?;
    Ok(widest.flatten().unwrap_or(0.0))
}

/// Everything the subjects may be compared with: `own` (the subjects' own sites), the other
/// mines on their ore bodies, and the mines inside their bounding box widened by the largest
/// distance rule.
pub async fn neighbourhood_for(
    db: &impl ConnectionTrait,
    probes: &[Probe],
    own: Vec<Site>,
    standards: &Standards,
) -> AppResult<Neighbourhood> {
    neighbourhood_within(db, probes, own, standards, None).await
}

/// As [`neighbourhood_for`], but only stored mines of `counties` may be neighbours (a
/// what-if must not reveal mines outside the caller's scope).
pub async fn neighbourhood_within(
    db: &impl ConnectionTrait,
    probes: &[Probe],
    own: Vec<Site>,
    standards: &Standards,
    counties: Option<&HashSet<String>>,
) -> AppResult<Neighbourhood> {
    let visible = |county: &str| counties.is_none_or(|set| set.contains(county));
    let mut sites: HashMap<i64, Site> = own.into_iter().map(|site| (site.id, site)).collect();
    let max_distance = standards.max_distance();
    let reach = if probes.iter().any(|probe| probe.position.is_some()) {
        widest_reach(db).await?
    } else {
        0.0
    };
    if let Some(wanted) = around(db.get_database_backend(), probes, max_distance + reach) {
        let query = mine::Entity::find().filter(wanted);
        for site in live_sites(db, query, visible).await? {
            sites.entry(site.id).or_insert(site);
        }
    }
    Ok(Neighbourhood::new(
        sites.into_values().collect(),
        max_distance,
    ))
}

/// One condition for both neighbour searches around `probes`: the other mines on their ore
/// bodies, and the mines within `distance` metres (the largest rule distance and the widest
/// stored reach) plus each probe's own reach of their positions; `None` when the probes have
/// neither.
pub(crate) fn around(
    backend: DatabaseBackend,
    probes: &[Probe],
    distance: f64,
) -> Option<Condition> {
    let ore_bodies: BTreeSet<String> = probes
        .iter()
        .filter_map(|p| p.ore_body_id.clone())
        .collect();
    let positions: Vec<((f64, f64), f64)> = probes
        .iter()
        .filter_map(|p| Some((p.position?, (distance + p.reach_m) * SEARCH_MARGIN)))
        .collect();
    let mut wanted = Condition::any();
    if !ore_bodies.is_empty() {
        let ore_bodies: Vec<String> = ore_bodies.into_iter().collect();
        wanted = wanted.add(in_list(backend, mine::Column::OreBodyId, ore_bodies));
    }
    if distance > 0.0 && !positions.is_empty() {
        wanted = wanted.add(near(backend, &positions));
    }
    (!wanted.is_empty()).then_some(wanted)
}

/// Above this many positions one bounding box is searched rather than the grid cells around
/// each position: a page's mines lie scattered over a city, a whole county's fill its box
/// anyway.
const BOXES_PER_SEARCH: usize = 100;

/// A search around positions widens by the reaches and by this share of the whole on top:
/// reaches are measured on the sphere, distances between boundaries in a zone's plane.
const SEARCH_MARGIN: f64 = 1.01;

/// Mines within each position's radius of it, `(position, metres)` (and some a little
/// further: cells and boxes, not circles; the rules measure the real distance): the stored
/// grid cells around each position for a page, one box around all of them (by the largest
/// radius) for a whole scope; either way one indexed statement.
pub(crate) fn near(backend: DatabaseBackend, positions: &[((f64, f64), f64)]) -> Condition {
    if positions.len() <= BOXES_PER_SEARCH {
        let cells: Vec<i64> = positions
            .iter()
            .flat_map(|&(position, distance)| cells_within(position, distance))
            .collect::<BTreeSet<i64>>()
            .into_iter()
            .collect();
        return Condition::all().add(in_list(backend, mine::Column::GridCell, cells));
    }
    let distance = positions.iter().map(|&(_, d)| d).fold(0.0, f64::max);
    let (lats, lons) = positions.iter().fold(
        ((f64::MAX, f64::MIN), (f64::MAX, f64::MIN)),
        |((lat_lo, lat_hi), (lon_lo, lon_hi)), &((lat, lon), _)| {
            (
                (lat_lo.min(lat), lat_hi.max(lat)),
                (lon_lo.min(lon), lon_hi.max(lon)),
            )
        },
    );
    let margin_lat = distance * DEGREES_PER_METRE;
    let widest = lats.1.abs().max(lats.0.abs()).min(89.0).to_radians().cos();
    let margin_lon = margin_lat / widest;
    Condition::all()
        .add(mine::Column::Latitude.between(lats.0 - margin_lat, lats.1 + margin_lat))
        .add(mine::Column::Longitude.between(lons.0 - margin_lon, lons.1 + margin_lon))
}

/// `column IN (values)`, the values bound as one parameter ([`dialect::in_json_list`]): a
/// list of hundreds of placeholders (a page's grid cells) was parsed and planned anew for
/// every page and cost PostgreSQL more than running it.
pub(crate) fn in_list<T: Into<serde_json::Value>>(
    backend: DatabaseBackend,
    column: mine::Column,
    values: Vec<T>,
) -> Expr {
    let name = format!(r#""{}"."{}""#, mine::Entity.table_name(), column.as_str());
    let bigint = matches!(column, mine::Column::GridCell | mine::Column::Id);
    dialect::in_json_list(backend, &name, bigint, serde_json::Value::from(values))
}

/// Assesses `rows` on `as_of` under `standards`, each against the shared neighbourhood.
pub fn assess_all(
    rows: Vec<mine::Model>,
    neighbourhood: &Neighbourhood,
    standards: &Standards,
    as_of: NaiveDate,
    targets: &HashMap<i64, UpgradeTarget>,
) -> AppResult<Vec<Assessed>> {
    rows.into_iter()
        .map(|row| {
            let facts = facts_of(&row)?;
            let assessment = assess(
                Subject {
                    id: row.id,
                    facts: &facts,
                },
                neighbourhood,
                standards,
                as_of,
                targets.get(&row.id).copied(),
            );
            Ok(Assessed {
                mine: row,
                assessment,
            })
        })
        .collect()
}

/// Above this many mines the rules run on the blocking pool: a county of thousands keeps a
/// core busy for tens of milliseconds, which must not stall an async worker (and with it
/// health checks and the request timeout).
const INLINE_ASSESSMENTS: usize = 200;

/// Loads the context and assesses `rows` (already scope-checked by the caller), the mines
/// `gone` no longer counting as neighbours (those a plan closes or exits).
pub async fn assess_rows(
    db: &impl ConnectionTrait,
    rows: Vec<mine::Model>,
    standards: &Standards,
    as_of: NaiveDate,
    gone: &HashSet<i64>,
) -> AppResult<Vec<Assessed>> {
    let probes: Vec<Probe> = rows.iter().map(Probe::from).collect();
    let own = rows
        .iter()
        .filter_map(|row| site_of(row).transpose())
        .collect::<AppResult<Vec<Site>>>()?;
    let neighbourhood = neighbourhood_for(db, &probes, own, standards)
        .await?
        .without(gone);
    if rows.len() <= INLINE_ASSESSMENTS {
        return assess_all(rows, &neighbourhood, standards, as_of, &HashMap::new());
    }
    let standards = standards.clone();
    tokio::task::spawn_blocking(move || {
        assess_all(rows, &neighbourhood, &standards, as_of, &HashMap::new())
    })
    .await
    .map_err(AppError::internal)?
}

/// The province of a stored county; a county the places do not know is corrupt data.
pub fn province_of<'a>(places: &'a Places, county: &str) -> AppResult<&'a str> {
    places
        .province_of_county(county)
        .ok_or_else(|| AppError::internal(format!("county {county} has no province")))
}

/// Assesses `rows` (already scope-checked) on `as_of`, each under its own province's
/// standards, in id order; the mines `gone` no longer count as neighbours.
pub async fn assess_in_provinces(
    db: &impl ConnectionTrait,
    places: &Places,
    versions: &VersionCache,
    rows: Vec<mine::Model>,
    (as_of, gone): (NaiveDate, &HashSet<i64>),
) -> AppResult<Vec<Assessed>> {
    let mut by_province: BTreeMap<&str, Vec<mine::Model>> = BTreeMap::new();
    for row in rows {
        by_province
            .entry(province_of(places, &row.county_code)?)
            .or_default()
            .push(row);
    }
    let mut assessed = Vec::new();
    for (province, rows) in by_province {
        let standards = standards::on(db, versions, province, as_of).await?;
        assessed.extend(assess_rows(db, rows, &standards, as_of, gone).await?);
    }
    assessed.sort_by_key(|a| a.mine.id);
    Ok(assessed)
}

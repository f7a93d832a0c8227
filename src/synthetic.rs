//! `mineright seed-synthetic`: a large, realistic, reproducible registry for benchmarks and
//! capacity checks. Every mine passes the same [`MineFacts::parse`] as user input, the mix
//! of minerals, scales, statuses and defects makes every disposition and rule appear, and
//! rows go in by multi-row inserts in a few transactions, each with its audit entry.

use std::io::{IsTerminal, Write};

use chrono::{Days, NaiveDate};
use entity::{city, county, mine, mineral};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::clock::Clock;
use crate::domain::access::{Caller, Role};
use crate::domain::codes::{HolderType, LicenceLevel, MiningMethod, OperatingStatus};
use crate::domain::mine::{MineDraft, MineFacts};
use crate::error::{AppError, AppResult};
use crate::infra::writes::in_write;
use crate::service::audit::{self, Change};
use crate::service::mine_rows::new_row;

/// The city whose counties are used first (晋城市).
const HOME_CITY: &str = "140500";
/// Rows per multi-row insert: 36 columns × 400 rows stays under SQLite's 32,766 variables.
const ROWS_PER_INSERT: usize = 400;
/// Mines per transaction (and per audit entry).
const MINES_PER_TRANSACTION: usize = 10_000;
/// Synthetic counties per synthetic city.
const COUNTIES_PER_CITY: usize = 10;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct SyntheticPlan {
    /// Mines to add.
    pub mines: usize,
    /// Counties to spread them over: 晋城市's first, then synthetic cities of ten counties.
    pub counties: usize,
    /// Seed of the generator: the same seed on the same database gives the same mines.
    pub seed: u64,
}

/// A small, fast, seedable generator (SplitMix64): reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in [0, n).
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }

    /// Log-uniform in [low, high]: small mines are many, large ones few.
    fn log_between(&mut self, low: f64, high: f64) -> f64 {
        (low.ln() + self.unit() * (high.ln() - low.ln())).exp()
    }

    /// A day within `days` before or after `around`.
    fn day_near(&mut self, around: NaiveDate, before: u64, after: u64) -> NaiveDate {
        let offset = self.below((before + after + 1) as usize) as u64;
        let moved = if offset < before {
            around.checked_sub_days(Days::new(before - offset))
        } else {
            around.checked_add_days(Days::new(offset - before))
        };
        moved.unwrap_or(around)
    }
}

/// How often each mineral occurs (Jincheng: mostly quarries and limestone), and how it is
/// worked; a mineral of the database not listed here is rare and open-pit.
const MINERAL_MIX: &[(&str, u32, MiningMethod)] = &[
    ("BUILDING_STONE", 30, MiningMethod::OpenPit),
    ("CEMENT_LIMESTONE", 12, MiningMethod::OpenPit),
    ("CONSTRUCTION_SAND", 10, MiningMethod::OpenPit),
    ("IRON", 8, MiningMethod::Underground),
    ("BAUXITE", 6, MiningMethod::Underground),
    ("FLUX_LIMESTONE", 5, MiningMethod::OpenPit),
    ("DOLOMITE", 4, MiningMethod::OpenPit),
    ("BUILDING_DOLOMITE", 4, MiningMethod::OpenPit),
    ("BRICK_SHALE", 4, MiningMethod::OpenPit),
    ("BRICK_CLAY", 4, MiningMethod::OpenPit),
    ("REFRACTORY_CLAY", 3, MiningMethod::Underground),
    ("PYRITE", 2, MiningMethod::Underground),
];

/// One county's place on the synthetic map: mines scatter around its centre.
struct Area {
    code: String,
    centre: (f64, f64),
}

/// The counties to use, creating synthetic cities and counties when more are wanted than
/// the database holds.
async fn counties(db: &impl ConnectionTrait, wanted: usize) -> AppResult<Vec<String>> {
    let mut codes: Vec<String> = county::Entity::find()
        .filter(county::Column::CityCode.eq(HOME_CITY))
        .order_by_asc(county::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.code)
        .collect();
    codes.truncate(wanted.max(1));
    let mut synthetic = 0;
    while codes.len() < wanted {
        let city_index = synthetic / COUNTIES_PER_CITY + 1;
        let county_index = synthetic % COUNTIES_PER_CITY + 1;
        if city_index > 9 {
            return Err(AppError::invalid("counties", "合成县（市、区）最多 90 个"));
        }
        // 1491xx…1499xx: division codes no real Shanxi city uses.
        let city_code = format!("14{:02}00", 90 + city_index);
        if county_index == 1
            && city::Entity::find_by_id(city_code.clone())
                .one(db)
                .await?
                .is_none()
        {
            city::ActiveModel {
                code: Set(city_code.clone()),
                name: Set(format!("合成市{city_index}")),
                province_code: Set("140000".into()),
            }
            .insert(db)
            .await?;
        }
        let code = format!("14{:02}{:02}", 90 + city_index, county_index);
        if county::Entity::find_by_id(code.clone())
            .one(db)
            .await?
            .is_none()
        {
            county::ActiveModel {
                code: Set(code.clone()),
                name: Set(format!("合成市{city_index}合成县{county_index}")),
                city_code: Set(city_code),
            }
            .insert(db)
            .await?;
        }
        codes.push(code);
        synthetic += 1;
    }
    Ok(codes)
}

/// An endless, reproducible stream of synthetic mines over some counties.
pub struct Generator {
    rng: Rng,
    areas: Vec<Area>,
    minerals: Vec<(String, u32, MiningMethod)>,
    today: NaiveDate,
    next_number: u64,
}

impl Generator {
    /// Mines over `counties` (laid out side by side on the map) recorded on `today`,
    /// numbered from `first_number` (numbers make names and licence numbers unique).
    pub fn new(seed: u64, counties: Vec<String>, today: NaiveDate, first_number: u64) -> Self {
        let areas = counties
            .into_iter()
            .enumerate()
            .map(|(i, code)| Area {
                code,
                centre: (34.8 + 0.6 * (i / 10) as f64, 111.0 + 0.6 * (i % 10) as f64),
            })
            .collect();
        Self {
            rng: Rng(seed ^ first_number.rotate_left(17)),
            areas,
            minerals: MINERAL_MIX
                .iter()
                .map(|(code, weight, method)| ((*code).to_owned(), *weight, *method))
                .collect(),
            today,
            next_number: first_number,
        }
    }

    /// Keeps only the minerals a database knows.
    fn only_minerals(mut self, known: &[String]) -> Self {
        self.minerals.retain(|(code, _, _)| known.contains(code));
        self
    }
}

impl Iterator for Generator {
    type Item = MineDraft;

    fn next(&mut self) -> Option<MineDraft> {
        if self.areas.is_empty() || self.minerals.is_empty() {
            return None;
        }
        let number = self.next_number;
        self.next_number += 1;
        let area = &self.areas[(number as usize) % self.areas.len()];
        Some(draft(
            &mut self.rng,
            area,
            &self.minerals,
            number,
            self.today,
        ))
    }
}

/// One synthetic mine: `number` is unique in the database (it makes the licence number).
fn draft(
    rng: &mut Rng,
    area: &Area,
    minerals: &[(String, u32, MiningMethod)],
    number: u64,
    today: NaiveDate,
) -> MineDraft {
    let total: u32 = minerals.iter().map(|m| m.1).sum();
    let mut pick = rng.below(total as usize) as u32;
    let (mineral, _, method) = minerals
        .iter()
        .find(|m| {
            if pick < m.1 {
                true
            } else {
                pick -= m.1;
                false
            }
        })
        .unwrap_or(&minerals[0]);
    let method = if rng.chance(0.1) {
        match method {
            MiningMethod::OpenPit => MiningMethod::Underground,
            MiningMethod::Underground => MiningMethod::OpenPit,
        }
    } else {
        *method
    };
    let scale = (rng.log_between(2.0, 300.0) * 10.0).round() / 10.0;
    let life = rng.log_between(1.5, 40.0);
    let natural_person = rng.chance(0.08);
    let licensed = !rng.chance(0.01);
    let valid_from = rng.day_near(today, 3_000, 0);
    let status = match rng.below(100) {
        0..=2 => OperatingStatus::Closed,
        3..=12 => OperatingStatus::Suspended,
        13..=18 => OperatingStatus::UnderConstruction,
        _ => OperatingStatus::Producing,
    };
    let refuses = rng.chance(0.01);
    let ore_body = rng
        .chance(0.03)
        .then(|| format!("SYN-ORE-{}-{}", area.code, rng.below(400)));
    let (lat, lon) = area.centre;
    MineDraft {
        name: format!("合成矿山{number}"),
        holder: if natural_person {
            format!("合成自然人{number}")
        } else {
            format!("合成矿业有限公司{}", number / 3)
        },
        holder_type: if natural_person {
            HolderType::NaturalPerson
        } else {
            HolderType::Enterprise
        },
        licence_no: licensed.then(|| format!("SYN{}{number:010}", area.code)),
        licence_level: licensed.then(|| match rng.below(3) {
            0 => LicenceLevel::Province,
            1 => LicenceLevel::City,
            _ => LicenceLevel::County,
        }),
        licence_valid_from: licensed.then_some(valid_from),
        licence_valid_until: licensed.then(|| {
            let ten_years = valid_from
                .checked_add_days(Days::new(3_650))
                .unwrap_or(valid_from);
            rng.day_near(ten_years, 1_500, 2_000)
        }),
        county_code: area.code.clone(),
        mineral_code: mineral.clone(),
        mining_method: method,
        production_scale: scale,
        remaining_reserves: (scale * life).round(),
        surveyed_service_years: None,
        status,
        suspended_since: (status == OperatingStatus::Suspended)
            .then(|| rng.day_near(today, 1_500, 0)),
        suspension_ordered: status == OperatingStatus::Suspended && rng.chance(0.2),
        construction_deadline: (status == OperatingStatus::UnderConstruction)
            .then(|| rng.day_near(today, 700, 1_100)),
        has_mining_licence: licensed,
        has_safety_licence: !rng.chance(0.015),
        cross_boundary_mining: refuses && rng.chance(0.5),
        mining_under_construction_guise: rng.chance(0.002),
        mining_with_exploration_licence: rng.chance(0.002),
        refuses_rectification: refuses,
        obsolete_equipment: refuses && rng.chance(0.5),
        unsafe_after_suspension: rng.chance(0.003),
        resources_exhausted: rng.chance(0.01),
        ore_body_id: ore_body,
        latitude: Some(lat + (rng.unit() - 0.5) * 0.5),
        longitude: Some(lon + (rng.unit() - 0.5) * 0.5),
        ridge_boundary: method == MiningMethod::OpenPit && rng.chance(0.03),
    }
}

/// The minerals the database knows.
async fn known_minerals(db: &impl ConnectionTrait) -> AppResult<Vec<String>> {
    Ok(mineral::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.code)
        .collect())
}

/// The identity synthetic rows are recorded under in the audit trail.
fn seeder() -> Caller {
    Caller {
        sub: "system:seed-synthetic".into(),
        role: Role::CityAdmin,
        city: None,
        county: None,
        department: None,
        jti: "seed-synthetic".into(),
    }
}

/// Adds `plan.mines` synthetic mines; `progress(done, total)` is called after each batch.
pub async fn seed(
    db: &DatabaseConnection,
    clock: &dyn Clock,
    plan: SyntheticPlan,
    mut progress: impl FnMut(usize, usize),
) -> AppResult<usize> {
    if plan.mines == 0 {
        return Ok(0);
    }
    let counties = in_write(db, async |tx| counties(tx, plan.counties).await).await?;
    let first = mine::Entity::find().count(db).await? + 1;
    let mut mines = Generator::new(plan.seed, counties, clock.today(), first)
        .only_minerals(&known_minerals(db).await?);
    let caller = seeder();
    let mut done = 0;
    while done < plan.mines {
        let batch = MINES_PER_TRANSACTION.min(plan.mines - done);
        let mut rows = Vec::with_capacity(batch);
        for number in first + done as u64..first + (done + batch) as u64 {
            let draft = mines
                .next()
                .ok_or_else(|| AppError::internal("no mineral of the synthetic mix is known"))?;
            let facts = MineFacts::parse(draft).map_err(|problems| {
                AppError::internal(format!("synthetic mine {number}: {problems:?}"))
            })?;
            rows.push(new_row(&facts, clock.now()));
        }
        let summary = serde_json::json!({
            "mines": batch,
            "seed": plan.seed,
            "firstNumber": first + done as u64,
        });
        in_write(db, async |tx| {
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                let chunk: Vec<_> = rows.by_ref().take(ROWS_PER_INSERT).collect();
                mine::Entity::insert_many(chunk).exec(tx).await?;
            }
            audit::record(
                tx,
                clock,
                &caller,
                Change {
                    city_code: None,
                    operation: "seedSynthetic",
                    entity: "Mine",
                    entity_id: format!("synthetic-{}", first + done as u64),
                    before: None::<&serde_json::Value>,
                    after: Some(&summary),
                },
            )
            .await
        })
        .await?;
        done += batch;
        progress(done, plan.mines);
    }
    refresh_statistics(db).await?;
    Ok(done)
}

/// Refreshes the planner's statistics after a bulk load, as autovacuum would some time
/// later: until then PostgreSQL plans a page of a city as if the table were tiny (reading
/// every row of the city to sort them) and cannot count from the index alone.
async fn refresh_statistics(db: &DatabaseConnection) -> AppResult<()> {
    db.execute_unprepared(&crate::infra::dialect::refresh_statistics(db, "mines"))
        .await?;
    Ok(())
}

/// A progress line on stderr when it is a terminal; silent otherwise (CI logs, pipes).
pub fn terminal_progress() -> impl FnMut(usize, usize) {
    let terminal = std::io::stderr().is_terminal();
    move |done, total| {
        if terminal {
            let mut err = std::io::stderr();
            let _ = write!(
                err,
                "\r合成矿山 {done}/{total} ({}%)",
                done * 100 / total.max(1)
            );
            if done == total {
                let _ = writeln!(err);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default()
    }

    fn mines(seed: u64) -> Generator {
        Generator::new(seed, vec!["140525".into(), "140581".into()], day(), 1)
    }

    #[test]
    fn the_same_seed_gives_the_same_mines() {
        let run = |seed| mines(seed).take(50).collect::<Vec<_>>();
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    #[test]
    fn every_synthetic_mine_is_valid_input_with_a_unique_licence() {
        let mut licences = std::collections::HashSet::new();
        for draft in mines(1).take(5_000) {
            let facts = MineFacts::parse(draft.clone());
            assert!(facts.is_ok(), "{draft:?}: {facts:?}");
            assert!(facts.is_ok_and(|f| f.check_recorded_on(day()).is_ok()));
            if let Some(licence) = draft.licence_no {
                assert!(licences.insert(licence), "licence numbers repeat");
            }
        }
    }

    #[test]
    fn a_database_without_the_mix_minerals_gets_no_mines() {
        assert_eq!(mines(1).only_minerals(&["GOLD".into()]).next(), None);
    }
}

//! `mineright seed-synthetic`: a large, realistic, reproducible registry for benchmarks and
//! capacity checks. Every mine passes the same [`MineFacts::parse`] as user input, the mix
//! of minerals, scales, statuses and defects makes every disposition and rule appear, and
//! rows go in by multi-row inserts in a few transactions, each with its audit entry.

mod generator;

use std::io::{IsTerminal, Write};

use entity::{city, county, mine, mineral};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::clock::Clock;
use crate::domain::access::{Caller, Role};
use crate::domain::mine::MineFacts;
use crate::domain::operation::Operation;
use crate::error::{AppError, AppResult};
use crate::infra::writes::in_write;
use crate::service::audit::{self, Change};
use crate::service::mine_rows::new_row;

pub use generator::Generator;

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
                    operation: Operation::SeedSynthetic,
                    entity: Operation::SeedSynthetic.entity(),
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
mod tests;

//! Reference data: divisions, minerals, survey departments and the standards table. Public:
//! anyone may read them.

use entity::{county, department, mineral};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::access::Place;
use crate::error::{AppError, AppResult};

/// Where a county lies, as the access rules see it.
pub fn place_of(county: &county::Model) -> Place<'_> {
    Place {
        county: &county.code,
        city: &county.city_code,
    }
}

/// Counties, optionally of one city, by code.
pub async fn counties(
    db: &impl ConnectionTrait,
    city_code: Option<&str>,
) -> AppResult<Vec<county::Model>> {
    let mut query = county::Entity::find().order_by_asc(county::Column::Code);
    if let Some(city) = city_code {
        query = query.filter(county::Column::CityCode.eq(city));
    }
    Ok(query.all(db).await?)
}

/// One county; `None` for an unknown code.
pub async fn county(db: &impl ConnectionTrait, code: &str) -> AppResult<Option<county::Model>> {
    Ok(county::Entity::find_by_id(code.to_owned()).one(db).await?)
}

/// The county an input names, or `BAD_USER_INPUT` on `countyCode`.
pub async fn known_county(db: &impl ConnectionTrait, code: &str) -> AppResult<county::Model> {
    county(db, code)
        .await?
        .ok_or_else(|| AppError::invalid("countyCode", format!("未知的县（市、区）代码：{code}")))
}

/// `BAD_USER_INPUT` on `mineralCode` unless the mineral an input names exists.
pub async fn ensure_known_mineral(db: &impl ConnectionTrait, code: &str) -> AppResult<()> {
    match mineral::Entity::find_by_id(code.to_owned()).one(db).await? {
        Some(_) => Ok(()),
        None => Err(unknown_mineral(code)),
    }
}

/// The refusal of an input naming a mineral that does not exist (on `mineralCode`).
pub fn unknown_mineral(code: &str) -> AppError {
    AppError::invalid("mineralCode", format!("未知的矿种代码：{code}"))
}

/// Every mineral in display order.
pub async fn minerals(db: &impl ConnectionTrait) -> AppResult<Vec<mineral::Model>> {
    Ok(mineral::Entity::find()
        .order_by_asc(mineral::Column::SortOrder)
        .all(db)
        .await?)
}

/// Every survey department in the plan's order.
pub async fn departments(db: &impl ConnectionTrait) -> AppResult<Vec<department::Model>> {
    Ok(department::Entity::find()
        .order_by_asc(department::Column::SortOrder)
        .all(db)
        .await?)
}

//! Reference data: divisions, minerals, survey departments and the standards table. Public:
//! anyone may read them.

use std::collections::HashMap;

use entity::{city, county, department, mineral};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::access::Place;
use crate::error::AppResult;

/// A county with the city it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountyPlace {
    pub code: String,
    pub city_code: String,
}

impl CountyPlace {
    /// The place as the access rules see it.
    pub fn place(&self) -> Place<'_> {
        Place {
            county: &self.code,
            city: &self.city_code,
        }
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

/// Where a county lies; `None` for an unknown code.
pub async fn county_place(db: &impl ConnectionTrait, code: &str) -> AppResult<Option<CountyPlace>> {
    Ok(county::Entity::find_by_id(code.to_owned())
        .one(db)
        .await?
        .map(|row| CountyPlace {
            code: row.code,
            city_code: row.city_code,
        }))
}

/// Loads counties by code (for DataLoader).
pub async fn counties_by_code(
    db: &impl ConnectionTrait,
    codes: &[String],
) -> AppResult<HashMap<String, county::Model>> {
    let rows = county::Entity::find()
        .filter(county::Column::Code.is_in(codes.to_vec()))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.code.clone(), row))
        .collect())
}

/// Loads cities by code (for DataLoader).
pub async fn cities_by_code(
    db: &impl ConnectionTrait,
    codes: &[String],
) -> AppResult<HashMap<String, city::Model>> {
    let rows = city::Entity::find()
        .filter(city::Column::Code.is_in(codes.to_vec()))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.code.clone(), row))
        .collect())
}

/// Every mineral in display order.
pub async fn minerals(db: &impl ConnectionTrait) -> AppResult<Vec<mineral::Model>> {
    Ok(mineral::Entity::find()
        .order_by_asc(mineral::Column::SortOrder)
        .all(db)
        .await?)
}

/// Whether a mineral code exists.
pub async fn mineral_exists(db: &impl ConnectionTrait, code: &str) -> AppResult<bool> {
    Ok(mineral::Entity::find_by_id(code.to_owned())
        .one(db)
        .await?
        .is_some())
}

/// Every survey department in the plan's order.
pub async fn departments(db: &impl ConnectionTrait) -> AppResult<Vec<department::Model>> {
    Ok(department::Entity::find()
        .order_by_asc(department::Column::SortOrder)
        .all(db)
        .await?)
}

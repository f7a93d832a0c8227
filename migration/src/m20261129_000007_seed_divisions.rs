//! Reference data: 山西省, 晋城市 and its six county-level units with their division codes
//! (docs/rules.md).

use sea_orm_migration::prelude::*;

use crate::insert_rows;
use crate::m20261129_000001_divisions::{Cities, Counties, Provinces};

const COUNTIES: [(&str, &str); 6] = [
    ("140502", "城区"),
    ("140521", "沁水县"),
    ("140522", "阳城县"),
    ("140524", "陵川县"),
    ("140525", "泽州县"),
    ("140581", "高平市"),
];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        insert_rows(
            manager,
            Provinces::Table,
            vec![Provinces::Code.into_iden(), Provinces::Name.into_iden()],
            vec![vec!["140000".into(), "山西省".into()]],
        )
        .await?;
        insert_rows(
            manager,
            Cities::Table,
            vec![
                Cities::Code.into_iden(),
                Cities::Name.into_iden(),
                Cities::ProvinceCode.into_iden(),
            ],
            vec![vec!["140500".into(), "晋城市".into(), "140000".into()]],
        )
        .await?;
        insert_rows(
            manager,
            Counties::Table,
            vec![
                Counties::Code.into_iden(),
                Counties::Name.into_iden(),
                Counties::CityCode.into_iden(),
            ],
            COUNTIES
                .iter()
                .map(|(code, name)| vec![(*code).into(), (*name).into(), "140500".into()])
                .collect(),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let codes: Vec<&str> = COUNTIES.iter().map(|(code, _)| *code).collect();
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(Counties::Table)
                    .and_where(Expr::col(Counties::Code).is_in(codes))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(Cities::Table)
                    .and_where(Expr::col(Cities::Code).eq("140500"))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(Provinces::Table)
                    .and_where(Expr::col(Provinces::Code).eq("140000"))
                    .to_owned(),
            )
            .await
    }
}

//! A survey record keeps the spatial screen's findings in its department's field as they
//! stood when the department recorded (docs/spatial.md): what the department was shown is
//! part of what it answered, and a later layer version must not rewrite it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::add_column;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, Surveys::Table, text_null(Surveys::ScreenFindings)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Surveys::Table)
                    .drop_column(Surveys::ScreenFindings)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Surveys {
    Table,
    ScreenFindings,
}

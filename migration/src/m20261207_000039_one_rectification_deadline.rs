//! The rectification deadline is the campaign's `RECTIFICATION_DONE` milestone alone: the
//! standards parameter that also held it could drift from the milestone the plans are
//! checked against, so it is dropped (docs/rules.md, "The deadline").

use sea_orm_migration::{prelude::*, schema::*};

use crate::add_column;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RuleParameters {
    Table,
    RectificationDeadline,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RuleParameters::Table)
                    .drop_column(RuleParameters::RectificationDeadline)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            RuleParameters::Table,
            date(RuleParameters::RectificationDeadline).default("2025-12-31"),
        )
        .await
    }
}

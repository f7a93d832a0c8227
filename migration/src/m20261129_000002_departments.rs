//! The departments that take part in a block's joint site survey (seed §4.3, NEW-4). The
//! plan's list ends in "等", so the list is data and `survey_participant` selects who is
//! expected at a survey.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Departments::Table)
                    .col(string_len(Departments::Code, 40).primary_key())
                    .col(string(Departments::Name))
                    .col(integer(Departments::SortOrder))
                    .col(boolean(Departments::SurveyParticipant).default(true))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Departments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Departments {
    Table,
    Code,
    Name,
    SortOrder,
    SurveyParticipant,
}

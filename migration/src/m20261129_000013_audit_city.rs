//! Audit entries name the city whose data they touch (null for deployment-wide entities such
//! as standards versions and tokens), so a city's officials read their own city's trail.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261129_000005_audit_log::AuditLog;
use crate::{add_column, create_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditCity {
    CityCode,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            AuditLog::Table,
            string_len_null(AuditCity::CityCode, 6),
        )
        .await?;
        let columns = [AuditCity::CityCode.into_iden(), AuditLog::Seq.into_iden()];
        create_index(manager, "idx_audit_city", AuditLog::Table, columns).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_audit_city")
                    .table(AuditLog::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AuditLog::Table)
                    .drop_column(AuditCity::CityCode)
                    .to_owned(),
            )
            .await
    }
}

//! Stamped scans: the PDF, JPEG or PNG of a paper the officials stamped, kept
//! with the record it belongs to (a plan revision, a survey record, a duty). The metadata
//! and the bytes are in two tables, so listing a record's scans never reads a file.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{create_index, drop_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Scans::Table)
                    .col(big_pk_auto(Scans::Id))
                    .col(string_len(Scans::RecordType, 20))
                    .col(big_integer(Scans::RecordId))
                    .col(string_len(Scans::CountyCode, 6))
                    .col(string_len(Scans::FileName, 255))
                    .col(string_len(Scans::ContentType, 40))
                    .col(big_integer(Scans::SizeBytes))
                    .col(string_len(Scans::Sha256, 64))
                    .col(string(Scans::UploadedBy))
                    .col(timestamp_with_time_zone(Scans::UploadedAt))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_scans_record",
            Scans::Table,
            [Scans::RecordType, Scans::RecordId, Scans::Id],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScanContents::Table)
                    .col(big_integer(ScanContents::ScanId).primary_key())
                    .col(blob(ScanContents::Content))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_scan_contents_scan")
                            .from(ScanContents::Table, ScanContents::ScanId)
                            .to(Scans::Table, Scans::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ScanContents::Table).to_owned())
            .await?;
        drop_index(manager, "idx_scans_record", Scans::Table).await?;
        manager
            .drop_table(Table::drop().table(Scans::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Scans {
    Table,
    Id,
    RecordType,
    RecordId,
    CountyCode,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    UploadedBy,
    UploadedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum ScanContents {
    Table,
    ScanId,
    Content,
}

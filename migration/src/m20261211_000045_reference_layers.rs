//! Reference layers (docs/spatial.md): the map a block is screened against. A layer is
//! imported whole as a new version of its kind for a city, never edited; the newest version
//! of each kind is in force and a screening names the version it read. Features keep their
//! geometry as GeoJSON text in degrees (both databases keep text) and their extent, from
//! which every instance builds its index of a version once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReferenceLayers::Table)
                    .col(
                        big_integer(ReferenceLayers::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(string_len(ReferenceLayers::CityCode, 6))
                    .col(string_len(ReferenceLayers::Kind, 32))
                    .col(string(ReferenceLayers::Name))
                    .col(string(ReferenceLayers::Source))
                    .col(string_len(ReferenceLayers::Sha256, 64))
                    .col(integer(ReferenceLayers::FeatureCount))
                    .col(string(ReferenceLayers::Reason))
                    .col(string(ReferenceLayers::CreatedBy))
                    .col(timestamp_with_time_zone(ReferenceLayers::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("reference_layers_in_force")
                    .table(ReferenceLayers::Table)
                    .col(ReferenceLayers::CityCode)
                    .col(ReferenceLayers::Kind)
                    .col(ReferenceLayers::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReferenceFeatures::Table)
                    .col(
                        big_integer(ReferenceFeatures::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(ReferenceFeatures::LayerId))
                    .col(integer(ReferenceFeatures::Ordinal))
                    .col(string(ReferenceFeatures::Name))
                    .col(string_len_null(ReferenceFeatures::Zone, 16))
                    .col(text(ReferenceFeatures::Shape))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ReferenceFeatures::Table, ReferenceFeatures::LayerId)
                            .to(ReferenceLayers::Table, ReferenceLayers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("reference_features_by_layer")
                    .table(ReferenceFeatures::Table)
                    .col(ReferenceFeatures::LayerId)
                    .col(ReferenceFeatures::Ordinal)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ReferenceFeatures::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ReferenceLayers::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub enum ReferenceLayers {
    Table,
    Id,
    CityCode,
    Kind,
    Name,
    Source,
    Sha256,
    FeatureCount,
    Reason,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum ReferenceFeatures {
    Table,
    Id,
    LayerId,
    Ordinal,
    Name,
    Zone,
    Shape,
}

//! County rectification plans (docs/rules.md): campaigns and their milestones, the plans
//! and their revisions, their entries, the mines each plan lists (one list per mine), the
//! kinds of follow-up duty and the duties of approved plans. Seeds the 2024 campaign's
//! milestones and the duty kinds of seed §4.3 (both editable data).

use chrono::NaiveDate;
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261129_000001_divisions::{Cities, Counties};
use crate::m20261129_000003_minerals_and_standards::Minerals;
use crate::m20261129_000004_mines::Mines;
use crate::m20261130_000020_blocks::Blocks;
use crate::{create_index, insert_rows};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Campaigns::Table)
                    .col(string_len(Campaigns::Code, 40).primary_key())
                    .col(string(Campaigns::Name))
                    .col(string_len(Campaigns::CityCode, 6))
                    .col(boolean(Campaigns::Current))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaigns_city")
                            .from(Campaigns::Table, Campaigns::CityCode)
                            .to(Cities::Table, Cities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Milestones::Table)
                    .col(big_pk_auto(Milestones::Id))
                    .col(string_len(Milestones::CampaignCode, 40))
                    .col(string_len(Milestones::Code, 40))
                    .col(string(Milestones::Name))
                    .col(date(Milestones::DueOn))
                    // What the system measures a county by against this milestone:
                    // LISTS_FILED, PLAN_SUBMITTED, RECTIFICATION_DONE, or NONE (city-level).
                    .col(string_len(Milestones::Measure, 30))
                    .col(integer(Milestones::SortOrder))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_milestones_campaign")
                            .from(Milestones::Table, Milestones::CampaignCode)
                            .to(Campaigns::Table, Campaigns::Code),
                    )
                    .index(
                        Index::create()
                            .name("uq_milestones_campaign_code")
                            .col(Milestones::CampaignCode)
                            .col(Milestones::Code)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CountyPlans::Table)
                    .col(big_pk_auto(CountyPlans::Id))
                    .col(string_len(CountyPlans::CountyCode, 6))
                    .col(string_len(CountyPlans::CampaignCode, 40))
                    .col(integer(CountyPlans::Revision))
                    .col(string_len(CountyPlans::Status, 20))
                    .col(big_integer_null(CountyPlans::RevisesId))
                    // county:campaign while the plan is open (draft, submitted, returned),
                    // null otherwise: a unique index keeps one open plan per county and
                    // campaign, even against two concurrent creations.
                    .col(string_len_null(CountyPlans::OpenSlot, 60))
                    .col(text_null(CountyPlans::Comments))
                    .col(timestamp_with_time_zone_null(CountyPlans::FirstSubmittedAt))
                    .col(timestamp_with_time_zone_null(CountyPlans::SubmittedAt))
                    .col(timestamp_with_time_zone_null(CountyPlans::DecidedAt))
                    .col(string_null(CountyPlans::DecidedBy))
                    .col(date_null(CountyPlans::ApprovedOn))
                    .col(timestamp_with_time_zone_null(CountyPlans::SupersededAt))
                    .col(integer(CountyPlans::Version))
                    .col(string(CountyPlans::CreatedBy))
                    .col(timestamp_with_time_zone(CountyPlans::CreatedAt))
                    .col(timestamp_with_time_zone(CountyPlans::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_county_plans_county")
                            .from(CountyPlans::Table, CountyPlans::CountyCode)
                            .to(Counties::Table, Counties::Code),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_county_plans_campaign")
                            .from(CountyPlans::Table, CountyPlans::CampaignCode)
                            .to(Campaigns::Table, Campaigns::Code),
                    )
                    .index(
                        Index::create()
                            .name("uq_county_plans_open_slot")
                            .col(CountyPlans::OpenSlot)
                            .unique(),
                    )
                    .index(
                        Index::create()
                            .name("uq_county_plans_revision")
                            .col(CountyPlans::CountyCode)
                            .col(CountyPlans::CampaignCode)
                            .col(CountyPlans::Revision)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_county_plans_status",
            CountyPlans::Table,
            [CountyPlans::Status, CountyPlans::CountyCode],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlanEntries::Table)
                    .col(big_pk_auto(PlanEntries::Id))
                    .col(big_integer(PlanEntries::PlanId))
                    .col(string_len(PlanEntries::Kind, 30))
                    .col(big_integer_null(PlanEntries::MineId))
                    .col(big_integer_null(PlanEntries::BlockId))
                    .col(string_len_null(PlanEntries::Method, 20))
                    .col(date_null(PlanEntries::CloseBy))
                    .col(date_null(PlanEntries::RestorationDueBy))
                    .col(double_null(PlanEntries::TargetScale))
                    .col(double_null(PlanEntries::RecoverableReserves))
                    .col(date_null(PlanEntries::CompleteBy))
                    .col(text_null(PlanEntries::Measures))
                    .col(date_null(PlanEntries::SafetyFacilitiesBy))
                    .col(date_null(PlanEntries::LicenceChangeBy))
                    .col(string_null(PlanEntries::UnifiedName))
                    .col(string_null(PlanEntries::UnifiedHolder))
                    .col(big_integer_null(PlanEntries::UnifiedMineId))
                    .col(integer_null(PlanEntries::TransferYear))
                    .col(text_null(PlanEntries::Task))
                    .col(string_null(PlanEntries::Unit))
                    .col(date_null(PlanEntries::DueBy))
                    .col(string_len_null(PlanEntries::MineralCode, 40))
                    .col(double_null(PlanEntries::AnnualDemand))
                    .col(integer_null(PlanEntries::HorizonYears))
                    .col(text_null(PlanEntries::Note))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_entries_plan")
                            .from(PlanEntries::Table, PlanEntries::PlanId)
                            .to(CountyPlans::Table, CountyPlans::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_entries_mine")
                            .from(PlanEntries::Table, PlanEntries::MineId)
                            .to(Mines::Table, Mines::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_entries_block")
                            .from(PlanEntries::Table, PlanEntries::BlockId)
                            .to(Blocks::Table, Blocks::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_entries_mineral")
                            .from(PlanEntries::Table, PlanEntries::MineralCode)
                            .to(Minerals::Table, Minerals::Code),
                    )
                    // A block is proposed once per plan; a mineral forecast once per plan.
                    .index(
                        Index::create()
                            .name("uq_plan_entries_block")
                            .col(PlanEntries::PlanId)
                            .col(PlanEntries::BlockId)
                            .unique(),
                    )
                    .index(
                        Index::create()
                            .name("uq_plan_entries_forecast")
                            .col(PlanEntries::PlanId)
                            .col(PlanEntries::MineralCode)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_plan_entries_plan",
            PlanEntries::Table,
            [PlanEntries::PlanId, PlanEntries::Id],
        )
        .await?;
        create_index(
            manager,
            "idx_plan_entries_block",
            PlanEntries::Table,
            [PlanEntries::BlockId],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlanMines::Table)
                    .col(big_integer(PlanMines::PlanId))
                    .col(big_integer(PlanMines::EntryId))
                    .col(big_integer(PlanMines::MineId))
                    .primary_key(
                        Index::create()
                            .col(PlanMines::PlanId)
                            .col(PlanMines::MineId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_mines_entry")
                            .from(PlanMines::Table, PlanMines::EntryId)
                            .to(PlanEntries::Table, PlanEntries::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_plan_mines_mine")
                            .from(PlanMines::Table, PlanMines::MineId)
                            .to(Mines::Table, Mines::Id),
                    )
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_plan_mines_entry",
            PlanMines::Table,
            [PlanMines::EntryId],
        )
        .await?;
        create_index(
            manager,
            "idx_plan_mines_mine",
            PlanMines::Table,
            [PlanMines::MineId],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(DutyKinds::Table)
                    .col(string_len(DutyKinds::Code, 40).primary_key())
                    .col(string(DutyKinds::Name))
                    .col(string(DutyKinds::Routes))
                    .col(boolean(DutyKinds::LicensedOnly))
                    .col(boolean(DutyKinds::ValidLicenceOnly))
                    .col(string_len(DutyKinds::DueField, 30))
                    .col(string_len(DutyKinds::Completes, 30))
                    .col(string_len(DutyKinds::Performer, 30))
                    .col(integer(DutyKinds::SortOrder))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Duties::Table)
                    .col(big_pk_auto(Duties::Id))
                    .col(big_integer(Duties::PlanId))
                    .col(big_integer(Duties::EntryId))
                    .col(big_integer_null(Duties::MineId))
                    .col(string_len(Duties::CountyCode, 6))
                    .col(string_len(Duties::Kind, 40))
                    .col(string(Duties::Responsible))
                    .col(date(Duties::DueBy))
                    .col(date_null(Duties::DoneOn))
                    .col(text_null(Duties::Note))
                    .col(string_len_null(Duties::AmountWanYuan, 40))
                    .col(integer(Duties::Version))
                    .col(timestamp_with_time_zone(Duties::CreatedAt))
                    .col(timestamp_with_time_zone(Duties::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_duties_plan")
                            .from(Duties::Table, Duties::PlanId)
                            .to(CountyPlans::Table, CountyPlans::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_duties_entry")
                            .from(Duties::Table, Duties::EntryId)
                            .to(PlanEntries::Table, PlanEntries::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_duties_kind")
                            .from(Duties::Table, Duties::Kind)
                            .to(DutyKinds::Table, DutyKinds::Code),
                    )
                    .index(
                        Index::create()
                            .name("uq_duties_entry_kind_mine")
                            .col(Duties::EntryId)
                            .col(Duties::Kind)
                            .col(Duties::MineId)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_duties_plan", vec![Duties::PlanId, Duties::Id]),
            (
                "idx_duties_open",
                vec![Duties::CountyCode, Duties::DoneOn, Duties::DueBy],
            ),
        ] {
            create_index(manager, name, Duties::Table, columns).await?;
        }
        seed(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Duties::Table.into_iden(),
            DutyKinds::Table.into_iden(),
            PlanMines::Table.into_iden(),
            PlanEntries::Table.into_iden(),
            CountyPlans::Table.into_iden(),
            Milestones::Table.into_iden(),
            Campaigns::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// The 2024 campaign of 晋市政办〔2024〕41号 and its milestones (seed §4), and the duty
/// kinds of seed §4.3 plus the upgrade and integration milestones.
async fn seed(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    insert_rows(
        manager,
        Campaigns::Table,
        vec![
            Campaigns::Code.into_iden(),
            Campaigns::Name.into_iden(),
            Campaigns::CityCode.into_iden(),
            Campaigns::Current.into_iden(),
        ],
        vec![vec![
            "JC-2024".into(),
            "晋城市非煤矿山综合整治提升（晋市政办〔2024〕41号）".into(),
            "140500".into(),
            true.into(),
        ]],
    )
    .await?;
    // (code, name, due, what a county is measured by)
    let milestones = [
        (
            "SURVEY_AND_LISTS",
            "摸底调查完成、三个一批名单确定",
            (2024, 12, 31),
            "LISTS_FILED",
        ),
        (
            "COUNTY_PLANS",
            "各县（市、区）工作计划报市政府审批",
            (2025, 1, 31),
            "PLAN_SUBMITTED",
        ),
        (
            "RECTIFICATION_DONE",
            "综合整治提升工作完成",
            (2025, 12, 31),
            "RECTIFICATION_DONE",
        ),
        (
            "TASK_FORCE_DISSOLVED",
            "工作专班任务完成后撤销",
            (2025, 12, 31),
            "NONE",
        ),
    ];
    insert_rows(
        manager,
        Milestones::Table,
        vec![
            Milestones::CampaignCode.into_iden(),
            Milestones::Code.into_iden(),
            Milestones::Name.into_iden(),
            Milestones::DueOn.into_iden(),
            Milestones::Measure.into_iden(),
            Milestones::SortOrder.into_iden(),
        ],
        milestones
            .iter()
            .enumerate()
            .map(|(i, (code, name, (year, month, day), measure))| {
                vec![
                    "JC-2024".into(),
                    (*code).into(),
                    (*name).into(),
                    NaiveDate::from_ymd_opt(*year, *month, *day).into(),
                    (*measure).into(),
                    (i as i32 + 1).into(),
                ]
            })
            .collect(),
    )
    .await?;
    // (code, name, routes, licensed only, valid licence only, due by, completes, performer)
    let kinds = [
        (
            "MINE_CLOSED",
            "关闭到位（停止开采、拆除设施）",
            "CLOSE,EXIT",
            false,
            false,
            "CLOSE_BY",
            "CLOSES_MINE",
            "HOLDER",
        ),
        (
            "LICENCE_CANCELLATION",
            "注销采矿许可证",
            "CLOSE,EXIT",
            true,
            false,
            "CLOSE_BY",
            "RECORD",
            "LICENSING_AUTHORITY",
        ),
        (
            "SETTLEMENT",
            "妥善处置相关利益关系（补偿或退还价款）",
            "EXIT",
            true,
            true,
            "CLOSE_BY",
            "RECORD",
            "COUNTY",
        ),
        (
            "CLOSURE_REPORT",
            "编制闭坑报告",
            "CLOSE,EXIT",
            false,
            false,
            "RESTORATION_DUE_BY",
            "RECORD",
            "HOLDER",
        ),
        (
            "LAND_RECLAMATION",
            "土地复垦",
            "CLOSE,EXIT",
            false,
            false,
            "RESTORATION_DUE_BY",
            "RECORD",
            "HOLDER",
        ),
        (
            "ENVIRONMENT_RESTORATION",
            "矿山地质环境恢复治理",
            "CLOSE,EXIT",
            false,
            false,
            "RESTORATION_DUE_BY",
            "RECORD",
            "HOLDER",
        ),
        (
            "SAFETY_FACILITIES",
            "安全设施“三同时”（同时设计、同时施工、同时投入使用）",
            "UPGRADE",
            false,
            false,
            "SAFETY_FACILITIES_BY",
            "RECORD",
            "HOLDER",
        ),
        (
            "LICENCE_SCALE_CHANGE",
            "采矿许可证生产规模变更",
            "UPGRADE",
            true,
            false,
            "LICENCE_CHANGE_BY",
            "RECORD",
            "LICENSING_AUTHORITY",
        ),
        (
            "INTEGRATION_COMPLETED",
            "整合重组完成（五统一）",
            "INTEGRATION",
            false,
            false,
            "COMPLETE_BY",
            "UNIFIES_GROUP",
            "HOLDER",
        ),
    ];
    insert_rows(
        manager,
        DutyKinds::Table,
        vec![
            DutyKinds::Code.into_iden(),
            DutyKinds::Name.into_iden(),
            DutyKinds::Routes.into_iden(),
            DutyKinds::LicensedOnly.into_iden(),
            DutyKinds::ValidLicenceOnly.into_iden(),
            DutyKinds::DueField.into_iden(),
            DutyKinds::Completes.into_iden(),
            DutyKinds::Performer.into_iden(),
            DutyKinds::SortOrder.into_iden(),
        ],
        kinds
            .iter()
            .enumerate()
            .map(
                |(i, (code, name, routes, licensed, valid, due, completes, performer))| {
                    vec![
                        (*code).into(),
                        (*name).into(),
                        (*routes).into(),
                        (*licensed).into(),
                        (*valid).into(),
                        (*due).into(),
                        (*completes).into(),
                        (*performer).into(),
                        (i as i32 + 1).into(),
                    ]
                },
            )
            .collect(),
    )
    .await
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Campaigns {
    Table,
    Code,
    Name,
    CityCode,
    Current,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Milestones {
    Table,
    Id,
    CampaignCode,
    Code,
    Name,
    DueOn,
    Measure,
    SortOrder,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum CountyPlans {
    Table,
    Id,
    CountyCode,
    CampaignCode,
    Revision,
    Status,
    RevisesId,
    OpenSlot,
    Comments,
    FirstSubmittedAt,
    SubmittedAt,
    DecidedAt,
    DecidedBy,
    ApprovedOn,
    SupersededAt,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum PlanEntries {
    Table,
    Id,
    PlanId,
    Kind,
    MineId,
    BlockId,
    Method,
    CloseBy,
    RestorationDueBy,
    TargetScale,
    RecoverableReserves,
    CompleteBy,
    Measures,
    SafetyFacilitiesBy,
    LicenceChangeBy,
    UnifiedName,
    UnifiedHolder,
    UnifiedMineId,
    TransferYear,
    Task,
    Unit,
    DueBy,
    MineralCode,
    AnnualDemand,
    HorizonYears,
    Note,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum PlanMines {
    Table,
    PlanId,
    EntryId,
    MineId,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum DutyKinds {
    Table,
    Code,
    Name,
    Routes,
    LicensedOnly,
    ValidLicenceOnly,
    DueField,
    Completes,
    Performer,
    SortOrder,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Duties {
    Table,
    Id,
    PlanId,
    EntryId,
    MineId,
    CountyCode,
    Kind,
    Responsible,
    DueBy,
    DoneOn,
    Note,
    AmountWanYuan,
    Version,
    CreatedAt,
    UpdatedAt,
}

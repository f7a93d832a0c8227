//! Two corrections of seeded reference data (docs/rules.md):
//! - Completing the licence's scale change after an upgrade sets the mine's licensed scale
//!   to the upgrade's target. Until now it only recorded the date, and the registry kept
//!   the old scale, so the caps and the next assessment read a licence that had changed.
//! - The building-stone deposit standard's source said there is no national standard.
//!   DZ/T 0400-2022 and DZ/T 0341-2020 (appendix F) classify building-stone deposits; the
//!   figure stays the city's to enter from them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const LOCAL_SOURCE: &str = "无国家标准，由市里确定（暂缺）";
const STONE_DEPOSIT_SOURCE: &str =
    "DZ/T 0400-2022、DZ/T 0341-2020 附录F 规定建筑用石料矿床规模划分，数值待市里按标准录入（暂缺）";

/// (kind's completion before, after) and (the stone source before, after), applied in order.
fn statements(forward: bool) -> [String; 2] {
    let (old_completes, new_completes) = if forward {
        ("RECORD", "SETS_LICENSED_SCALE")
    } else {
        ("SETS_LICENSED_SCALE", "RECORD")
    };
    let (old_source, new_source) = if forward {
        (LOCAL_SOURCE, STONE_DEPOSIT_SOURCE)
    } else {
        (STONE_DEPOSIT_SOURCE, LOCAL_SOURCE)
    };
    [
        format!(
            "UPDATE duty_kinds SET completes = '{new_completes}' \
             WHERE code = 'LICENCE_SCALE_CHANGE' AND completes = '{old_completes}'"
        ),
        format!(
            "UPDATE scale_thresholds SET source = '{new_source}' \
             WHERE mineral_code = 'BUILDING_STONE' AND kind = 'DEPOSIT' \
             AND source = '{old_source}'"
        ),
    ]
}

async fn run(manager: &SchemaManager<'_>, forward: bool) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for statement in statements(forward) {
        db.execute_unprepared(&statement).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, false).await
    }
}

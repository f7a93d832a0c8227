//! The places held in the closure balance and the caps, recounted from the entries.
//!
//! Before re-announcing an unsold block took a place again, an entry could be announced
//! (and sold) again without holding one, and simultaneous give-backs on PostgreSQL could
//! take a counter below the entries holding places. Every entry's `holds_place` is set
//! from its state (standing and not unsold), and every counter from the entries that hold
//! a place, so that the counters equal the entries from here on. The counts may then show
//! more new mines than closures where that already happened: they say what is true.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const HOLDS: &str = "UPDATE transfer_entries SET holds_place = \
    (withdrawn_at IS NULL AND (outcome IS NULL OR outcome <> 'UNSOLD'))";

const RECOUNT: &str = "INSERT INTO places_held (scope, new_mines, scale) \
    SELECT 'balance:' || c.city_code, COUNT(*), 0.0 FROM transfer_entries e \
        JOIN counties c ON c.code = e.county_code WHERE e.holds_place GROUP BY c.city_code \
    UNION ALL SELECT 'balance:' || e.county_code, COUNT(*), 0.0 FROM transfer_entries e \
        WHERE e.holds_place GROUP BY e.county_code \
    UNION ALL SELECT 'cap:' || e.mineral_code || ':' || c.city_code, 0, SUM(e.designed_scale) \
        FROM transfer_entries e JOIN counties c ON c.code = e.county_code \
        WHERE e.holds_place GROUP BY e.mineral_code, c.city_code \
    UNION ALL SELECT 'cap:' || e.mineral_code || ':' || e.county_code, 0, SUM(e.designed_scale) \
        FROM transfer_entries e WHERE e.holds_place GROUP BY e.mineral_code, e.county_code";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(HOLDS).await?;
        db.execute_unprepared("DELETE FROM places_held").await?;
        db.execute_unprepared(RECOUNT).await?;
        Ok(())
    }

    /// The recount is a repair, right under either version of the code: nothing to undo.
    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}

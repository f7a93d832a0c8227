//! `seed-synthetic`: a valid, reproducible registry where every disposition and every rule
//! of the assessment appears, spread over the counties asked for.

use entity::{audit_log, county, mine};
use mineright::synthetic::{SyntheticPlan, seed};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{TestApp, assert_every_disposition_and_rule};

#[tokio::test]
async fn synthetic_mines_show_every_disposition_and_rule_over_new_counties() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let clock = app.state.clock.as_ref();
    let plan = SyntheticPlan {
        mines: 3_000,
        counties: 12,
        seed: 42,
    };
    let mut reported = Vec::new();
    let added = seed(db, clock, plan, |done, total| reported.push((done, total)))
        .await
        .expect("seeded");
    assert_eq!(added, 3_000);
    assert_eq!(reported.last(), Some(&(3_000, 3_000)));
    assert_eq!(mine::Entity::find().count(db).await.expect("count"), 3_000);
    let synthetic_counties = county::Entity::find()
        .filter(county::Column::CityCode.eq("149100"))
        .count(db)
        .await
        .expect("counties");
    assert_eq!(synthetic_counties, 6, "six counties beyond 晋城市's six");
    let audit = audit_log::Entity::find().count(db).await.expect("audit");
    assert!(audit >= 1, "the batch is audited");

    let assessed = assert_every_disposition_and_rule(&app.state, "the synthetic mines").await;
    assert_eq!(assessed, 3_000);

    // A second run adds new mines with new licence numbers.
    let again = seed(db, clock, SyntheticPlan { mines: 500, ..plan }, |_, _| {})
        .await
        .expect("seeded twice");
    assert_eq!(again, 500);
    assert_eq!(mine::Entity::find().count(db).await.expect("count"), 3_500);
}

//! Use cases compose: their cores run in one caller's transaction and commit or roll back
//! together, audit entries included.

use entity::{audit_log, mine};
use mineright::domain::access::{Caller, Role};
use mineright::error::AppError;
use mineright::infra::writes::in_write;
use mineright::service::mines;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::TestApp;

fn city_admin() -> Caller {
    Caller {
        sub: "test-composer".into(),
        role: Role::CityAdmin,
        city: Some("140500".into()),
        county: None,
        department: None,
        jti: "test-composer".into(),
    }
}

async fn counts(app: &TestApp) -> (u64, u64) {
    let db = &app.state.db;
    let mines = mine::Entity::find().count(db).await.expect("mines counted");
    let audit = audit_log::Entity::find()
        .count(db)
        .await
        .expect("audit counted");
    (mines, audit)
}

#[tokio::test]
async fn cores_in_one_transaction_commit_together() {
    let app = TestApp::spawn().await;
    let clock = app.state.clock.as_ref();
    let caller = city_admin();
    let drafts = mineright::demo::drafts(clock.today());
    let before = counts(&app).await;
    let stored = in_write(&app.state.db, async |tx| {
        let created = mines::create_in(tx, clock, &caller, drafts[0].clone()).await?;
        mines::update_in(
            tx,
            clock,
            &caller,
            created.id,
            created.version,
            |mut draft| {
                draft.name = "合并后的名称".into();
                Ok(draft)
            },
        )
        .await
    })
    .await
    .expect("both steps commit");
    assert_eq!((stored.name.as_str(), stored.version), ("合并后的名称", 2));
    assert_eq!(counts(&app).await, (before.0 + 1, before.1 + 2));
}

#[tokio::test]
async fn a_failing_step_rolls_back_every_step_before_it() {
    let app = TestApp::spawn().await;
    let clock = app.state.clock.as_ref();
    let caller = city_admin();
    let drafts = mineright::demo::drafts(clock.today());
    let before = counts(&app).await;
    let refused = in_write(&app.state.db, async |tx| {
        let first = mines::create_in(tx, clock, &caller, drafts[0].clone()).await?;
        mines::create_in(tx, clock, &caller, drafts[1].clone()).await?;
        mines::archive_in(tx, clock, &caller, first.id, "  ").await
    })
    .await;
    match refused {
        Err(AppError::Invalid(problems)) => assert_eq!(problems[0].field, "reason"),
        other => panic!("expected a refusal naming reason, got {other:?}"),
    }
    assert_eq!(counts(&app).await, before, "nothing of the batch is stored");
}

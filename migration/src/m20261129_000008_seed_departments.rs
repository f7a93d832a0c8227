//! Reference data: the 16 participants of the pre-transfer joint site survey (seed §4.3),
//! in the order the plan names them.

use sea_orm_migration::prelude::*;

use crate::insert_rows;
use crate::m20261129_000002_departments::Departments;

const DEPARTMENTS: [(&str, &str); 16] = [
    ("DEVELOPMENT_REFORM", "发改"),
    ("APPROVAL_SERVICES", "审批"),
    ("INDUSTRY_IT", "工信"),
    ("NATURAL_RESOURCES", "自然资源"),
    ("ECOLOGY_ENVIRONMENT", "生态环境"),
    ("HOUSING_CONSTRUCTION", "住建"),
    ("HIGHWAYS", "公路"),
    ("TRANSPORT", "交通"),
    ("POWER", "电力"),
    ("WATER", "水务"),
    ("CULTURE_TOURISM", "文旅"),
    ("RADIO_TV", "广电"),
    ("EMERGENCY", "应急"),
    ("FORESTRY", "林业"),
    ("TOWNSHIP", "乡镇"),
    ("VILLAGE_COMMITTEE", "村委"),
];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        insert_rows(
            manager,
            Departments::Table,
            vec![
                Departments::Code.into_iden(),
                Departments::Name.into_iden(),
                Departments::SortOrder.into_iden(),
                Departments::SurveyParticipant.into_iden(),
            ],
            DEPARTMENTS
                .iter()
                .zip(1..)
                .map(|((code, name), order): (&(&str, &str), i32)| {
                    vec![(*code).into(), (*name).into(), order.into(), true.into()]
                })
                .collect(),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(Query::delete().from_table(Departments::Table).to_owned())
            .await
    }
}

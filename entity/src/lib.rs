//! sea-orm models of mineright's tables: plain data, no rules and no GraphQL.
//!
//! Enumerated columns are stored as their stable codes (`PRODUCING`, `OPEN_PIT`, …); the
//! domain layer parses them, so a bad value in the database is caught in one place.

pub mod admission_setting;
pub mod assessment_mark;
pub mod audit_head;
pub mod audit_log;
pub mod block;
pub mod campaign;
pub mod city;
pub mod coordinated_group;
pub mod coordinated_group_mine;
pub mod county;
pub mod county_plan;
pub mod department;
pub mod duty;
pub mod duty_kind;
pub mod integration_distance;
pub mod lease;
pub mod milestone;
pub mod mine;
pub mod mine_assessment;
pub mod mine_assessment_rule;
pub mod mine_count;
pub mod mineral;
pub mod outcome_report;
pub mod persisted_query;
pub mod place_held;
pub mod plan_entry;
pub mod plan_mine;
pub mod plan_snapshot;
pub mod planning_cap;
pub mod province;
pub mod provincial_minimum;
pub mod reference_feature;
pub mod reference_layer;
pub mod revoked_token;
pub mod rule_parameters;
pub mod scale_threshold;
pub mod scan;
pub mod scan_content;
pub mod standards_version;
pub mod survey;
pub mod transfer_entry;
pub mod transfer_plan;
pub mod webhook_delivery;

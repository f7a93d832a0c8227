//! The operations the audit trail records, each with the kind of record it changes: an
//! entry's `operation` and `entity` are written from here, so the trail cannot name an
//! operation the API does not have, and a reader can filter on a closed list.

use crate::domain::codes::coded_enum;

coded_enum!(
    /// A mutation as the audit trail names it: the GraphQL mutation's name (or the command's).
    Operation {
        CreateMine => "createMine",
        UpdateMine => "updateMine",
        ArchiveMine => "archiveMine",
        ImportMines => "importMines",
        SeedSynthetic => "seedSynthetic",
        UnifyMines => "unifyMines",
        CreateBlock => "createBlock",
        UpdateBlock => "updateBlock",
        ConfirmCleanMine => "confirmCleanMine",
        RecordDelegation => "recordDelegation",
        RecordSurvey => "recordSurvey",
        AdmitBlock => "admitBlock",
        WithdrawBlock => "withdrawBlock",
        ReportTransferOutcome => "reportTransferOutcome",
        RegisterSoldBlock => "registerSoldBlock",
        ApproveTransferPlan => "approveTransferPlan",
        UpdateAdmissionSettings => "updateAdmissionSettings",
        SetPlanningCap => "setPlanningCap",
        CreateCampaign => "createCampaign",
        UpdateMilestone => "updateMilestone",
        CompleteDuty => "completeDuty",
        CreateCountyPlan => "createCountyPlan",
        AddClosureEntry => "addClosureEntry",
        AddUpgradeEntry => "addUpgradeEntry",
        AddIntegrationGroup => "addIntegrationGroup",
        JoinCoordinatedGroup => "joinCoordinatedGroup",
        CoordinateIntegration => "coordinateIntegration",
        AddNewMineEntry => "addNewMineEntry",
        AddResponsibility => "addResponsibility",
        AddDemandForecast => "addDemandForecast",
        RemovePlanEntry => "removePlanEntry",
        FileCountyLists => "fileCountyLists",
        SubmitCountyPlan => "submitCountyPlan",
        RecallCountyPlan => "recallCountyPlan",
        ApproveCountyPlan => "approveCountyPlan",
        ReturnCountyPlan => "returnCountyPlan",
        ReviseCountyPlan => "reviseCountyPlan",
        SupersedeCountyPlan => "supersedeCountyPlan",
        ImportAttachment => "importAttachment",
        AttachScan => "attachScan",
        UpdateStandards => "updateStandards",
        SetMineralAuthority => "setMineralAuthority",
        RevokeToken => "revokeToken",
        ImportReferenceLayer => "importReferenceLayer",
    }
);

impl Operation {
    /// The kind of record the operation changes. A duty or a group that closes a mine
    /// also changes that mine: that entry is recorded on [`MINE`].
    pub fn entity(self) -> &'static str {
        use Operation::*;
        match self {
            CreateMine | UpdateMine | ArchiveMine | ImportMines | SeedSynthetic | UnifyMines => {
                MINE
            }
            CreateBlock | UpdateBlock | ConfirmCleanMine | RecordDelegation => "Block",
            RecordSurvey => "Survey",
            AdmitBlock | WithdrawBlock | ReportTransferOutcome | RegisterSoldBlock => {
                "TransferPlanEntry"
            }
            ApproveTransferPlan => "TransferPlan",
            UpdateAdmissionSettings => "AdmissionSettings",
            SetPlanningCap => "PlanningCap",
            CreateCampaign => "Campaign",
            UpdateMilestone => "Milestone",
            CompleteDuty => "Duty",
            CoordinateIntegration => "CoordinatedGroup",
            CreateCountyPlan | AddClosureEntry | AddUpgradeEntry | AddIntegrationGroup
            | JoinCoordinatedGroup | AddNewMineEntry | AddResponsibility | AddDemandForecast
            | RemovePlanEntry | FileCountyLists | SubmitCountyPlan | RecallCountyPlan
            | ApproveCountyPlan | ReturnCountyPlan | ReviseCountyPlan | SupersedeCountyPlan
            | ImportAttachment => "CountyPlan",
            AttachScan => "Scan",
            UpdateStandards => "StandardsVersion",
            SetMineralAuthority => "Mineral",
            RevokeToken => "Token",
            ImportReferenceLayer => "ReferenceLayer",
        }
    }
}

/// The entity of a mine record (also where a closing consequence is recorded).
pub const MINE: &str = "Mine";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_has_its_own_name_and_an_entity() {
        let names: std::collections::HashSet<&str> =
            Operation::ALL.iter().map(|op| op.code()).collect();
        assert_eq!(names.len(), Operation::ALL.len());
        assert_eq!(Operation::AdmitBlock.entity(), "TransferPlanEntry");
        assert_eq!(Operation::SubmitCountyPlan.entity(), "CountyPlan");
        assert_eq!(Operation::UnifyMines.entity(), MINE);
    }
}

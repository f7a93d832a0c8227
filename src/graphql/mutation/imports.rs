//! Uploads (multipart, `MINERIGHT_UPLOAD_LIMIT`): `importMines` and `importAttachment` read
//! the officials' tables; `importReferenceLayer` a map layer; `attachScan` keeps a stamped
//! scan with its record.

use async_graphql::{Context, ID, Object, Upload};

use crate::error::AppError;
use crate::graphql::context::{app, viewer};
use crate::graphql::query::parse_id;
use crate::graphql::types::enums::ScanRecord;
use crate::graphql::types::import::ImportReport;
use crate::graphql::types::layer::{LayerKind, ReferenceLayer};
use crate::graphql::types::scan::Scan;
use crate::service::imports::{attachments, mines};
use crate::service::layers;
use crate::service::require;
use crate::service::scans;
use crate::service::uploads;

#[derive(Default)]
pub struct ImportMutation;

/// The uploaded file, to be read by the use case once it holds an upload place.
fn upload_of(ctx: &Context<'_>, file: &Upload) -> async_graphql::Result<uploads::Upload> {
    let value = file
        .value(ctx)
        .map_err(|_| AppError::invalid("file", "上传的文件无法读取"))?;
    let name = value.filename.clone();
    Ok(uploads::Upload::from_reader(
        name,
        Box::new(value.into_read()),
    ))
}

#[Object]
impl ImportMutation {
    /// Imports the mine registry workbook (the registry's columns; XLSX, XLS, ODS or CSV):
    /// mines are matched by licence number, so a re-import changes nothing. A dry run
    /// reports per row and writes nothing; a commit writes all or nothing.
    async fn import_mines(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The registry workbook: XLSX, XLS, ODS or CSV.")] file: Upload,
        #[graphql(
            default_with = "Some(false)",
            desc = "Whether only to report what the import would do, writing nothing."
        )]
        dry_run: Option<bool>,
    ) -> async_graphql::Result<ImportReport> {
        require(viewer(ctx))?;
        let upload = upload_of(ctx, &file)?;
        Ok(
            mines::import(app(ctx)?, viewer(ctx), upload, dry_run.unwrap_or(false))
                .await?
                .into(),
        )
    }

    /// Imports attachment 2 (close/exit list), 3 (upgrade list) or 4 (proposed new mines)
    /// of a county plan, as the county filled it in, into that plan while it is drafted:
    /// each row through the same checks as adding its entry by hand; a row the plan
    /// already holds is unchanged. A dry run writes nothing; a commit all or nothing.
    async fn import_attachment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Id of the plan revision being drafted.")] plan_id: ID,
        #[graphql(desc = "Which attachment the file holds: 2, 3 or 4.")] attachment: i32,
        #[graphql(desc = "The attachment as the county filled it in.")] file: Upload,
        #[graphql(
            default_with = "Some(false)",
            desc = "Whether only to report what the import would do, writing nothing."
        )]
        dry_run: Option<bool>,
    ) -> async_graphql::Result<ImportReport> {
        require(viewer(ctx))?;
        let id = parse_id(&plan_id, "planId")?;
        let upload = upload_of(ctx, &file)?;
        Ok(attachments::import(
            app(ctx)?,
            viewer(ctx),
            id,
            attachment,
            upload,
            dry_run.unwrap_or(false),
        )
        .await?
        .into())
    }

    /// Imports a reference layer (GeoJSON in degrees, or a zipped shapefile with its .prj) as
    /// the new version of its kind in the city: refused whole, naming the feature and the
    /// reason, if any feature is bad. Blocks are screened against it at once.
    async fn import_reference_layer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What the layer's features are.")] kind: LayerKind,
        #[graphql(desc = "The layer's name, as it will be shown.")] name: String,
        #[graphql(desc = "Why this version replaces the one in force (its source, its date).")]
        reason: String,
        #[graphql(
            desc = "The layer: a GeoJSON FeatureCollection, or a zipped shapefile (.shp, .dbf, .prj, .cpg)."
        )]
        file: Upload,
        #[graphql(desc = "The city (six-digit code); the caller's own when omitted.")]
        city_code: Option<String>,
    ) -> async_graphql::Result<ReferenceLayer> {
        require(viewer(ctx))?;
        let upload = upload_of(ctx, &file)?;
        let new = layers::NewLayer {
            kind: kind.into(),
            name,
            reason,
        };
        Ok(ReferenceLayer(
            layers::import(app(ctx)?, viewer(ctx), city_code.as_deref(), new, upload).await?,
        ))
    }

    /// Keeps a stamped scan (PDF, JPEG or PNG, told by its content) with a plan revision,
    /// a survey record or a duty; its SHA-256 goes to the audit trail.
    async fn attach_scan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The kind of record the scan belongs to.")] record: ScanRecord,
        #[graphql(desc = "Id of that record.")] record_id: ID,
        #[graphql(desc = "The stamped scan: a PDF, JPEG or PNG file.")] file: Upload,
    ) -> async_graphql::Result<Scan> {
        require(viewer(ctx))?;
        let id = parse_id(&record_id, "recordId")?;
        let upload = upload_of(ctx, &file)?;
        Ok(Scan(
            scans::attach(app(ctx)?, viewer(ctx), (record.into(), id), upload).await?,
        ))
    }
}

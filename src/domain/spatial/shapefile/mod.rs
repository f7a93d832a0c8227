//! A reference layer as a zipped ESRI Shapefile (docs/spatial.md, "Reference layers"): the
//! form most planning and land data reach a city in. The zip holds one `.shp` (the shapes),
//! its `.dbf` (attributes: a feature's name and zone), its `.prj` (the coordinate system,
//! required) and perhaps a `.cpg` (the attributes' encoding; GBK where none says).
//!
//! The shapes become GeoJSON features in degrees and are then checked as a GeoJSON layer
//! is ([`super::layer_file`]). Coordinates are accepted in geographic CGCS2000 or WGS84, or
//! in a CGCS2000 3° Gauss-Krüger zone (with or without the zone number before Y), which is
//! converted. Every length read from the file is checked against the bytes present before
//! anything is allocated, and the unpacked parts are capped, so a hostile file costs time
//! and memory linear in its size.

use std::io::{Cursor, Read};

use geojson::{Feature, Geometry, JsonObject};
use zip::ZipArchive;

use super::layer::LayerProblem;

mod dbf;
mod prj;
mod shp;

use dbf::{Attributes, attributes};
use prj::crs;
use shp::shapes;

/// The most the parts read from a zip may unpack to, together.
pub const MAX_UNPACKED: u64 = 128 * 1024 * 1024;

/// Whether `bytes` are a zip (a shapefile's container) rather than GeoJSON text.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The parts of one layer, read from the zip.
#[derive(Default)]
struct Parts {
    shp: Vec<u8>,
    dbf: Option<Vec<u8>>,
    prj: Option<Vec<u8>>,
    cpg: Option<Vec<u8>>,
}

/// The features of a zipped shapefile, in degrees, each with its `name` and `zone`
/// properties where the attributes hold them.
pub fn features(bytes: &[u8]) -> Result<Vec<Feature>, LayerProblem> {
    let parts = unzip(bytes).map_err(LayerProblem::file)?;
    let prj = parts.prj.as_deref().ok_or_else(|| {
        LayerProblem::file("压缩包缺少坐标系文件（.prj），无法确定坐标：请与 .shp 一并打包")
    })?;
    let crs = crs(&String::from_utf8_lossy(prj)).map_err(LayerProblem::file)?;
    let shapes = shapes(&parts.shp).map_err(LayerProblem::file)?;
    let attributes = match &parts.dbf {
        Some(dbf) => attributes(dbf, parts.cpg.as_deref()).map_err(LayerProblem::file)?,
        None => vec![Attributes::default(); shapes.len()],
    };
    if attributes.len() != shapes.len() {
        return Err(LayerProblem::file(format!(
            "属性表（.dbf）有{}条记录，图形（.shp）有{}个，二者须一一对应",
            attributes.len(),
            shapes.len()
        )));
    }
    shapes
        .into_iter()
        .zip(attributes)
        .enumerate()
        .map(|(i, (shape, attributes))| {
            let geometry = shape
                .map(|shape| shape.in_degrees(crs))
                .transpose()
                .map_err(|reason| LayerProblem {
                    feature: Some(i),
                    reason,
                })?;
            let mut properties = JsonObject::new();
            for (key, value) in [("name", attributes.name), ("zone", attributes.zone)] {
                if let Some(value) = value {
                    properties.insert(key.into(), value.into());
                }
            }
            Ok(Feature {
                bbox: None,
                geometry: geometry.map(Geometry::new),
                id: None,
                properties: Some(properties),
                foreign_members: None,
            })
        })
        .collect()
}

/// Reads the one `.shp` and its companions (same name, any case) from the zip.
fn unzip(bytes: &[u8]) -> Result<Parts, String> {
    let damaged = |_| "压缩包已损坏".to_owned();
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    // Names are matched, never shown: a name written in GBK reads the same in every part.
    let names: Vec<String> = archive
        .file_names_raw()
        .map(|raw| String::from_utf8_lossy(raw).to_lowercase())
        .collect();
    let shps: Vec<&String> = names.iter().filter(|n| n.ends_with(".shp")).collect();
    let stem = match shps.as_slice() {
        [one] => one.trim_end_matches(".shp").to_owned(),
        [] => return Err("压缩包中没有 .shp 文件".into()),
        _ => return Err("压缩包须只含一个图层（一个 .shp 文件）".into()),
    };
    let mut budget = MAX_UNPACKED;
    let mut read = |extension: &str| -> Result<Option<Vec<u8>>, String> {
        let wanted = format!("{stem}.{extension}");
        let Some(index) = names.iter().position(|n| *n == wanted) else {
            return Ok(None);
        };
        let mut entry = archive.by_index(index).map_err(damaged)?;
        let mut part = Vec::new();
        entry
            .by_ref()
            .take(budget + 1)
            .read_to_end(&mut part)
            .map_err(|_| "压缩包已损坏".to_owned())?;
        budget = budget.checked_sub(part.len() as u64).ok_or_else(|| {
            format!(
                "图层解压后超过 {} MiB，请拆分后导入",
                MAX_UNPACKED / 1024 / 1024
            )
        })?;
        Ok(Some(part))
    };
    Ok(Parts {
        shp: read("shp")?.unwrap_or_default(),
        dbf: read("dbf")?,
        prj: read("prj")?,
        cpg: read("cpg")?,
    })
}

#[cfg(test)]
#[path = "../shapefile_tests.rs"]
mod tests;

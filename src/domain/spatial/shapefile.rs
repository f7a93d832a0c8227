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

use encoding_rs::{Encoding, GB18030, UTF_8};
use geojson::{Feature, Geometry, GeometryValue, JsonObject, Position};
use zip::ZipArchive;

use super::gauss_kruger::{PlanePoint, Zone, to_degrees};
use super::layer_file::LayerProblem;

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
    let parts = unzip(bytes).map_err(file)?;
    let prj = parts.prj.as_deref().ok_or_else(|| {
        file("压缩包缺少坐标系文件（.prj），无法确定坐标：请与 .shp 一并打包".to_owned())
    })?;
    let crs = crs(&String::from_utf8_lossy(prj)).map_err(file)?;
    let shapes = shapes(&parts.shp).map_err(file)?;
    let attributes = match &parts.dbf {
        Some(dbf) => attributes(dbf, parts.cpg.as_deref()).map_err(file)?,
        None => vec![Attributes::default(); shapes.len()],
    };
    if attributes.len() != shapes.len() {
        return Err(file(format!(
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

fn file(reason: String) -> LayerProblem {
    LayerProblem {
        feature: None,
        reason,
    }
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

/// The coordinate system a `.prj` declares.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Crs {
    /// Longitude and latitude, degrees (CGCS2000 or WGS84).
    Degrees,
    /// A 3° Gauss-Krüger zone on CGCS2000: x easting less `false_easting`, y northing.
    Plane { zone: Zone, false_easting: f64 },
}

/// Reads a `.prj`'s well-known text: geographic CGCS2000 or WGS84, or transverse Mercator
/// on CGCS2000 with a 3° zone's central meridian, scale 1 and a false easting of 500 km
/// (with or without the zone number in front).
fn crs(wkt: &str) -> Result<Crs, String> {
    let text = wkt.trim().to_ascii_uppercase();
    let name = wkt
        .split('"')
        .nth(1)
        .unwrap_or(wkt.trim())
        .chars()
        .take(80)
        .collect::<String>();
    let refused = || {
        format!(
            "坐标系“{name}”不是CGCS2000或WGS84经纬度，也不是CGCS2000三度带高斯-克吕格投影，请先转换"
        )
    };
    let cgcs2000 = text.contains("2000");
    if text.starts_with("GEOGCS") {
        return if cgcs2000 || text.contains("WGS_1984") || text.contains("WGS 84") {
            Ok(Crs::Degrees)
        } else {
            Err(refused())
        };
    }
    let transverse = text.contains("TRANSVERSE_MERCATOR") || text.contains("GAUSS_KRUGER");
    if !(text.starts_with("PROJCS") && transverse && cgcs2000) {
        return Err(refused());
    }
    let parameter = |key: &str| -> Option<f64> {
        let at = text.find(&format!("\"{key}\","))? + key.len() + 3;
        text[at..].split(']').next()?.trim().parse().ok()
    };
    let meridian = parameter("CENTRAL_MERIDIAN").ok_or_else(refused)?;
    let third = meridian / 3.0;
    let zone = (third.fract() == 0.0)
        .then(|| Zone::new(third as i64).ok())
        .flatten()
        .ok_or_else(|| format!("中央经线{meridian}°不是三度带的中央经线"))?;
    let false_easting = parameter("FALSE_EASTING").unwrap_or(f64::NAN);
    let prefixed = f64::from(zone.number()) * 1_000_000.0 + 500_000.0;
    let plain = [
        ("FALSE_NORTHING", 0.0),
        ("SCALE_FACTOR", 1.0),
        ("LATITUDE_OF_ORIGIN", 0.0),
    ]
    .iter()
    .all(|&(key, wanted)| parameter(key).is_none_or(|value| value == wanted));
    if !plain || !(false_easting == 500_000.0 || false_easting == prefixed) {
        return Err(refused());
    }
    Ok(Crs::Plane {
        zone,
        false_easting,
    })
}

/// A shape as the file gives it: its type's family and its parts' points (x, y).
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Points(Vec<(f64, f64)>),
    Lines(Vec<Vec<(f64, f64)>>),
    Rings(Vec<Vec<(f64, f64)>>),
}

/// Little-endian and big-endian numbers at an offset, `None` past the end.
fn le_i32(bytes: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}
fn be_i32(bytes: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}
fn le_f64(bytes: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// The shapes of a `.shp`, in record order (`None` for a null shape).
fn shapes(shp: &[u8]) -> Result<Vec<Option<Shape>>, String> {
    let damaged = || "图形文件（.shp）已损坏".to_owned();
    if be_i32(shp, 0) != Some(9994) || shp.len() < 100 {
        return Err("不是有效的图形文件（.shp）".into());
    }
    let mut shapes = Vec::new();
    let mut at = 100;
    while at + 8 <= shp.len() {
        let words = be_i32(shp, at + 4).ok_or_else(damaged)?;
        let length = usize::try_from(words).map_err(|_| damaged())? * 2;
        let content = shp.get(at + 8..at + 8 + length).ok_or_else(damaged)?;
        shapes.push(shape(content).map_err(|why| format!("第{}个图形：{why}", shapes.len() + 1))?);
        at += 8 + length;
    }
    if shapes.is_empty() {
        return Err("图层没有要素".into());
    }
    Ok(shapes)
}

/// One record's shape; lengths are checked against the record before anything is read.
fn shape(content: &[u8]) -> Result<Option<Shape>, String> {
    let damaged = || "记录已损坏".to_owned();
    let count = |at: usize| -> Result<usize, String> {
        usize::try_from(le_i32(content, at).ok_or_else(damaged)?).map_err(|_| damaged())
    };
    let point = |at: usize| -> Result<(f64, f64), String> {
        Ok((
            le_f64(content, at).ok_or_else(damaged)?,
            le_f64(content, at + 8).ok_or_else(damaged)?,
        ))
    };
    let kind = le_i32(content, 0).ok_or_else(damaged)?;
    match kind {
        0 => Ok(None),
        1 | 11 | 21 => Ok(Some(Shape::Points(vec![point(4)?]))),
        8 | 18 | 28 => {
            let points = count(36)?;
            if 40 + points.saturating_mul(16) > content.len() {
                return Err(damaged());
            }
            let all = (0..points).map(|i| point(40 + i * 16));
            Ok(Some(Shape::Points(all.collect::<Result<_, _>>()?)))
        }
        3 | 13 | 23 | 5 | 15 | 25 => {
            let (parts, points) = (count(36)?, count(40)?);
            let first_point = 44 + parts.saturating_mul(4);
            if parts == 0 || first_point.saturating_add(points.saturating_mul(16)) > content.len() {
                return Err(damaged());
            }
            let starts: Vec<usize> = (0..parts)
                .map(|i| count(44 + i * 4))
                .collect::<Result<_, _>>()?;
            let mut groups = Vec::with_capacity(parts);
            for (i, &start) in starts.iter().enumerate() {
                let end = starts.get(i + 1).copied().unwrap_or(points);
                if start > end || end > points {
                    return Err(damaged());
                }
                let group = (start..end).map(|p| point(first_point + p * 16));
                groups.push(group.collect::<Result<Vec<_>, _>>()?);
            }
            Ok(Some(if matches!(kind, 5 | 15 | 25) {
                Shape::Rings(groups)
            } else {
                Shape::Lines(groups)
            }))
        }
        other => Err(format!("不支持的几何类型（{other}）")),
    }
}

impl Shape {
    /// The shape as a GeoJSON geometry in degrees. A shapefile's outer rings run clockwise
    /// and its holes anticlockwise, each hole after its outer ring.
    fn in_degrees(self, crs: Crs) -> Result<GeometryValue, String> {
        Ok(match self {
            Shape::Points(points) => match degrees(crs, &points)?.as_slice() {
                [one] => GeometryValue::Point {
                    coordinates: one.clone(),
                },
                all => GeometryValue::MultiPoint {
                    coordinates: all.to_vec(),
                },
            },
            Shape::Lines(lines) => {
                let mut lines: Vec<Vec<Position>> = lines
                    .iter()
                    .map(|line| degrees(crs, line))
                    .collect::<Result<_, _>>()?;
                if lines.len() == 1 {
                    GeometryValue::LineString {
                        coordinates: lines.remove(0),
                    }
                } else {
                    GeometryValue::MultiLineString { coordinates: lines }
                }
            }
            Shape::Rings(rings) => {
                let mut polygons: Vec<Vec<Vec<Position>>> = Vec::new();
                for ring in &rings {
                    let converted = degrees(crs, ring)?;
                    match polygons.last_mut() {
                        Some(polygon) if signed_area(ring) > 0.0 => polygon.push(converted),
                        _ => polygons.push(vec![converted]),
                    }
                }
                if polygons.len() == 1 {
                    GeometryValue::Polygon {
                        coordinates: polygons.remove(0),
                    }
                } else {
                    GeometryValue::MultiPolygon {
                        coordinates: polygons,
                    }
                }
            }
        })
    }
}

/// Twice the signed area of a ring (x east, y north): negative when it runs clockwise.
fn signed_area(ring: &[(f64, f64)]) -> f64 {
    ring.windows(2)
        .map(|pair| pair[0].0 * pair[1].1 - pair[1].0 * pair[0].1)
        .sum()
}

/// `points` as longitude and latitude positions.
fn degrees(crs: Crs, points: &[(f64, f64)]) -> Result<Vec<Position>, String> {
    match crs {
        Crs::Degrees => Ok(points
            .iter()
            .map(|&(x, y)| Position::from([x, y]))
            .collect()),
        Crs::Plane {
            zone,
            false_easting,
        } => {
            let prefix = f64::from(zone.number()) * 1_000_000.0 + 500_000.0;
            let plane: Vec<PlanePoint> = points
                .iter()
                .map(|&(x, y)| PlanePoint {
                    x: y,
                    y: x - false_easting + prefix,
                })
                .collect();
            let converted =
                to_degrees(zone, &plane).map_err(|(i, err)| format!("第{}个点：{err}", i + 1))?;
            Ok(converted
                .into_iter()
                .map(|(lat, lon)| Position::from([lon, lat]))
                .collect())
        }
    }
}

/// What the attributes say of one feature.
#[derive(Debug, Clone, Default, PartialEq)]
struct Attributes {
    name: Option<String>,
    zone: Option<String>,
}

/// The columns a feature's name and master-plan zone are read from (upper case).
const NAME_COLUMNS: [&str; 3] = ["NAME", "名称", "MC"];
const ZONE_COLUMNS: [&str; 3] = ["ZONE", "分区", "FQ"];

/// The name and zone of every record of a `.dbf` (dBASE III), decoded with the `.cpg`'s
/// encoding, else the file's language driver, else UTF-8 where valid and GBK where not.
fn attributes(dbf: &[u8], cpg: Option<&[u8]>) -> Result<Vec<Attributes>, String> {
    let damaged = || "属性表（.dbf）已损坏".to_owned();
    let u16_at = |at: usize| -> Option<usize> {
        Some(usize::from(u16::from_le_bytes(
            dbf.get(at..at + 2)?.try_into().ok()?,
        )))
    };
    let records = usize::try_from(le_i32(dbf, 4).ok_or_else(damaged)?).map_err(|_| damaged())?;
    let (header, width) = (
        u16_at(8).ok_or_else(damaged)?,
        u16_at(10).ok_or_else(damaged)?,
    );
    // Every record holds at least its deletion flag, so the count is bounded by the bytes.
    if width == 0 || header < 33 || header.saturating_add(records.saturating_mul(width)) > dbf.len()
    {
        return Err(damaged());
    }
    let encoding = encoding_of(cpg, dbf[29]);
    // Field descriptors: 32 bytes each from byte 32, ended by 0x0D.
    let (mut name_at, mut zone_at) = (None, None);
    let mut offset = 1;
    for at in (32..header - 1).step_by(32) {
        if dbf[at] == 0x0D || at + 32 > header {
            break;
        }
        let raw = &dbf[at..at + 11];
        let title = decode(
            encoding,
            &raw[..raw.iter().position(|&b| b == 0).unwrap_or(11)],
        );
        let length = usize::from(dbf[at + 16]);
        let column = (offset, length);
        let title = title.trim().to_uppercase();
        if name_at.is_none() && NAME_COLUMNS.contains(&title.as_str()) {
            name_at = Some(column);
        }
        if zone_at.is_none() && ZONE_COLUMNS.contains(&title.as_str()) {
            zone_at = Some(column);
        }
        offset += length;
    }
    if offset > width {
        return Err(damaged());
    }
    let value = |record: &[u8], column: Option<(usize, usize)>| {
        let (start, length) = column?;
        let text = decode(encoding, record.get(start..start + length)?);
        let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        (!text.is_empty()).then(|| text.to_owned())
    };
    Ok((0..records)
        .map(|i| {
            let record = &dbf[header + i * width..header + (i + 1) * width];
            Attributes {
                name: value(record, name_at),
                zone: value(record, zone_at),
            }
        })
        .collect())
}

/// The attributes' encoding: the `.cpg`'s word, else the language driver (0x4D is code
/// page 936, GBK), else `None` (UTF-8 where valid, GBK where not).
fn encoding_of(cpg: Option<&[u8]>, driver: u8) -> Option<&'static Encoding> {
    let word = cpg
        .map(|bytes| String::from_utf8_lossy(bytes).trim().to_ascii_uppercase())
        .unwrap_or_default();
    match word.as_str() {
        "UTF-8" | "UTF8" | "65001" => Some(UTF_8),
        "GBK" | "GB2312" | "GB18030" | "936" | "CP936" => Some(GB18030),
        _ if driver == 0x4D => Some(GB18030),
        _ => None,
    }
}

fn decode(encoding: Option<&'static Encoding>, bytes: &[u8]) -> String {
    match encoding {
        Some(encoding) => encoding.decode(bytes).0.into_owned(),
        None => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => GB18030.decode(bytes).0.into_owned(),
        },
    }
}

#[cfg(test)]
#[path = "shapefile_tests.rs"]
mod tests;

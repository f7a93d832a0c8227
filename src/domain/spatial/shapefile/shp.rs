//! A `.shp`'s shapes: every count and offset checked against the record before it is read,
//! then turned into GeoJSON geometries in degrees.

use geojson::{GeometryValue, Position};

use super::super::gauss_kruger::PlanePoint;
use super::super::gauss_kruger::to_degrees;
use super::prj::Crs;

/// A shape as the file gives it: its type's family and its parts' points (x, y).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Shape {
    Points(Vec<(f64, f64)>),
    Lines(Vec<Vec<(f64, f64)>>),
    Rings(Vec<Vec<(f64, f64)>>),
}

/// Little-endian and big-endian numbers at an offset, `None` past the end.
pub(super) fn le_i32(bytes: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}
fn be_i32(bytes: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}
fn le_f64(bytes: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// The shapes of a `.shp`, in record order (`None` for a null shape).
pub(super) fn shapes(shp: &[u8]) -> Result<Vec<Option<Shape>>, String> {
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
    pub(super) fn in_degrees(self, crs: Crs) -> Result<GeometryValue, String> {
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

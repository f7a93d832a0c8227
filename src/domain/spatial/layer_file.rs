//! A reference layer as a GeoJSON file (RFC 7946): longitude and latitude in degrees. A
//! layer is refused whole, naming the feature and the reason, when its coordinate system is
//! not geographic CGCS2000 or WGS84 (the two differ by centimetres), when a coordinate is not
//! a longitude and latitude in China (projected metres are the usual mistake), or when a ring
//! is not a simple ring (the same check as a block's corners, [`super::ring`]).

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use geojson::{Feature, GeoJson, GeometryValue, JsonObject, Position};

use super::gauss_kruger::{PlanePoint, Zone, projector};
use super::layer::{LayerKind, LayerProblem, PlanZone};
use super::ring::ring;
use super::shapefile::{self, is_zip};

/// One feature of a layer, in degrees (geo's x longitude, y latitude).
#[derive(Debug, Clone, PartialEq)]
pub struct LayerFeature {
    /// Its name (the `name`, `NAME` or `名称` property), else its place in the file.
    pub name: String,
    /// For a master-plan zone layer, the zone (the `zone` or `分区` property).
    pub zone: Option<PlanZone>,
    pub shape: Geometry<f64>,
}

/// The coordinate systems a file may declare in the old `crs` member (RFC 7946 files
/// declare none and are WGS84 longitude, latitude).
const GEOGRAPHIC_CRS: [&str; 6] = [
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "EPSG:4326",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4490",
    "urn:ogc:def:crs:EPSG::4490",
];

/// China's reach in latitude, degrees (longitude is bounded by the Gauss-Krüger zones).
const LATITUDES: (f64, f64) = (3.0, 54.0);

/// Reads a layer of `kind` from a GeoJSON FeatureCollection (or one Feature), or from a
/// zipped shapefile ([`super::shapefile`]), whose features are then checked alike.
pub fn read_layer(kind: LayerKind, bytes: &[u8]) -> Result<Vec<LayerFeature>, LayerProblem> {
    let features = if is_zip(bytes) {
        shapefile::features(bytes)?
    } else {
        geojson_features(bytes)?
    };
    if features.is_empty() {
        return Err(LayerProblem::file("图层没有要素"));
    }
    features
        .into_iter()
        .enumerate()
        .map(|(i, feature)| {
            read_feature(kind, i, feature).map_err(|reason| LayerProblem {
                feature: Some(i),
                reason,
            })
        })
        .collect()
}

/// The features of a GeoJSON FeatureCollection (or one Feature).
fn geojson_features(bytes: &[u8]) -> Result<Vec<Feature>, LayerProblem> {
    let text = std::str::from_utf8(bytes).map_err(|_| LayerProblem::file("文件不是UTF-8文本"))?;
    let parsed: GeoJson = text
        .parse()
        .map_err(|err| LayerProblem::file(format!("不是有效的GeoJSON：{err}")))?;
    let features = match parsed {
        GeoJson::FeatureCollection(collection) => {
            check_crs(collection.foreign_members.as_ref())?;
            collection.features
        }
        GeoJson::Feature(feature) => vec![feature],
        GeoJson::Geometry(_) => {
            return Err(LayerProblem::file("须为要素集（FeatureCollection）或要素"));
        }
    };
    Ok(features)
}

/// Refuses a declared coordinate system other than geographic WGS84 or CGCS2000.
fn check_crs(members: Option<&JsonObject>) -> Result<(), LayerProblem> {
    let Some(crs) = members.and_then(|members| members.get("crs")) else {
        return Ok(());
    };
    let name = crs
        .pointer("/properties/name")
        .and_then(|name| name.as_str())
        .unwrap_or_default();
    if GEOGRAPHIC_CRS.contains(&name) {
        Ok(())
    } else {
        Err(LayerProblem::file(format!(
            "坐标参照系“{name}”不是CGCS2000或WGS84经纬度（EPSG:4490、EPSG:4326），请先转换"
        )))
    }
}

fn read_feature(kind: LayerKind, i: usize, feature: Feature) -> Result<LayerFeature, String> {
    let properties = feature.properties.unwrap_or_default();
    let text = |keys: &[&str]| {
        keys.iter()
            .find_map(|key| properties.get(*key).and_then(|value| value.as_str()))
            .map(str::trim)
            .filter(|value| !value.is_empty())
    };
    let name = text(&["name", "NAME", "名称"])
        .map(str::to_owned)
        .unwrap_or_else(|| format!("要素{}", i + 1));
    let zone = match (kind, text(&["zone", "ZONE", "分区"])) {
        (LayerKind::MasterPlanZone, Some(zone)) => Some(
            PlanZone::read(zone)
                .ok_or_else(|| format!("分区“{zone}”须为禁止开采区、限制开采区或重点开采区"))?,
        ),
        (LayerKind::MasterPlanZone, None) => {
            return Err("规划分区图层的要素须有分区（zone）".into());
        }
        _ => None,
    };
    let geometry = feature.geometry.ok_or("要素没有几何")?;
    let shape = shape_of(geometry.value, Rings::Checked)?;
    if kind.areas_only() && !matches!(shape, Geometry::Polygon(_) | Geometry::MultiPolygon(_)) {
        return Err("此类图层的要素须为面（Polygon 或 MultiPolygon）".into());
    }
    Ok(LayerFeature { name, zone, shape })
}

/// Whether a polygon's rings are checked as rings: on import; a stored layer was checked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rings {
    Checked,
    Trusted,
}

/// A stored feature's shape (GeoJSON geometry text, written by [`stored_text`]).
pub fn stored_shape(text: &str) -> Result<Geometry<f64>, String> {
    let geometry: geojson::Geometry = text.parse().map_err(|err| format!("{err}"))?;
    shape_of(geometry.value, Rings::Trusted)
}

/// A feature's shape as stored: GeoJSON geometry text in degrees.
pub fn stored_text(shape: &Geometry<f64>) -> String {
    geojson::Geometry::new(GeometryValue::from(shape)).to_string()
}

fn shape_of(value: GeometryValue, rings: Rings) -> Result<Geometry<f64>, String> {
    Ok(match value {
        GeometryValue::Point { coordinates } => Point(coord(&coordinates)?).into(),
        GeometryValue::MultiPoint { coordinates } => MultiPoint(
            coordinates
                .iter()
                .map(|p| coord(p).map(Point))
                .collect::<Result<_, _>>()?,
        )
        .into(),
        GeometryValue::LineString { coordinates } => line(&coordinates)?.into(),
        GeometryValue::MultiLineString { coordinates } => MultiLineString(
            coordinates
                .iter()
                .map(|l| line(l))
                .collect::<Result<_, _>>()?,
        )
        .into(),
        GeometryValue::Polygon { coordinates } => polygon(&coordinates, rings)?.into(),
        GeometryValue::MultiPolygon { coordinates } => MultiPolygon(
            coordinates
                .iter()
                .map(|p| polygon(p, rings))
                .collect::<Result<_, _>>()?,
        )
        .into(),
        GeometryValue::GeometryCollection { .. } => {
            return Err("不接受几何集合（GeometryCollection），请拆成单独的要素".into());
        }
    })
}

/// A position as longitude and latitude in China; a height is ignored.
fn coord(position: &Position) -> Result<Coord<f64>, String> {
    let (lon, lat) = match position.as_slice() {
        [lon, lat, ..] => (*lon, *lat),
        _ => return Err("坐标须有经度与纬度".into()),
    };
    let in_china = lon.is_finite()
        && lat.is_finite()
        && Zone::containing(lon).is_ok()
        && (LATITUDES.0..=LATITUDES.1).contains(&lat);
    if in_china {
        Ok(Coord { x: lon, y: lat })
    } else {
        Err(format!(
            "坐标（{lon}, {lat}）不是中国境内的经纬度：疑为投影坐标或经纬度颠倒，请转换为CGCS2000经纬度"
        ))
    }
}

fn line(positions: &[Position]) -> Result<LineString<f64>, String> {
    if positions.len() < 2 {
        return Err("线须至少有2个点".into());
    }
    positions.iter().map(coord).collect::<Result<_, _>>()
}

/// A polygon whose every ring is a simple ring in the plane of the zone holding it.
fn polygon(given: &[Vec<Position>], rings: Rings) -> Result<Polygon<f64>, String> {
    let mut checked = Vec::with_capacity(given.len());
    for (r, positions) in given.iter().enumerate() {
        let coords: Vec<Coord<f64>> = positions.iter().map(coord).collect::<Result<_, _>>()?;
        if coords.len() < 4 || coords.first() != coords.last() {
            return Err(format!("第{}个环须闭合且至少有4个点", r + 1));
        }
        if rings == Rings::Checked {
            simple_ring(&coords).map_err(|reason| format!("第{}个环：{reason}", r + 1))?;
        }
        checked.push(LineString::new(coords));
    }
    let mut checked = checked.into_iter();
    let exterior = checked.next().ok_or("面须有外环")?;
    Ok(Polygon::new(exterior, checked.collect()))
}

/// Projects a ring into the zone of its mean longitude and checks it as a ring.
fn simple_ring(coords: &[Coord<f64>]) -> Result<(), String> {
    let mean = coords.iter().map(|c| c.x).sum::<f64>() / coords.len() as f64;
    let projector = Zone::containing(mean)
        .and_then(projector)
        .map_err(|err| err.to_string())?;
    let plane: Vec<PlanePoint> = coords
        .iter()
        .map(|c| projector.plane(c.y, c.x))
        .collect::<Result<_, _>>()
        .map_err(|err| err.to_string())?;
    ring(&plane).map(|_| ()).map_err(|err| err.to_string())
}

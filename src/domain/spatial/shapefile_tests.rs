//! NEW-4's reference layers from zipped shapefiles: `tests/fixtures/layer-gk38.zip` was
//! written by pyshp (`tests/fixtures/make_shapefile.py`), a tool independent of ours.

use std::io::{Cursor, Read, Write};

use geo::Geometry;
use zip::write::SimpleFileOptions;

use encoding_rs::{GB18030, UTF_8};
use zip::ZipArchive;

use super::dbf::{attributes, decode, encoding_of};
use super::features;
use super::prj::{Crs, crs};
use crate::domain::spatial::gauss_kruger::{PlanePoint, Zone, to_degrees};
use crate::domain::spatial::layer::LayerKind;
use crate::domain::spatial::layer_file::read_layer;

const FIXTURE: &[u8] = include_bytes!("../../../tests/fixtures/layer-gk38.zip");

/// The fixture's parts by file name.
fn parts() -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(Cursor::new(FIXTURE)).expect("the fixture is a zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("an entry");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read");
            (entry.name().expect("a name").into_owned(), bytes)
        })
        .collect()
}

/// A zip of `parts`.
fn zipped(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        writer
            .start_file(name.as_str(), SimpleFileOptions::default())
            .expect("start");
        writer.write_all(bytes).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

/// The fixture with the part ending in `extension` replaced by `bytes` (or left out).
fn with_part(extension: &str, bytes: Option<Vec<u8>>) -> Vec<u8> {
    let parts: Vec<(String, Vec<u8>)> = parts()
        .into_iter()
        .filter_map(|(name, old)| match (name.ends_with(extension), &bytes) {
            (true, Some(new)) => Some((name, new.clone())),
            (true, None) => None,
            (false, _) => Some((name, old)),
        })
        .collect();
    zipped(&parts)
}

/// NEW-4: a layer in zone 38's Gauss-Krüger plane with GBK names reads as the same ground
/// the official notation names: names decoded, the square's corner where the notation puts
/// it, a hole kept as a hole, two outer rings as a multipolygon.
#[test]
fn new_4_a_zipped_gauss_kruger_shapefile_reads_in_degrees_with_its_names() {
    let features = read_layer(LayerKind::EcologicalRedLine, FIXTURE).expect("read");
    let names: Vec<&str> = features.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["生态红线甲", "基本农田乙", "水源地丙"]);
    let corner = to_degrees(
        Zone::new(38).expect("zone"),
        &[PlanePoint {
            x: 3_929_875.0,
            y: 38_389_875.0,
        }],
    )
    .expect("a corner")[0];
    let Geometry::Polygon(square) = &features[0].shape else {
        panic!("{:?}", features[0].shape);
    };
    let first = square.exterior().0[0];
    assert!((first.y - corner.0).abs() < 1e-9 && (first.x - corner.1).abs() < 1e-9);
    assert!(matches!(&features[1].shape, Geometry::Polygon(p) if p.interiors().len() == 1));
    assert!(matches!(&features[2].shape, Geometry::MultiPolygon(m) if m.0.len() == 2));
}

/// NEW-4: the coordinate systems a `.prj` may declare, and those refused.
#[test]
fn new_4_a_prj_is_read_as_degrees_a_gauss_kruger_zone_or_refused() {
    let gk = |name: &str, meridian: f64, easting: f64| {
        format!(
            "PROJCS[\"{name}\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\"],\
             PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",{easting}],\
             PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\", {meridian}],\
             PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0]]"
        )
    };
    let zone = |n| Zone::new(n).expect("zone");
    let cases = [
        (
            "GEOGCS[\"China Geodetic Coordinate System 2000\"]".to_owned(),
            Some(Crs::Degrees),
        ),
        ("GEOGCS[\"GCS_WGS_1984\"]".to_owned(), Some(Crs::Degrees)),
        ("GEOGCS[\"GCS_Xian_1980\"]".to_owned(), None),
        (
            gk("CGCS2000_3_Degree_GK_CM_111E", 111.0, 500_000.0),
            Some(Crs::Plane {
                zone: zone(37),
                false_easting: 500_000.0,
            }),
        ),
        (
            gk("CGCS2000_3_Degree_GK_Zone_38", 114.0, 38_500_000.0),
            Some(Crs::Plane {
                zone: zone(38),
                false_easting: 38_500_000.0,
            }),
        ),
        // A 6° zone's meridian, another zone's prefix, a UTM-like scale: refused.
        (gk("CGCS2000_GK_CM_117E_6", 112.0, 500_000.0), None),
        (
            gk("CGCS2000_3_Degree_GK_Zone_38", 114.0, 37_500_000.0),
            None,
        ),
        (
            gk("WGS_1984_UTM_Zone_49N", 111.0, 500_000.0).replace("2000", "1984"),
            None,
        ),
    ];
    for (wkt, expected) in cases {
        assert_eq!(crs(&wkt).ok(), expected, "{wkt}");
    }
}

/// A zip without its `.prj`, with two layers, or with no `.shp` is refused whole, saying
/// what is missing; a `.dbf` whose records do not match the shapes likewise.
#[test]
fn an_incomplete_zip_is_refused_saying_what_is_missing() {
    let reason = |bytes: &[u8]| features(bytes).expect_err("refused").reason;
    assert!(reason(&with_part(".prj", None)).contains(".prj"));
    assert!(reason(&with_part(".shp", None)).contains("没有 .shp"));
    let mut two = parts();
    two.extend(
        parts()
            .into_iter()
            .map(|(name, bytes)| (name.replace("layer", "other"), bytes)),
    );
    assert!(reason(&zipped(&two)).contains("只含一个图层"));
    let dbf = parts()
        .into_iter()
        .find(|(name, _)| name.ends_with(".dbf"))
        .expect("a dbf")
        .1;
    let mut fewer = dbf.clone();
    fewer[4] = 2; // two records said, three shapes drawn
    assert!(reason(&with_part(".dbf", Some(fewer))).contains("一一对应"));
}

/// Hostile shapes: every length is checked before it is used. A record claiming more
/// points than it holds, a part starting past the points, a truncated file and a dbf
/// claiming a billion zero-width records are refused, none of them read past the bytes.
#[test]
fn lengths_that_lie_are_refused_not_followed() {
    let shp = parts()
        .into_iter()
        .find(|(name, _)| name.ends_with(".shp"))
        .expect("a shp")
        .1;
    let at_first_record = 100 + 8;
    let mut many_points = shp.clone();
    many_points[at_first_record + 40..at_first_record + 44]
        .copy_from_slice(&i32::MAX.to_le_bytes());
    let mut far_part = shp.clone();
    far_part[at_first_record + 44..at_first_record + 48].copy_from_slice(&4_000_i32.to_le_bytes());
    let mut huge_record = shp.clone();
    huge_record[104..108].copy_from_slice(&i32::MAX.to_be_bytes());
    for bad in [many_points, far_part, huge_record, shp[..150].to_vec()] {
        let refused = features(&with_part(".shp", Some(bad))).expect_err("refused");
        assert!(refused.reason.contains("损坏"), "{refused:?}");
    }
    let mut zero_width = vec![0_u8; 64];
    zero_width[4..8].copy_from_slice(&1_000_000_000_i32.to_le_bytes());
    zero_width[8] = 33;
    assert!(attributes(&zero_width, None).is_err());
}

/// Attributes in UTF-8 without a `.cpg` read as UTF-8, GBK ones as GBK.
#[test]
fn names_read_in_utf8_or_gbk_without_a_cpg() {
    let (gbk, _, _) = GB18030.encode("基本农田");
    assert_eq!(decode(None, &gbk), "基本农田");
    assert_eq!(decode(None, "基本农田".as_bytes()), "基本农田");
    assert_eq!(encoding_of(Some(b" utf-8\n"), 0), Some(UTF_8));
    assert_eq!(encoding_of(None, 0x4D), Some(GB18030));
    assert_eq!(encoding_of(None, 0), None);
}

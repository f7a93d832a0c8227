//! The hostile-file corpus: spreadsheets of a few bytes to a few megabytes that would make a
//! naive reader allocate gigabytes, each generated here rather than checked in as a
//! binary. The zip container is written by hand so that its sizes can lie, and runs of
//! zeros are deflated by hand (a literal, then "repeat 258 bytes from 1 back" codes) so that
//! a gigabyte costs a few megabytes and no time to make.

use std::io::{Cursor, Write};

/// One hostile file, and a fragment its refusal must name.
pub struct Hostile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub refusal: &'static str,
}

/// Every file of the corpus.
pub fn corpus() -> Vec<Hostile> {
    let header = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>矿山名称</t></is></c></row>"#;
    vec![
        Hostile {
            name: "far-corner.xlsx",
            bytes: xlsx(
                &format!(r#"{header}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#),
                None,
            ),
            refusal: "XFD1048576",
        },
        Hostile {
            name: "far-corner.xls",
            bytes: xls_far_corner(),
            refusal: "IV65536",
        },
        Hostile {
            name: "repeated-rows.ods",
            bytes: ods(&format!(
                r#"<table:table-row table:number-rows-repeated="1048576">{}</table:table-row>"#,
                ods_cell("", "矿")
            )),
            refusal: "A100011",
        },
        Hostile {
            name: "repeated-columns.ods",
            bytes: ods(&format!(
                "<table:table-row>{}</table:table-row>",
                ods_cell(r#" table:number-columns-repeated="16384""#, "矿")
            )),
            refusal: "CW1",
        },
        Hostile {
            name: "long-row.csv",
            bytes: "x,".repeat(2_000_000).into_bytes(),
            refusal: "CW1",
        },
        Hostile {
            name: "long-field.csv",
            bytes: "矿".repeat(3_000_000).into_bytes(),
            refusal: "A1",
        },
        Hostile {
            name: "honest-bomb.xlsx",
            bytes: xlsx_with(&[zeros_entry(512 << 20, None)]),
            refusal: "解压后超过",
        },
        Hostile {
            name: "lying-bomb.xlsx",
            bytes: xlsx_with(&[zeros_entry(160 << 20, Some(1_024))]),
            // An entry that inflates past what it declares is a damaged file: reading
            // stops there, never at the bomb's end.
            refusal: "已损坏",
        },
        Hostile {
            name: "entities.ods",
            bytes: ods_with_doctype(
                &laughs(),
                &format!(
                    "<table:table-row>{}</table:table-row>",
                    ods_cell("", "&lol9;")
                ),
            ),
            refusal: "实体",
        },
        Hostile {
            name: "entities.xlsx",
            bytes: xlsx(
                r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
                Some(&format!(
                    r#"<?xml version="1.0"?><!DOCTYPE sst [{}]><sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>"#,
                    laughs()
                )),
            ),
            refusal: "已损坏",
        },
        Hostile {
            name: "format-bomb.xlsx",
            bytes: xlsx_with(&[stored(
                "xl/styles.xml",
                &format!(
                    r#"<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="{}"/></numFmts><cellXfs>{}</cellXfs></styleSheet>"#,
                    "0".repeat(1 << 20),
                    r#"<xf numFmtId="164"/>"#.repeat(1_000)
                ),
            )]),
            refusal: "数字格式",
        },
        Hostile {
            name: "style-flood.xlsx",
            bytes: xlsx_with(&[stored(
                "xl/styles.xml",
                &format!(
                    r#"<styleSheet xmlns="{MAIN}"><cellXfs>{}</cellXfs></styleSheet>"#,
                    "<xf/>".repeat(20_000)
                ),
            )]),
            refusal: "xf 超过",
        },
        Hostile {
            name: "empty-strings.xlsx",
            bytes: xlsx(
                header,
                Some(&format!(
                    r#"<sst xmlns="{MAIN}">{}</sst>"#,
                    "<si/>".repeat(2_000_001)
                )),
            ),
            refusal: "si 超过",
        },
        Hostile {
            name: "mixed-case-strings.xlsx",
            bytes: xlsx_with(&[Entry {
                name: "xl/SharedStrings.xml".into(),
                ..zeros_entry(40 << 20, None)
            }]),
            refusal: "共享文字解压后超过 32 MiB",
        },
        Hostile {
            name: "long-reference.xlsx",
            bytes: xlsx(
                r#"<row r="1"><c r="AAAAAAAAAAAAA1"><v>1</v></c></row>"#,
                None,
            ),
            refusal: "单元格引用",
        },
        Hostile {
            name: "many-merges.xlsx",
            bytes: xlsx_with(&[stored(
                "xl/worksheets/sheet1.xml",
                &format!(
                    r#"<worksheet xmlns="{MAIN}"><sheetData/><mergeCells>{}</mergeCells></worksheet>"#,
                    r#"<mergeCell ref="A1:B2"/>"#.repeat(10_001)
                ),
            )]),
            refusal: "mergeCell 超过",
        },
        Hostile {
            name: "many-entries.xlsx",
            bytes: xlsx_with(
                &(0..10_001)
                    .map(|n| stored(&format!("x/{n}"), ""))
                    .collect::<Vec<_>>(),
            ),
            refusal: "个部件",
        },
        Hostile {
            name: "declared-strings.xlsx",
            bytes: xlsx(
                header,
                Some(&format!(
                    r#"<sst xmlns="{MAIN}" count="1" uniqueCount="1000000000000"><si><t>x</t></si></sst>"#
                )),
            ),
            refusal: "文字条数",
        },
    ]
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Ten entities, each ten of the one before: a billion "lol"s if expanded.
fn laughs() -> String {
    let mut doctype = r#"<!ENTITY lol0 "lol">"#.to_owned();
    for n in 1..10 {
        let below = format!("&lol{};", n - 1).repeat(10);
        doctype.push_str(&format!(r#"<!ENTITY lol{n} "{below}">"#));
    }
    doctype
}

/// A zip entry: its name, its data as stored or deflated, and the sizes it declares.
struct Entry {
    name: String,
    method: u16,
    data: Vec<u8>,
    crc: u32,
    size: u32,
}

fn stored(name: &str, text: &str) -> Entry {
    Entry {
        name: name.to_owned(),
        method: 0,
        data: text.as_bytes().to_vec(),
        crc: crc32(text.as_bytes()),
        size: text.len() as u32,
    }
}

/// `bytes` zeros, deflated, declaring `declared` (or the truth) as their size; the CRC is
/// never reached, as the reader stops at its limit first.
fn zeros_entry(bytes: u64, declared: Option<u32>) -> Entry {
    let (data, actual) = deflated_zeros(bytes);
    Entry {
        name: "xl/media/zeros.bin".into(),
        method: 8,
        data,
        crc: 0,
        size: declared.unwrap_or(u32::try_from(actual).unwrap_or(u32::MAX)),
    }
}

/// About `bytes` zeros as one fixed-Huffman deflate block: a literal zero, then copies of
/// 258 bytes from one back; the exact count comes back with the data.
fn deflated_zeros(bytes: u64) -> (Vec<u8>, u64) {
    let runs = bytes / 258;
    let mut bits = Bits::default();
    bits.put(1, 1); // the final block
    bits.put(1, 2); // fixed Huffman codes
    bits.code(0x30, 8); // literal 0
    for _ in 0..runs {
        bits.code(0xC5, 8); // length 258
        bits.code(0, 5); // distance 1
    }
    bits.code(0, 7); // end of block
    (bits.finish(), 1 + runs * 258)
}

#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.count;
        self.count += count;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code, which deflate packs from its most significant bit.
    fn code(&mut self, code: u32, len: u32) {
        let reversed = (0..len).fold(0, |r, i| (r << 1) | ((code >> i) & 1));
        self.put(reversed, len);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0_u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip container of `entries`, declaring what each entry says.
fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let offset = out.len() as u32;
        let fields = |out: &mut Vec<u8>| {
            for half in [20_u16, 0, entry.method, 0, 0x21] {
                out.extend(half.to_le_bytes());
            }
            out.extend(entry.crc.to_le_bytes());
            out.extend((entry.data.len() as u32).to_le_bytes());
            out.extend(entry.size.to_le_bytes());
            out.extend((entry.name.len() as u16).to_le_bytes());
            out.extend(0_u16.to_le_bytes());
        };
        out.extend(0x0403_4b50_u32.to_le_bytes());
        fields(&mut out);
        out.extend(entry.name.as_bytes());
        out.extend(&entry.data);
        central.extend(0x0201_4b50_u32.to_le_bytes());
        central.extend(20_u16.to_le_bytes());
        fields(&mut central);
        central.extend([0_u8; 6]); // comment length, disk, internal attributes
        central.extend(0_u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(entry.name.as_bytes());
    }
    let start = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50_u32.to_le_bytes());
    out.extend([0_u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0_u16.to_le_bytes());
    out
}

/// A one-sheet XLSX whose sheet data is `rows`, with `strings` as its shared strings.
pub fn xlsx(rows: &str, strings: Option<&str>) -> Vec<u8> {
    let mut entries = vec![stored(
        "xl/worksheets/sheet1.xml",
        &format!(r#"<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>"#),
    )];
    if let Some(strings) = strings {
        entries.push(stored("xl/sharedStrings.xml", strings));
    }
    xlsx_with(&entries)
}

/// An XLSX's fixed parts, then `entries`.
fn xlsx_with(extra: &[Entry]) -> Vec<u8> {
    let mut entries = vec![
        stored(
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        stored(
            "_rels/.rels",
            &format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        stored(
            "xl/workbook.xml",
            &format!(
                r#"<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets><sheet name="登记表" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        stored(
            "xl/_rels/workbook.xml.rels",
            &format!(
                r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
    ];
    if !extra.iter().any(|e| e.name == "xl/worksheets/sheet1.xml") {
        entries.push(stored(
            "xl/worksheets/sheet1.xml",
            &format!(r#"<worksheet xmlns="{MAIN}"><sheetData/></worksheet>"#),
        ));
    }
    entries.extend(extra.iter().map(|e| Entry {
        name: e.name.clone(),
        method: e.method,
        data: e.data.clone(),
        crc: e.crc,
        size: e.size,
    }));
    zip(&entries)
}

fn ods_cell(attributes: &str, text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"{attributes}><text:p>{text}</text:p></table:table-cell>"#
    )
}

/// A one-table ODS whose table holds `rows`.
pub fn ods(rows: &str) -> Vec<u8> {
    ods_with_doctype("", rows)
}

fn ods_with_doctype(doctype: &str, rows: &str) -> Vec<u8> {
    let doctype = if doctype.is_empty() {
        String::new()
    } else {
        format!("<!DOCTYPE office:document-content [{doctype}]>")
    };
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>{doctype}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="登记表">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip(&[
        stored("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        stored("content.xml", &content),
    ])
}

/// A BIFF record.
fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

/// An Excel 97-2003 workbook whose one sheet declares the largest extent and holds a
/// header in A1 and a number in its last cell, IV65536.
fn xls_far_corner() -> Vec<u8> {
    let bof = |kind: u16| {
        let mut data = vec![0x00, 0x06];
        data.extend(kind.to_le_bytes());
        data.extend([0_u8; 12]);
        record(0x0809, &data)
    };
    let name = "Sheet1";
    let mut sheet_ref = vec![0_u8; 4];
    sheet_ref.extend([0, 0, name.len() as u8, 0]);
    sheet_ref.extend(name.as_bytes());
    let globals_len = bof(5).len() + record(0x0085, &sheet_ref).len() + record(0x000A, &[]).len();
    sheet_ref[..4].copy_from_slice(&(globals_len as u32).to_le_bytes());
    let mut stream = [bof(5), record(0x0085, &sheet_ref), record(0x000A, &[])].concat();
    let mut dimensions = 0_u32.to_le_bytes().to_vec();
    dimensions.extend(65_536_u32.to_le_bytes());
    dimensions.extend([0, 0, 0, 1, 0, 0]);
    let header = "name";
    let mut label = vec![0, 0, 0, 0, 0, 0];
    label.extend((header.len() as u16).to_le_bytes());
    label.push(0);
    label.extend(header.as_bytes());
    let mut number = vec![0xFF, 0xFF, 0xFF, 0x00, 0, 0];
    number.extend(1.0_f64.to_le_bytes());
    stream.extend(
        [
            bof(0x10),
            record(0x0200, &dimensions),
            record(0x0204, &label),
            record(0x0203, &number),
            record(0x000A, &[]),
        ]
        .concat(),
    );
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("compound file");
    {
        let mut workbook = file.create_stream("/Workbook").expect("stream");
        workbook.write_all(&stream).expect("write");
    }
    file.flush().expect("flush");
    file.into_inner().into_inner()
}

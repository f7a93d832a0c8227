"""Writes the two registry files that come nearest to the import limits, for
bench/import-memory.sh: a CSV of 99,990 rows of 20 short fields (just under 20 MiB and two
million cells), and an XLSX whose 100,000 rows of 20 cells name 620,000 shared strings (its
shared strings just under 32 MiB unpacked; its text passes 64 MiB at about row 90,000, where
the import refuses it). Usage: python3 bench/near_limit.py DIR"""
import os
import sys
import zipfile

HEADER = ["矿山名称", "采矿权人", "采矿许可证号", "开采矿种", "生产规模（万吨/年）",
          "剩余可采资源量（万吨）", "县（市、区）"] + [f"c{i}" for i in range(13)]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def column(c):
    name, c = "", c + 1
    while c:
        c, r = divmod(c - 1, 26)
        name = chr(65 + r) + name
    return name


def csv(path):
    with open(path, "w", encoding="utf-8") as out:
        out.write(",".join(HEADER) + "\n")
        for r in range(99_990):
            out.write(",".join(f"v{r % 1000:03d}{c:02d}xx" for c in range(20)) + "\n")


def xlsx(path, strings=620_000):
    sst = "".join(f"<si><t>某某矿业有限公司第{i:07d}号</t></si>" for i in range(strings))
    head = "".join(f'<c r="{column(c)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                   for c, h in enumerate(HEADER))
    rows = [f'<row r="1">{head}</row>']
    for r in range(2, 100_001):
        cells = "".join(f'<c r="{column(c)}{r}" t="s"><v>{(r * 20 + c) % strings}</v></c>'
                        for c in range(20))
        rows.append(f'<row r="{r}">{cells}</row>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                   f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                   '<sheet name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}"><Relationship '
                   f'Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/sharedStrings.xml",
                   f'<sst xmlns="{MAIN}" count="{strings}" uniqueCount="{strings}">{sst}</sst>')
        z.writestr("xl/worksheets/sheet1.xml",
                   f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>')


if __name__ == "__main__":
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    csv(os.path.join(directory, "near-limit.csv"))
    xlsx(os.path.join(directory, "near-limit.xlsx"))

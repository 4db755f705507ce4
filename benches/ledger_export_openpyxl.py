"""Reference for benches/ledger_export.rs: writes the same ledgers with openpyxl.

Usage: python3 ledger_export_openpyxl.py CONTENT.json OUT_DIR

CONTENT.json holds, for every workbook the Rust export wrote, the main sheet's cells and the
identity rows (read back with calamine). This script writes the same cells with the same
layout: fonts, borders, fills, wrapping, column widths, row heights, merged title and info
cells, section rows, the hidden key column, the 完成状态 dropdown, sheet protection with
unlocked input columns, A4 landscape print setup with repeated header rows and page-number
footer, the very-hidden identity sheet and custom document properties. Prints
`openpyxl_seconds=<seconds spent writing>`.
"""

import json
import math
import sys
import time

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

WIDTHS = {
    "序号": 5, "主要任务": 30, "职责": 6, "完成时间": 11, "上期进展": 30, "进展情况": 36,
    "完成状态": 10, "责任科室": 11, "责任人": 9, "备注": 10, "牵头单位": 16, "配合单位": 20,
    "任务标识": 10,
}
CENTER = {"序号", "职责", "完成时间"}
INPUT = {"进展情况", "备注"}
INPUT_CENTER = {"完成状态", "责任科室", "责任人"}
LINE = 14.5

thin = Side(style="thin")
box = Border(left=thin, right=thin, top=thin, bottom=thin)
body = Font(name="仿宋", size=11, charset=134)
wrap_center = Alignment(horizontal="center", vertical="center", wrap_text=True)
wrap_left = Alignment(vertical="center", wrap_text=True)
locked = Protection(locked=True)
unlocked = Protection(locked=False)
grey = PatternFill("solid", fgColor="EDEDED")
blue = PatternFill("solid", fgColor="DDEBF7")
section_fill = PatternFill("solid", fgColor="F2F2F2")


def units(text, size=11.0):
    return sum(1.1 if ord(c) < 128 else 2.1 for c in text) * size / 11.0


def lines(text, width, size=11.0):
    usable = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(units(part, size) / usable)) for part in text.split("\n"))


def style(cell, header):
    cell.font = body
    cell.border = box
    if header in CENTER:
        cell.alignment = wrap_center
    elif header in INPUT_CENTER:
        cell.alignment = wrap_center
        cell.protection = unlocked
        cell.number_format = "@"
    elif header in INPUT:
        cell.alignment = wrap_left
        cell.protection = unlocked
        cell.number_format = "@"
    elif header == "上期进展":
        cell.alignment = wrap_left
        cell.fill = grey
        cell.font = Font(name="仿宋", size=11, charset=134, color="404040")
        cell.number_format = "@"
    else:
        cell.alignment = wrap_left
        cell.number_format = "@"


def write_book(book, out_dir):
    wb = Workbook()
    ws = wb.active
    ws.title = book["sheet"]
    rows = book["rows"]
    headers = rows[2]
    keyed = headers[-1] == "任务标识"
    visible = len(headers) - (1 if keyed else 0)
    widths = [WIDTHS.get(h, 12) for h in headers]
    for i, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = w
    if keyed:
        ws.column_dimensions[get_column_letter(len(headers))].hidden = True

    last = get_column_letter(visible)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = rows[0][0]
    ws["A1"].font = Font(name="宋体", size=18, bold=True, charset=134)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 38
    for c, value in enumerate(rows[1][:visible]):
        cell = ws.cell(row=2, column=c + 1)
        if value:
            cell.value = value
            cell.font = Font(name="仿宋", size=12, charset=134)
            cell.alignment = Alignment(
                horizontal="right" if value.endswith("：") and c > 0 else "left",
                vertical="center",
            )
    if book["protected"]:
        n = visible
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n - 5)
        ws.merge_cells(start_row=2, start_column=n - 1, end_row=2, end_column=n)
        for c in (n - 3, n - 1):
            cell = ws.cell(row=2, column=c)
            cell.protection = unlocked
            cell.border = Border(bottom=thin)
    else:
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=visible)
    ws.row_dimensions[2].height = 26
    for c, h in enumerate(headers):
        cell = ws.cell(row=3, column=c + 1, value=h)
        cell.font = Font(name="黑体", size=11, charset=134)
        cell.alignment = wrap_center
        if c < visible:
            cell.border = box
            cell.fill = blue
    ws.row_dimensions[3].height = 24.5

    status_col = headers.index("完成状态") + 1 if "完成状态" in headers else None
    for r, row in enumerate(rows[3:], start=4):
        key = row[-1] if keyed else ""
        if not key:
            for c in range(visible):
                cell = ws.cell(row=r, column=c + 1)
                cell.fill = section_fill
                cell.font = Font(name="黑体" if row[0].endswith("任务") else "仿宋", size=11,
                                 bold=True, charset=134)
                cell.border = Border(top=thin, bottom=thin,
                                     left=thin if c == 0 else None,
                                     right=thin if c == visible - 1 else None)
            ws.cell(row=r, column=1, value=row[0])
            ws.row_dimensions[r].height = 24
            continue
        most = 2
        for c in range(visible):
            value = row[c]
            cell = ws.cell(row=r, column=c + 1)
            if value:
                if c == 0 and value.replace(".0", "").isdigit():
                    cell.value = int(float(value))
                else:
                    cell.value = value
                    cell.data_type = "s"
                    most = max(most, lines(value, widths[c]))
            style(cell, headers[c])
        ws.cell(row=r, column=len(headers), value=key).font = Font(name="仿宋", size=9)
        ws.row_dimensions[r].height = 6 + LINE * most
    last_row = len(rows)
    if status_col:
        dv = DataValidation(type="list", formula1='"已完成,推进中,未启动,长期坚持"',
                            allow_blank=True, showErrorMessage=True,
                            errorTitle="完成状态", error="请从下拉列表中选择")
        col = get_column_letter(status_col)
        dv.add(f"{col}4:{col}{last_row}")
        ws.add_data_validation(dv)
    if book["protected"]:
        ws.protection = SheetProtection(sheet=True, sort=False, formatRows=False)

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:3"
    ws.print_area = f"A1:{last}{last_row}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.freeze_panes = "A4"

    ident = wb.create_sheet("_taizhang")
    for k, v in book["identity"]:
        ident.append([k, v])
        wb.custom_doc_props.append(StringProperty(name="taizhang." + k, value=v or "-"))
    ident.sheet_state = "veryHidden"
    ident.protection.sheet = True
    wb.save(f"{out_dir}/{book['file']}")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        books = json.load(f)
    start = time.perf_counter()
    for book in books:
        write_book(book, sys.argv[2])
    print(f"openpyxl_seconds={time.perf_counter() - start:.4f}")


if __name__ == "__main__":
    main()

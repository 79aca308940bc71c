"""Read an XLSX file with openpyxl and print what the Go tests check, as JSON.

Usage: python3 readback.py FILE [MAX_ROWS]

openpyxl is independent of excelize, so a feature that excelize dropped
without an error (an autofilter, print titles, a frozen pane) shows up here
as missing. Only the first MAX_ROWS rows (default 50) of a sheet are dumped
cell by cell, and its last row; max_row always covers the whole sheet.
"""
import datetime
import json
import sys

import openpyxl
from openpyxl.utils import get_column_letter


def cell_json(c):
    v = c.value
    if isinstance(v, (datetime.datetime, datetime.date)):
        v = v.isoformat()
    return {
        "value": v,
        "data_type": c.data_type,
        "py_type": type(c.value).__name__,
        "number_format": c.number_format,
        "bold": bool(c.font.bold),
        "wrap": bool(c.alignment.wrap_text),
        "vertical": c.alignment.vertical,
        "fill": c.fill.fgColor.rgb if c.fill.fill_type else None,
        "border": c.border.left.style,
    }


def main():
    path = sys.argv[1]
    max_rows = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    wb = openpyxl.load_workbook(path)
    p = wb.properties
    out = {
        "sheets": wb.sheetnames,
        "active": wb.index(wb.active),
        "props": {
            "title": p.title,
            "subject": p.subject,
            "creator": p.creator,
            "keywords": p.keywords,
            "language": p.language,
            "created": p.created.isoformat() if p.created else None,
            "modified": p.modified.isoformat() if p.modified else None,
        },
        "sheet": {},
    }
    for ws in wb.worksheets:
        ps = ws.page_setup
        out["sheet"][ws.title] = {
            "max_row": ws.max_row,
            "max_column": ws.max_column,
            "freeze_panes": ws.freeze_panes,
            "auto_filter": ws.auto_filter.ref,
            "print_title_rows": ws.print_title_rows,
            "widths": {
                get_column_letter(i): ws.column_dimensions[get_column_letter(i)].width
                for i in range(1, ws.max_column + 1)
            },
            "header_height": ws.row_dimensions[1].height,
            "orientation": ps.orientation,
            "paper_size": ps.paperSize,
            "fit_to_width": ps.fitToWidth,
            "fit_to_height": ps.fitToHeight,
            "fit_to_page": ws.sheet_properties.pageSetUpPr.fitToPage
            if ws.sheet_properties.pageSetUpPr
            else None,
            "odd_header": {
                "left": ws.oddHeader.left.text,
                "center": ws.oddHeader.center.text,
                "right": ws.oddHeader.right.text,
            },
            "odd_footer": {
                "left": ws.oddFooter.left.text,
                "center": ws.oddFooter.center.text,
                "right": ws.oddFooter.right.text,
            },
            "validations": [
                {
                    "sqref": str(dv.sqref),
                    "type": dv.type,
                    "formula1": dv.formula1,
                    "allow_blank": bool(dv.allow_blank),
                }
                for dv in ws.data_validations.dataValidation
            ],
            "last_row": [
                cell_json(c)
                for c in next(ws.iter_rows(min_row=ws.max_row, max_row=ws.max_row))
            ],
            "rows": [
                [cell_json(c) for c in row]
                for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, max_rows))
            ],
        }
    json.dump(out, sys.stdout, ensure_ascii=False)


main()

"""Read or edit an XLSX file with openpyxl, as a translator's spreadsheet
program would, for the tests of mla i18n and mla translate.

Usage:
  python3 sheet.py dump FILE          print the first sheet as JSON
  python3 sheet.py edit FILE EDITS    apply EDITS (JSON) and save FILE

EDITS is a list of {"match": {"A": value, ...}, "set": {"F": value, ...}}:
every row whose cells match gets the cells of "set"; an edit that matches
no row is an error. {"delete_column": "C"} deletes a column.
"""
import json
import sys

import openpyxl


def dump(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    print(json.dumps({
        "sheets": wb.sheetnames,
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "rows": rows,
    }, ensure_ascii=False, default=str))


def edit(path, edits):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for e in edits:
        if "delete_column" in e:
            ws.delete_cols(openpyxl.utils.column_index_from_string(e["delete_column"]))
            continue
        hits = 0
        for r in ws.iter_rows(min_row=2):
            cells = {c.column_letter: c for c in r}
            if all(cells[k].value == v for k, v in e["match"].items()):
                for k, v in e["set"].items():
                    cells[k].value = v
                hits += 1
        if hits == 0:
            sys.exit("no row matches %r" % e["match"])
    wb.save(path)


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(sys.argv[2])
    else:
        edit(sys.argv[2], json.loads(sys.argv[3]))

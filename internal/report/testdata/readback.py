"""Read report.xlsx with openpyxl and print its sheets as JSON.

Usage: /usr/bin/python3 readback.py FILE

openpyxl is independent of excelize: a drop-down list or a row that
excelize dropped without an error shows up here as missing.
"""
import datetime
import json
import sys

import openpyxl


def value(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    return v


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    out = {"sheets": wb.sheetnames, "sheet": {}}
    for ws in wb.worksheets:
        out["sheet"][ws.title] = {
            "rows": [[value(c.value) for c in row] for row in ws.iter_rows()],
            "validations": [
                {"sqref": str(dv.sqref), "type": dv.type, "formula1": dv.formula1}
                for dv in ws.data_validations.dataValidation
            ],
        }
    json.dump(out, sys.stdout, ensure_ascii=False)


main()

"""Fill mla's intake workbook as a case officer would, with openpyxl (the
test TestOfficerCanadaInChinese runs it).

Usage:
  python3 fill_intake.py BOOK NOTES            fill every required column
                                               (header marked "*") of the
                                               case and of the first person,
                                               assistance and evidence item
  python3 fill_intake.py BOOK NOTES PTR...     fill what validate said is
                                               missing or wrong, by the JSON
                                               Pointer it named; PTR=VALUE
                                               writes VALUE there

NOTES is testdata/officer/notes.json: the officer's texts and values. A
coded column takes the first choice of its drop-down list; a yes/no column
"true"; a date column the notes' date. BOOK is saved in place.
"""
import json
import re
import sys

import openpyxl
from openpyxl.utils import range_boundaries

LISTS = {"persons", "assistance", "evidence", "assets", "annexes"}


def text_for(notes, path, lang):
    names = [p for p in path if not p.isdigit()]
    pair = None
    if len(names) >= 2:
        pair = notes["texts_by_parent"].get("/".join(names[-2:]))
    if pair is None:
        pair = notes["texts"].get(names[-1], ["本案有关情况", "Details of the case"])
    return pair[0] if lang == "zh" else pair[1]


def choices(wb, ws, cell):
    """The drop-down list of a cell, or None."""
    for dv in ws.data_validations.dataValidation:
        if dv.type != "list" or cell.coordinate not in dv.sqref:
            continue
        f = dv.formula1 or ""
        if f.startswith('"'):
            return f.strip('"').split(",")
        m = re.match(r"'?([^'!]+)'?!(.+)", f)
        if not m:
            return None
        src = wb[m.group(1)]
        c1, r1, c2, r2 = range_boundaries(m.group(2).replace("$", ""))
        out = []
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                v = src.cell(r, c).value
                if v is not None:
                    out.append(str(v))
        return out
    return None


def value_for(wb, ws, cell, field, notes):
    path = field.split("/")
    if path[-1] in ("zh", "en"):
        return text_for(notes, path[:-1], path[-1])
    options = choices(wb, ws, cell)
    if options:
        return options[0]
    name = path[-1]
    if name in notes["scalars"]:
        return notes["scalars"][name]
    if name in ("date", "from", "to", "opened", "date_of_birth", "execute_by", "acquired"):
        return notes["scalars"]["date"]
    return None


def fields(ws):
    return {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(1, c).value}


def first_item(field, prefix):
    """Whether field is prefix itself or below it, in the first item of a
    list (x/1/zh, not x/2/zh)."""
    if field == prefix:
        return True
    if not field.startswith(prefix + "/"):
        return False
    rest = field[len(prefix) + 1:].split("/")
    return not (rest[0].isdigit() and rest[0] != "1")


def fill_row(wb, ws, row, notes, prefix=None):
    done = 0
    for field, col in fields(ws).items():
        cell = ws.cell(row, col)
        if prefix is None:
            header = str(ws.cell(2, col).value or "")
            if not header.startswith("*") or cell.value not in (None, ""):
                continue
        elif not first_item(field, prefix):
            continue
        v = value_for(wb, ws, cell, field, notes)
        if v is None:
            if prefix is None:
                sys.exit("the officer has no value for %s!%s (%s)" % (ws.title, cell.coordinate, field))
            continue  # an optional part of what was asked for
        cell.value = v
        done += 1
    return done


def locate(wb, ptr):
    """The sheet, row and field (or None: the whole row) of a pointer."""
    toks = ptr.lstrip("/").split("/")
    if toks[0] in LISTS:
        row = 3 + int(toks[1]) if len(toks) > 1 else 3
        return wb[toks[0]], row, "/".join(toks[2:]) or None
    if toks[:2] == ["case", "offences"]:
        row = 3 + int(toks[2]) if len(toks) > 2 else 3
        return wb["offences"], row, "/".join(toks[3:]) or None
    return wb["case"], 3, "/".join(toks)


def main():
    book, notes_path, ptrs = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(notes_path, encoding="utf-8") as f:
        notes = json.load(f)
    wb = openpyxl.load_workbook(book)
    if not ptrs:
        # The parts every case has: the case, its first person, assistance
        # item and evidence item (their ids are there already).
        for name in ("case", "persons", "assistance", "evidence"):
            fill_row(wb, wb[name], 3, notes)
    for ptr in ptrs:
        if "=" in ptr:
            # A value the message gave (its example, its first choice).
            ptr, value = ptr.split("=", 1)
            ws, row, field = locate(wb, ptr)
            cols = fields(ws)
            if field not in cols:
                sys.exit("no column of %s holds %s" % (ws.title, ptr))
            ws.cell(row, cols[field]).value = value
            continue
        ws, row, field = locate(wb, ptr)
        if fill_row(wb, ws, row, notes, field) == 0:
            sys.exit("no column of %s holds %s" % (ws.title, ptr))
    wb.save(book)


if __name__ == "__main__":
    main()

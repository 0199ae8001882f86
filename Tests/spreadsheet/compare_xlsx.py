#!/usr/bin/env python3
"""Reads an .xlsx with openpyxl (an independent reader) and compares it cell by cell with the
CSV exported from the same page: same rows, same text, dates as real dates that show the
same minute. Usage: compare_xlsx.py FILE.xlsx FILE.csv [--no-dates]; prints "same" or the differences."""
import csv
import datetime
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
sheet = book.worksheets[0]
with open(sys.argv[2], encoding="utf-8-sig", newline="") as f:
    expected = list(csv.reader(f))
problems = []
rows = list(sheet.iter_rows(values_only=True))
if len(rows) != len(expected):
    problems.append(f"{len(rows)} rows in the xlsx, {len(expected)} in the csv")
dates = 0
for r, (got, want) in enumerate(zip(rows, expected)):
    for c, want_text in enumerate(want):
        value = got[c] if c < len(got) else None
        if isinstance(value, datetime.datetime):
            dates += 1
            # Serial days carry the second only to a microsecond or so: round to the nearest.
            value = (value + datetime.timedelta(microseconds=500_000)).replace(microsecond=0)
            text = value.strftime("%Y-%m-%d %H:%M:%S" if len(want_text) == 19 else "%Y-%m-%d %H:%M")
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = "" if value is None else str(value)
        if text != want_text:
            problems.append(f"row {r + 1} column {c + 1}: xlsx {text!r}, csv {want_text!r}")
if dates == 0 and len(expected) > 1 and "--no-dates" not in sys.argv:
    problems.append("no cell came back as a date")
print("same" if not problems else "\n".join(problems))
print(f"sheet {sheet.title!r}, {len(rows)} rows, {dates} dates")

#!/usr/bin/env python3
"""Writes an .xlsx the way Excel does (shared strings, deflated parts, dates as serial numbers in
a date format), with openpyxl as an independent writer, from a JSON description:
{"headers": [...], "rows": [[cell, ...], ...]} where a cell is a string, a number, or
{"date": "YYYY-MM-DD"}. Usage: make_xlsx.py OUT.xlsx DESCRIPTION.json"""
import datetime
import json
import sys

import openpyxl

out, description = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
book = openpyxl.Workbook()
sheet = book.active
sheet.append(description["headers"])
for row in description["rows"]:
    cells = []
    for cell in row:
        if isinstance(cell, dict) and "date" in cell:
            cells.append(datetime.datetime.strptime(cell["date"], "%Y-%m-%d"))
        else:
            cells.append(cell)
    sheet.append(cells)
    for c in sheet[sheet.max_row]:
        if isinstance(c.value, datetime.datetime):
            c.number_format = "yyyy/m/d"
book.save(out)

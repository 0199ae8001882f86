#!/usr/bin/env python3
"""Prints the first sheet of an .xlsx as JSON rows of text, read with openpyxl (an independent
reader), and whether any cell holds a formula. Usage: read_xlsx.py FILE.xlsx"""
import json
import sys

import openpyxl

sheet = openpyxl.load_workbook(sys.argv[1]).active
rows = [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]
formulas = any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
print(json.dumps({"rows": rows, "formulas": formulas}, ensure_ascii=False))

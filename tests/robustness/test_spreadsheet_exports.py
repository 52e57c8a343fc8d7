"""No CSV or spreadsheet leaves the service with a cell a spreadsheet would run.

A name typed as ``=HYPERLINK("http://evil.example","Click")`` or ``+cmd|'/c calc'!A1``
becomes a formula when an office opens an export in a spreadsheet program. Today the
service writes no CSV or spreadsheet at all (the person's data export is JSON and a
printable page); this test keeps it that way until an export escapes such cells.
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent.parent / "decentwork"

# Writing, not reading: the ESCO importer reads CSV with csv.reader.
WRITES_A_SPREADSHEET = re.compile(
    r"csv\.(?:writer|DictWriter)\(|text/csv|openpyxl|xlsxwriter|spreadsheetml|"
    r"\.xlsx\b|\.ods\b|vnd\.ms-excel")


def test_no_module_writes_csv_or_spreadsheets_unescaped() -> None:
    writers = [str(path.relative_to(PACKAGE.parent))
               for path in sorted(PACKAGE.rglob("*"))
               if path.suffix in {".py", ".html", ".txt"}
               and WRITES_A_SPREADSHEET.search(path.read_text(encoding="utf-8"))]
    assert writers == [], (
        "These files write CSV or spreadsheets. Every cell starting with =, +, -, @, a tab "
        "or a carriage return must be prefixed with ' (OWASP CSV injection): write them "
        "through one shared writer that does so, test it with such a name, and list that "
        f"writer here as the one allowed: {writers}")

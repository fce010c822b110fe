"""Workbooks for import tests, with the quirks real files have: stale size records, hidden sheets, formulas with
or without calculated values."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook


def save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_sheets(content: bytes, change) -> bytes:
    """The workbook with `change(xml text)` applied to every worksheet part."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def stale_dimension(content: bytes, ref: str = "A1:B2") -> bytes:
    """Say the sheet is smaller than it is, as some programs write it (read-only reading then drops cells)."""
    return rewrite_sheets(content, lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml))


def cache_formulas(content: bytes) -> bytes:
    """Store each formula's calculated value, as Excel does on saving (openpyxl writes formulas without one). The
    formulas here are plain numbers (=1302), so the value is the formula's text."""
    return rewrite_sheets(content, lambda xml: re.sub(r"<f>([-\d.]+)</f><v\s*/>", r"<f>\1</f><v>\1</v>", xml))

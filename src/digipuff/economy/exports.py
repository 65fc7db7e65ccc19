"""Excel downloads of the economy tables: the exact amounts in tkr, shown rounded by the cell format, so a sum in
Excel is the exact sum (as in DigiPUFF) while the cells read like the report."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _

from digipuff.core.suppression import SUPPRESSED
from digipuff.economy.selectors import BOOL, MONEY, NUMBER, PERCENT, Table

UNITS = {"tkr": (Decimal(1000), "#,##0;-#,##0"), "mnkr": (Decimal(1_000_000), "#,##0.0;-#,##0.0")}


def table_workbook(table: Table, *, heading: str, unit: str = "tkr") -> bytes:
    # openpyxl is imported here, not at the top: the economy pages import this module, and every process would
    # otherwise pay openpyxl's import at start-up.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    divisor, number_format = UNITS.get(unit, UNITS["tkr"])
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook starts with one worksheet, and it is active
    sheet.title = table.key[:31]
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"{table.title}, {unit}"])
    row_number = 3
    if table.groups:
        column = 2
        for label, span in table.groups:
            sheet.cell(row=row_number, column=column, value=label).font = Font(bold=True)
            if span > 1:
                sheet.merge_cells(
                    start_row=row_number, start_column=column, end_row=row_number, end_column=column + span - 1
                )
            column += span
        row_number += 1
    sheet.cell(row=row_number, column=1, value="")
    for index, column_spec in enumerate(table.columns, 2):
        heading_cell = sheet.cell(row=row_number, column=index, value=column_spec.label)
        heading_cell.font = Font(bold=True)
        heading_cell.alignment = Alignment(wrap_text=True, horizontal="right")
    for row in table.rows:
        row_number += 1
        label_cell = sheet.cell(row=row_number, column=1, value=row.label)
        if row.style in {"subtotal", "total", "section"}:
            label_cell.font = Font(bold=True)
        for index, column_spec in enumerate(table.columns, 2):
            value = row.values.get(column_spec.key)
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=index)
            if value == SUPPRESSED:
                cell.value = SUPPRESSED
                cell.alignment = Alignment(horizontal="right")
            elif column_spec.kind == MONEY:
                cell.value = float(Decimal(value) / divisor)
                cell.number_format = number_format
            elif column_spec.kind in {NUMBER, PERCENT}:
                cell.value = float(value)
                cell.number_format = "#,##0.0"
            elif column_spec.kind == BOOL:
                cell.value = _("Yes") if value else _("No")
            else:
                cell.value = str(value)
            if row.style in {"subtotal", "total"}:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 48
    for index in range(2, len(table.columns) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    for note in table.notes:
        row_number += 2
        sheet.cell(row=row_number, column=1, value=note)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""Small SIE 4 and budget files for the economy tests."""

from __future__ import annotations

from decimal import Decimal

from digipuff.economy import services
from digipuff.organisation.models import OrgUnit


def sie(
    vouchers: list[tuple[str, list[tuple[str, str, str]]]],
    *,
    year: int = 2019,
    extra: list[str] | None = None,
    encoding: str = "cp437",
) -> bytes:
    """A SIE 4 file: vouchers as (date YYYYMMDD, [(account, object in dimension 1 or "", amount)])."""
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "Testprogram" 1.0',
        "#FORMAT PC8",
        "#SIETYP 4",
        '#FNAMN "Socialnämnden, Älvsjö"',
        f"#RAR 0 {year}0101 {year}1231",
        '#KONTO 3110 "Avgifter för vård och omsorg"',
        '#KONTO 5010 "Löner månadsavlönade"',
        '#KONTO 6110 "Lokalhyror, Ödeshög"',
        '#KONTO 2440 "Leverantörsskulder"',
        '#DIM 1 "Ansvar"',
        '#OBJEKT 1 "3200" "Barn och ungdom, Ängen"',
        *(extra or []),
    ]
    for number, (day, rows) in enumerate(vouchers, 1):
        lines.append(f'#VER A {number} {day} "Verifikation åäö {number}"')
        lines.append("{")
        for account, obj, amount in rows:
            objects = f'{{1 "{obj}"}}' if obj else "{}"
            lines.append(f'#TRANS {account} {objects} {amount} {day} "Text med å, ä och ö"')
        lines.append("}")
    return ("\n".join(lines) + "\n").encode(encoding)


def cost(day: str, account: str, obj: str, amount: str) -> tuple[str, list[tuple[str, str, str]]]:
    """A voucher booking `amount` on `account` against accounts payable."""
    return day, [(account, obj, amount), ("2440", "", str(-Decimal(amount)))]


def areas(committee: OrgUnit, sn_operation: OrgUnit | None = None, *, year: int = 2019) -> None:
    """Kommun-Bas cost lines and one operation area 'VB' holding ansvar 3200-3299, for the year."""
    services.cost_lines_ensure_default(committee=committee, year=year)
    services.operation_area_save(
        actor=None,
        committee=committee,
        year=year,
        code="VB",
        name="Vård och behandling",
        org_unit=sn_operation,
        separate=False,
        earmarked=False,
        sort_order=0,
        ranges=[("3200", "3299")],
    )

"""How a stored number is written as text, without grouping or rounding (for the display
with grouping, see formatting.tr_number)."""

from decimal import Decimal


def plain_number(value: Decimal) -> str:
    """A stored number as exchanged in files: '1234.5', '12' (no padding zeros, no exponent)."""
    return f"{value.normalize():f}"


def tr_number_text(value: Decimal) -> str:
    """A stored number as a Turkish reader types it: '1234,5'."""
    return plain_number(value).replace(".", ",")

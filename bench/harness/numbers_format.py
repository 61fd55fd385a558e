"""How the report and the plots write a figure."""


def number(v):
    """3 significant digits, without exponents: 0.0661, 1.43, 14.3, 1,430."""
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"

"""Horizontal bar charts written as SVG text (no plotting package to install): one bar per peer
with its median, and a whisker from its minimum to its maximum over the rounds."""

from xml.sax.saxutils import escape

from numbers_format import number

BAR_H, GAP, LABEL_W, PLOT_W, VALUE_W, TOP = 18, 6, 150, 360, 150, 28


def bar_chart(title, unit, rows):
    """rows: [(label, median, minimum, maximum)], drawn in that order."""
    height = TOP + len(rows) * (BAR_H + GAP) + 10
    width = LABEL_W + PLOT_W + VALUE_W
    top = max((r[3] for r in rows), default=0) or 1
    x = lambda v: LABEL_W + PLOT_W * v / top  # noqa: E731
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="4" y="16" font-weight="bold">{escape(title)} ({escape(unit)})</text>']
    for i, (label, median, low, high) in enumerate(rows):
        y = TOP + i * (BAR_H + GAP)
        mid = y + BAR_H / 2
        colour = "#d9534f" if label == "wsclient" else "#5b8db8"
        out += [
            f'<text x="{LABEL_W - 6}" y="{mid + 4}" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{LABEL_W}" y="{y}" width="{x(median) - LABEL_W:.1f}" height="{BAR_H}" '
            f'fill="{colour}"/>',
            f'<line x1="{x(low):.1f}" x2="{x(high):.1f}" y1="{mid}" y2="{mid}" stroke="black"/>',
            f'<text x="{LABEL_W + PLOT_W + 6}" y="{mid + 4}">{number(median)}</text>',
        ]
    out.append("</svg>")
    return "\n".join(out) + "\n"

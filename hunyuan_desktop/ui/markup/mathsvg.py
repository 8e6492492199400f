"""A formula to SVG with ziamath, in a worker process: ziamath is pure Python (2-40 ms a formula), and
drawn on a thread of the app it held the GIL against the GUI thread (streaming stalled up to 110 ms).
This module imports no Qt: the worker process starts light; the app turns the SVG into an image."""

from __future__ import annotations

import re
import warnings


def svg_of(tex: str, px: float, colour: str) -> str | None:
    """The formula as SVG at ``px`` pixels per em in ``colour``; None when ziamath cannot draw it (a
    command it does not know would be drawn as its name; a syntax error)."""
    with warnings.catch_warnings():  # ziamath 0.13 finds its font with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        from ziamath.config import config  # noqa: PLC0415 - 0.2 s of import: in the worker, when first needed
        from ziamath.zmath import Latex  # noqa: PLC0415 - as above

    config.svg2 = False  # with <symbol>/<use> QtSvg draws only the fraction bars
    try:
        formula = Latex(tex, size=px, color=colour)
        if re.search(r"<mi>\\[A-Za-z]", formula.mathmlstr()):
            return None
        return str(formula.svg())
    except Exception:  # any failure of a third-party parser means: show the source
        return None

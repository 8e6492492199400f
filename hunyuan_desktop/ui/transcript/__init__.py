"""The conversation as the window shows it: a virtualised view of messages (view.py and the parts mixed in
beside it: paint.py, selection.py, input.py), one message's layout (layout.py), places in the text
(positions.py), markdown (markdown.py), plain bodies (plainbody.py), the find bar (find.py) and what screen
readers read (access.py)."""

from __future__ import annotations

from hunyuan_desktop.ui.transcript.input import InputMixin
from hunyuan_desktop.ui.transcript.paint import PaintMixin
from hunyuan_desktop.ui.transcript.view import ZOOM_STEP


class ChatView(PaintMixin, InputMixin):
    """The chat pane. Its parts, each building on the one before: :class:`ViewCore` (data, documents,
    heights, scrolling, rendering), selection and copy, find marks and painting, the mouse and keys."""


__all__ = ["ZOOM_STEP", "ChatView"]

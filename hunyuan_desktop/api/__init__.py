"""HTTP access to OpenAI-compatible chat APIs. No Qt here."""

import sys
import types

# httpx's package imports its command-line tool, which imports rich and click wherever they are installed
# (40 ms and ~6 MB the app never uses): an empty stand-in module makes httpx define its fallback instead.
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", types.ModuleType("httpx._main"))

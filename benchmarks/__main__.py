"""Run every benchmark (`make bench`) or some by name:
`python -m benchmarks stream shapes scroll find open startup bundle sse search list import readwait sync`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from benchmarks.common import machine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(names: list[str]) -> None:
    from benchmarks import (
        bench_bundle,
        bench_find,
        bench_import,
        bench_list,
        bench_open,
        bench_readwait,
        bench_scroll,
        bench_search,
        bench_shapes,
        bench_sse,
        bench_startup,
        bench_stream,
        bench_sync,
    )

    table: dict[str, Callable[[], object]] = {
        "stream": bench_stream.run_bench,
        "shapes": bench_shapes.run_bench,
        "scroll": bench_scroll.run_bench,
        "find": bench_find.run_bench,
        "open": bench_open.run_bench,
        "startup": bench_startup.run_bench,
        "startup-profile": bench_startup.run_profile,
        "bundle": bench_bundle.run_bench,
        "sse": bench_sse.run,
        "search": bench_search.run_bench,
        "list": bench_list.run_bench,
        "import": bench_import.run_bench,
        "readwait": bench_readwait.run_bench,
        "sync": bench_sync.run_bench,
    }
    print(f"machine: {machine()}")
    for name in names or [n for n in table if n != "startup-profile"]:
        table[name]()


if __name__ == "__main__":
    main(sys.argv[1:])

"""Shared pieces for the benchmarks: a stand-in server in its own process, answer text, statistics."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication

from hunyuan_desktop.boot.aioqt import make_loop, run
from hunyuan_desktop.standin import DEMO_KEY

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """The stand-in server in a separate process, so its CPU time is not counted as the client's."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.base_url = self.origin + "/api/gpt/v1"
        self.key = DEMO_KEY

    def push(self, **fault: Any) -> None:
        req = urllib.request.Request(
            self.origin + "/_control/faults",
            data=json.dumps(fault).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - loopback only
            resp.read()


@contextmanager
def server_process(chunk_chars: int = 2, rate: float = 0.0) -> Iterator[ServerProcess]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hunyuan_desktop.standin",
            "--port",
            str(port),
            "--rate",
            str(rate),
            "--chunk-chars",
            str(chunk_chars),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        proc.stdout.readline()  # "serving on …"
        yield ServerProcess(port)
    finally:
        proc.terminate()
        proc.wait(10)


def maths_answer(chars: int = 20_000) -> str:
    """A Chinese answer heavy with maths as models write it: inline ``\\(…\\)`` and ``$…$``, display
    ``\\[…\\]`` and ``$$…$$`` with matrices and cases, money beside them; every formula differs (numbered),
    so the formula cache does not hide the drawing cost."""
    parts: list[str] = []
    i = 0
    while sum(len(p) for p in parts) < chars:
        i += 1
        parts.append(f"### 第{i}题\n\n")
        parts.append(f"设 \\(f(x) = x^{{{i}}} + {i}x\\)，则 $f'(x) = {i}x^{{{i - 1}}} + {i}$，价格是 $5 到 $10。\n\n")
        parts.append(f"\\[ \\int_0^{{{i}}} x^2\\,dx = \\frac{{{i}^3}}{{3}} \\]\n\n")
        if i % 2 == 0:
            parts.append(
                f"$$\n\\begin{{pmatrix}}{i} & 2\\\\ 3 & {i + 1}\\end{{pmatrix}}"
                f"\\begin{{pmatrix}}x\\\\ y\\end{{pmatrix}} = "
                f"\\begin{{pmatrix}}{i}x+2y\\\\ 3x+{i + 1}y\\end{{pmatrix}}\n$$\n\n"
            )
        if i % 3 == 0:
            parts.append(f"$$\ng(x) = \\begin{{cases}} x^{{{i}}} & x \\ge 0 \\\\ -x & x < 0 \\end{{cases}}\n$$\n\n")
        parts.append("所以结论成立，详见上式的推导过程与边界条件的讨论。\n\n")
    return "".join(parts)[:chars]


def answer_text(chars: int = 20_000) -> str:
    """A Chinese markdown answer with headings, lists, a table and code blocks, about `chars` long."""
    parts: list[str] = []
    i = 0
    while sum(len(p) for p in parts) < chars:
        i += 1
        parts.append(f"## 第{i}节：分布式系统的一致性\n\n")
        parts.append(
            "在分布式系统中，**一致性**是指多个副本之间的数据保持相同的状态。常见的模型包括强一致性、"
            "最终一致性和因果一致性，每一种都在可用性与延迟之间做出不同的取舍。\n\n"
        )
        parts.append(
            "- 强一致性：读操作总能读到最新的写入；\n- 最终一致性：没有新的写入时，副本最终会收敛；\n"
            "- 因果一致性：有因果关系的操作按顺序可见。\n\n"
        )
        if i % 3 == 0:
            parts.append(
                "| 模型 | 延迟 | 可用性 |\n| --- | --- | --- |\n| 强一致 | 高 | 低 |\n| 最终一致 | 低 | 高 |\n\n"
            )
        if i % 2 == 0:
            parts.append(
                '```python\ndef quorum(n: int) -> int:\n    """多数派大小"""\n    return n // 2 + 1\n\n'
                "for n in range(3, 8):\n    print(n, quorum(n))\n```\n\n"
            )
    return "".join(parts)[:chars]


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    return f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}"


def run_on_qt_loop(measure: Callable[[QApplication], Coroutine[Any, Any, T]]) -> T:
    """Run a benchmark coroutine on the app's qasync loop (offscreen Qt), as the app itself runs."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    loop = make_loop(app)
    try:
        return run(loop, measure(app))
    finally:
        loop.close()

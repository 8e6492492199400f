"""Start-up: process start to the main window shown (offscreen), median of 10 runs; idle memory."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from benchmarks.common import fmt_ms, median


def run_bench(runs: int = 10) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HUNYUAN_API_KEY": "sk-bench"}
    # As installed from a wheel: compiled bytecode is cached (the first, discarded run writes it). Without
    # this, a PYTHONDONTWRITEBYTECODE environment recompiles the app's modules on every start (~40 ms).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    times: list[float] = []
    rss: list[float] = []
    with tempfile.TemporaryDirectory() as data:
        for i in range(runs + 1):
            start = time.time()
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.startup_driver", data],
                env=env,
                capture_output=True,
                text=True,
                check=True,
                timeout=60,
            ).stdout.split()
            if i == 0:
                continue  # the first run warms the disk cache and creates the archive
            times.append(float(out[0]) - start)
            rss.append(float(out[1]))
    result = {"median": median(times), "min": min(times), "max": max(times), "rss": median(rss)}
    print(
        f"startup: process start to window shown median {fmt_ms(result['median'])} (range {fmt_ms(result['min'])}–"
        f"{fmt_ms(result['max'])}, {runs} runs, target < 400 ms); idle RSS {result['rss']:.0f} MB (target < 130 MB)"
    )
    return result


if __name__ == "__main__":
    run_bench()

"""Start-up against the floor: process start to the main window painted, and resident memory after idling,
for the app and for a bare PySide6 QMainWindow, alternating in one run (7 rounds), offscreen and, where an
X server is there (DISPLAY), under it. The ratios are the figures to hold (issue 24: window ≤ 2.0×, idle
memory ≤ 1.6× the bare window's); absolute times move with the machine's load, ratios much less.

``python -m benchmarks startup-profile``: where the app's start goes, from ``python -X importtime``
(the slowest imports, cumulative) and cProfile of the composition (the slowest calls)."""

from __future__ import annotations

import io
import os
import pstats
import subprocess
import sys
import tempfile
import time

from benchmarks.common import fmt_ms, median

ROUNDS = 7
TARGET_TIME, TARGET_RSS = 2.0, 1.6


def _env(platform: str) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "HUNYUAN_API_KEY": "sk-bench"}
    # As installed from a wheel: compiled bytecode is cached (the first, discarded run writes it). Without
    # this, a PYTHONDONTWRITEBYTECODE environment recompiles the app's modules on every start (~40 ms).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("BENCH_IDLE_S", "3.0")
    return env


def _once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.startup_driver", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    return float(out[0]) - start, float(out[1])


def _platforms() -> list[str]:
    return ["offscreen"] + (["xcb"] if os.environ.get("DISPLAY") else [])


def run_bench(rounds: int = ROUNDS) -> dict[str, float]:
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as data:
        for platform in _platforms():
            env = _env(platform)
            _once([data], env)  # warms the disk cache and the bytecode, creates the archive
            _once(["--bare"], env)
            app_t, bare_t, app_m, bare_m, ratios = [], [], [], [], []
            for _ in range(rounds):
                t, m = _once([data], env)
                b, bm = _once(["--bare"], env)
                app_t.append(t)
                bare_t.append(b)
                app_m.append(m)
                bare_m.append(bm)
                ratios.append(t / b)
            time_ratio = median(app_t) / median(bare_t)
            rss_ratio = median(app_m) / median(bare_m)
            print(
                f"startup [{platform}]: window painted {fmt_ms(median(app_t))} vs bare PySide6 "
                f"{fmt_ms(median(bare_t))} = {time_ratio:.2f}× (per round {min(ratios):.2f}–{max(ratios):.2f}×, "
                f"target ≤ {TARGET_TIME}×); idle RSS {median(app_m):.0f} MB vs {median(bare_m):.0f} MB = "
                f"{rss_ratio:.2f}× (target ≤ {TARGET_RSS}×); {rounds} rounds alternating"
            )
            result[f"{platform}_median"] = median(app_t)
            result[f"{platform}_ratio"] = time_ratio
            result[f"{platform}_rss"] = median(app_m)
            result[f"{platform}_rss_ratio"] = rss_ratio
    result["median"] = result["offscreen_median"]
    result["rss"] = result["offscreen_rss"]
    return result


def run_profile(top: int = 25) -> None:
    """The slowest imports (cumulative, -X importtime) and the slowest calls of the composition."""
    env = _env("offscreen")
    env["BENCH_IDLE_S"] = "0.1"
    with tempfile.TemporaryDirectory() as data:
        _once([data], env)
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "benchmarks.startup_driver", data],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        rows: list[tuple[int, str]] = []
        for line in done.stderr.splitlines():
            if line.startswith("import time:") and "|" in line and "cumulative" not in line:
                _, total, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
                rows.append((int(total), name))
        print(f"startup-profile: slowest imports, cumulative (top {top}):")
        for micros, name in sorted(rows, reverse=True)[:top]:
            print(f"  {micros / 1000:8.1f} ms  {name}")
        subprocess.run(
            [sys.executable, "-m", "cProfile", "-o", f"{data}/start.prof", "-m", "benchmarks.startup_driver", data],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        out = io.StringIO()
        stats = pstats.Stats(f"{data}/start.prof", stream=out)
        stats.sort_stats("cumulative").print_stats(top)
        print("startup-profile: slowest calls (cumulative):")
        print(out.getvalue())


if __name__ == "__main__":
    run_bench()

"""The PyInstaller bundle (issue 13): its size on disk, and its start-up (process start to the main window
painted, offscreen, the same --smoke-test path) beside the source checkout's, median of 7 runs each.
Target: within 1.2x of the checkout. Skipped with a note when no bundle was built (`make package`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import fmt_ms, median

BUNDLE = Path(__file__).resolve().parent.parent / "dist" / "hunyuan-desktop"


def size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def start_times(command: list[str], runs: int) -> list[float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached after the first run
    times: list[float] = []
    with tempfile.TemporaryDirectory() as data:
        for i in range(runs + 1):
            start = time.time()
            done = subprocess.run(
                [*command, "--smoke-test", "--data-dir", data],
                env=env, capture_output=True, text=True, check=True, timeout=120,
            )  # fmt: skip
            report = json.loads(done.stdout.strip().splitlines()[-1])
            assert report["ok"], report
            if i:  # the first run warms the disk cache
                times.append(report["shown_at"] - start)
    return times


def run_bench(runs: int = 7) -> dict[str, float]:
    if not (BUNDLE / "hunyuan-desktop").exists():
        print("bundle: no bundle in dist/hunyuan-desktop (run `make package` first); skipped")
        return {}
    checkout = start_times([sys.executable, "-m", "hunyuan_desktop"], runs)
    bundle = start_times([str(BUNDLE / "hunyuan-desktop")], runs)
    result = {
        "size_mb": size_mb(BUNDLE),
        "checkout": median(checkout),
        "bundle": median(bundle),
        "ratio": median(bundle) / median(checkout),
    }
    print(
        f"bundle: {result['size_mb']:.0f} MB on disk; start-up to the window painted (--smoke-test, {runs} runs): "
        f"bundle median {fmt_ms(result['bundle'])} vs checkout {fmt_ms(result['checkout'])}, ratio "
        f"{result['ratio']:.2f} (target <= 1.2)"
    )
    return result


if __name__ == "__main__":
    run_bench()

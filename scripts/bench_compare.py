"""Paired benchmarks: the same benchmarks on an older commit and on the working tree, alternating on this
machine in one sitting (the machines are shared and noisy: figures from different days do not compare).

    .venv/bin/python scripts/bench_compare.py c668508 startup stream open --rounds 2

The older commit is checked out in a temporary git worktree and run with this checkout's virtual
environment (its dependencies must still import). Each round runs every named benchmark before, then
after; the printed figures of each run are shown one above the other. A benchmark the older commit does
not have is run after only, or with ``--bring`` copied into the older tree (when what it calls is the same
there).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(tree: Path, name: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(tree))
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", name],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if not line.startswith("machine:")]
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        lines.append(f"(failed: exit {done.returncode}) {last}")
    return "\n".join(lines)


def register(tree: Path, name: str) -> None:
    """Make ``python -m benchmarks NAME`` know a benchmark brought into the older tree."""
    main = tree / "benchmarks" / "__main__.py"
    text = main.read_text(encoding="utf-8")
    text = text.replace(
        "    table = {",
        f"    from benchmarks import bench_{name}\n\n    table = {{\n        {name!r}: bench_{name}.run_bench,",
        1,
    )
    main.write_text(text, encoding="utf-8")


def has(tree: Path, name: str) -> bool:
    return (tree / "benchmarks" / f"bench_{name}.py").exists()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", help="the older commit (a hash, a tag, HEAD~3)")
    parser.add_argument("names", nargs="+", help="benchmarks by name (python -m benchmarks NAME)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--bring", action="store_true", help="copy benchmarks the older commit lacks into it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-before-") as tmp:
        before = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(before), args.before], cwd=ROOT, check=True)
        try:
            for name in args.names:
                if args.bring and not has(before, name) and has(ROOT, name):
                    shutil.copy(ROOT / "benchmarks" / f"bench_{name}.py", before / "benchmarks")
                    register(before, name)
            print(f"before: {args.before}; after: the working tree of {ROOT}")
            for round_ in range(1, args.rounds + 1):
                for name in args.names:
                    print(f"\n== {name}, round {round_}")
                    if has(before, name):
                        print("before: " + run(before, name).replace("\n", "\n        "))
                    print("after:  " + run(ROOT, name).replace("\n", "\n        "), flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

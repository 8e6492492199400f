"""Search: an archive of 100,000 messages; title-and-text searches of several kinds."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from benchmarks.common import answer_text, fmt_ms, median
from hunyuan_desktop.domain import Role
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive

QUERIES = {
    "3+ characters (FTS5 trigram)": "最终一致性",
    "2 Chinese characters (character index)": "副本",
    "1 Chinese character (character index)": "序",
    "ASCII word (FTS5 trigram)": "quorum",
    "no match (FTS5 trigram)": "不存在的内容",
    "2 characters, no match (character index)": "鲸鱼",
}


def run_bench() -> dict[str, float]:
    rng = random.Random(3)
    samples = [answer_text(n) for n in (60, 300, 900)] + ["排序算法怎么选？", "谢谢，明白了。", "Explain quorum reads."]
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive.open(Path(tmp) / ARCHIVE_NAME)
        t0 = time.perf_counter()
        for c in range(1000):
            conv = archive.create_conversation(f"对话 {c} 关于系统设计", "hunyuan-lite")
            archive.append_many(
                conv.id, [(Role.USER if i % 2 == 0 else Role.ASSISTANT, rng.choice(samples)) for i in range(100)]
            )
        built = time.perf_counter() - t0
        results: dict[str, float] = {}
        for label, query in QUERIES.items():
            times = []
            for _ in range(7):
                start = time.perf_counter()
                archive.search(query)
                times.append(time.perf_counter() - start)
            results[label] = median(times)
        archive.close()
    worst = max(results.values())
    print(
        f"search: 100,000 messages in 1,000 conversations (built in {built:.1f} s); median of 7 per query: "
        + "; ".join(f"{label} {fmt_ms(t)}" for label, t in results.items())
        + f"; worst {fmt_ms(worst)} (target ≤ 20 ms, issue 24)"
    )
    return results


if __name__ == "__main__":
    run_bench()

"""What the stand-in answers: canned replies (Chinese or English, by the question), a short title when the
app asks for one, a searched answer with its sources, and a token count close enough for billing."""

from __future__ import annotations

import re
from typing import Any

DEMO_SOURCES: tuple[dict[str, Any], ...] = (
    {"index": 1, "title": "腾讯混元大模型 - 产品概述", "url": "https://cloud.tencent.com/document/product/1729/104753"},
    {"index": 2, "title": "TokenHub 联网搜索说明", "url": "https://cloud.tencent.com/document/product/1823/132358"},
)
SEARCH_ANSWER = "根据搜索结果，混元大模型由腾讯研发[1]，可在 TokenHub 上联网搜索[2]。"
SEARCH_ANSWER_UNSOURCED = "根据搜索结果，通义千问由阿里云研发。"  # DashScope's compatible mode names no sources

DEMO_REPLIES = (
    """## 你好！这是离线演示

这是 **Hunyuan Desktop** 内置的本地演示服务器的回答，没有连接真实的 API，也不会产生任何费用。

你可以用它来熟悉界面：

1. 在左侧新建、重命名、搜索对话；
2. 拖动右侧的滑块调整 `temperature`、`top_p` 和 `max_tokens`；
3. 随时点击 **停止** 中断回答，已生成的部分会被保留。

| 功能 | 说明 |
| --- | --- |
| 余额 | 来自响应头 `X-Account-Balance` |
| 费用 | 按每 1000 tokens 的价格计算 |
| 存档 | 本地 SQLite，可搜索、可导出 |

```python
import httpx

async def ask(question: str) -> str:
    async with httpx.AsyncClient() as client:
        r = await client.post("/chat/completions", json={"messages": [{"role": "user", "content": question}]})
        return r.json()["choices"][0]["message"]["content"]
```

祝使用愉快！""",
    """### Quick answer (demo)

This reply comes from the **built-in offline stand-in server**: nothing left your machine and nothing
was billed, although the balance above falls as if it had been.

- Streaming arrives in small chunks, exactly like the real API.
- Usage and cost are reported at the end of every answer.
- Press *Stop* at any time; the partial answer is kept.

```bash
# Try the stand-in from a terminal
python -m hunyuan_desktop.standin --port 8765
curl -N http://127.0.0.1:8765/api/gpt/v1/chat/completions \\
  -H 'Authorization: Bearer sk-demo-local-0000' \\
  -d '{"model": "hunyuan-lite", "stream": true, "messages": [{"role": "user", "content": "hi"}]}'
```

> Tip: temperature and top_p both control diversity — set only one of them.""",
    """## 关于快速排序

快速排序（Quicksort）是一种分治算法，平均时间复杂度为 *O(n log n)*。

### 步骤

- 选择一个**基准**元素；
- 把小于基准的放左边，大于基准的放右边；
- 对左右两部分递归排序。

```python
def quicksort(items: list[int]) -> list[int]:
    if len(items) <= 1:
        return items
    pivot, *rest = items
    left = [x for x in rest if x < pivot]
    right = [x for x in rest if x >= pivot]
    return quicksort(left) + [pivot] + quicksort(right)
```

| 情况 | 复杂度 |
| --- | --- |
| 平均 | O(n log n) |
| 最坏 | O(n²) |

~~冒泡排序~~ 在大数据量时不推荐使用。""",
)


def estimate_tokens(text: str) -> int:
    cjk = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return max(1, cjk + (len(text) - cjk) // 4)


def asks_for_a_title(messages: list[Any]) -> bool:
    system = " ".join(str(m.get("content", "")) for m in messages if isinstance(m, dict) and m.get("role") == "system")
    return "标题" in system or "title" in system.lower()


def title_reply(conversation: str) -> str:
    """A title from the question's first clause: up to 20 characters of Chinese, or 8 words."""
    first = next((line.strip(" #*") for line in conversation.splitlines() if line.strip()), "")
    clause = re.split(r"[，。？！；,?!;]", first)[0].strip()
    if clause.isascii():
        return " ".join(clause.split()[:8])
    return clause[:20]


# Asked with 数学 / 公式 / math / formula: every delimiter models use, matrices, cases, and money beside them.
MATHS_REPLY = r"""## 一些公式

质能方程 $E=mc^2$，分数 \(\frac{a}{b}\) 与根号 $\sqrt{x^2+y^2}$ 写在句子里。

定积分：

\[ \int_0^1 x^2\,dx = \frac{1}{3} \]

矩阵乘法：

$$
\begin{pmatrix}1 & 2\\ 3 & 4\end{pmatrix}
\begin{pmatrix}x\\ y\end{pmatrix}
=
\begin{pmatrix}x+2y\\ 3x+4y\end{pmatrix}
$$

分段函数：

$$
f(x) = \begin{cases} x^2 & x \ge 0 \\ -x & x < 0 \end{cases}
$$

- [x] 行内公式
- [ ] 价格不是公式：$5 到 $10，价格是 $100 到 $200，`$HOME/bin:$PATH`

结论 $\boxed{\sum_{k=1}^{n} k = \frac{n(n+1)}{2}}$[^1]。

[^1]: 高斯小时候的故事。
"""


def pick_reply(question: str) -> str:
    if any(word in question.lower() for word in ("数学", "公式", "math", "formula")):
        return MATHS_REPLY
    ascii_only = question.isascii() and question.strip() != ""
    if ascii_only:
        return DEMO_REPLIES[1]
    return DEMO_REPLIES[2] if ("排序" in question or "算法" in question) else DEMO_REPLIES[0]


_FILE = re.compile(r'<file name="([^"]*)"( cut="true")?>\n(.*?)\n</file>', re.DOTALL)
_DATA_URL = re.compile(r"^data:(image/[a-z+.-]+);base64,([A-Za-z0-9+/=]*)$")


def content_tokens(content: Any) -> int:
    """A message's prompt tokens: its text, and about 765 per image (a 1,024-pixel image's tiles)."""
    if isinstance(content, list):
        text = " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type") == "text")
        images = sum(1 for p in content if isinstance(p, dict) and p.get("type") == "image_url")
        return estimate_tokens(text) + 765 * images
    return estimate_tokens(str(content))


def describe_received(content: Any) -> str:
    """What a question with attachments carried, as the stand-in saw it: each image (its type and size) and
    each file (its name and length), then the question. A vision model would look; the stand-in counts."""
    parts = content if isinstance(content, list) else [{"type": "text", "text": str(content)}]
    lines = ["## 收到的附件", ""]
    text = ""
    for part in parts:
        if not isinstance(part, dict):
            continue
        if part.get("type") == "image_url":
            image = part.get("image_url")
            url = str(image.get("url", "")) if isinstance(image, dict) else ""
            match = _DATA_URL.match(url)
            if match:
                size = len(match.group(2)) * 3 // 4
                lines.append(f"- 图片：{match.group(1)}，{size:,} 字节")
            else:
                lines.append(f"- 图片链接：{url[:80]}")
        elif part.get("type") == "text":
            text = str(part.get("text", ""))
    for name, cut, body in _FILE.findall(text):
        lines.append(f"- 文件：{name}，{len(body):,} 个字符{'（已截断）' if cut else ''}，开头：{body[:40]!r}")
    question = _FILE.sub("", text).strip()
    lines += ["", f"你的问题：{question}" if question else "（没有文字问题）"]
    return "\n".join(lines)

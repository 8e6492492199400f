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


# The welcome page's example questions (and their kind of question) get an answer of their kind: a table
# for a table, code for code, a letter for a letter, so the demo shows what the app does with each.
TABLE_REPLY = """## 远程办公的利弊（演示）

| 方面 | 利 | 弊 |
| :--- | :--- | :--- |
| 时间 | 省去通勤，每天多出 1–2 小时 | 工作与生活的边界变模糊 |
| 效率 | 专注时间更长、打断更少 | 临时讨论变慢，协作需要更多书面沟通 |
| 成本 | 公司省办公室，员工省交通 | 家里的设备与网络需要自己负担 |
| 团队 | 可以招到任何城市的人 | 新人融入更难，缺少面对面的信任 |

**结论**：适合目标清晰、书面沟通成熟的团队；建议每周保留 1–2 天线下协作。"""

CODE_REPLY = """## 合并两个有序列表（演示）

双指针依次比较两个列表的当前元素，较小的先放入结果，时间复杂度 *O(m + n)*：

```python
def merge_sorted(a: list[int], b: list[int]) -> list[int]:
    result: list[int] = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            result.append(a[i])
            i += 1
        else:
            result.append(b[j])
            j += 1
    return result + a[i:] + b[j:]


print(merge_sorted([1, 4, 9], [2, 3, 10]))  # [1, 2, 3, 4, 9, 10]
```

标准库里也有现成的写法：`list(heapq.merge(a, b))`。"""

LETTER_REPLY = """**主题：能否将周三的会议改到周五？**

王经理，您好：

原定于本周三下午 3 点的项目例会，我这边临时需要出差，无法按时参加。

请问是否方便将会议改到**本周五下午 3 点**？如果周五不合适，我也可以配合您和其他同事的时间。

给您带来不便，非常抱歉，感谢理解！

此致
敬礼

李明"""

CAP_REPLY = """## CAP 定理：用转账来理解（演示）

分布式系统在发生**网络分区**（P）时，只能在**一致性**（C）和**可用性**（A）之间二选一。

> 例子：北京和上海各有一个账户数据库副本，两地之间的网络突然断了。

- **选 C（一致性）**：上海拒绝处理转账，直到与北京恢复同步。
  用户看到"服务暂不可用"，但余额绝不会算错——银行核心系统通常这样选。
- **选 A（可用性）**：上海照常处理转账，之后再与北京对账。
  服务一直可用，但短时间内两地余额可能不一致——购物车、点赞数通常这样选。

没有分区时，两者可以兼得；CAP 讨论的正是"出故障的那一刻"你更在乎什么。"""


def pick_reply(question: str) -> str:
    lowered = question.lower()
    if any(word in lowered for word in ("数学", "公式", "math", "formula")):
        return MATHS_REPLY
    if any(word in lowered for word in ("表格", "table")):
        return TABLE_REPLY
    if any(word in lowered for word in ("邮件", "email", "信")):
        return LETTER_REPLY
    if "cap" in lowered:
        return CAP_REPLY
    if any(word in lowered for word in ("函数", "代码", "python", "function", "code")):
        return CODE_REPLY
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

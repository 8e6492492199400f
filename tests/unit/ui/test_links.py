"""Which links in an answer open, ask first, or never open (an answer is untrusted text)."""

from __future__ import annotations

import pytest

from hunyuan_desktop.ui.kit.links import LinkVerdict, judge_link, named_host

OPEN, ASK, REFUSE = LinkVerdict.OPEN, LinkVerdict.ASK, LinkVerdict.REFUSE


@pytest.mark.parametrize(
    ("href", "text", "verdict"),
    [
        ("https://docs.python.org/3/", "Python 文档", OPEN),  # words: nothing to compare
        ("https://docs.python.org/3/", "docs.python.org", OPEN),
        ("https://docs.python.org/3/", "python.org", OPEN),  # the same site
        ("https://www.example.com/a", "example.com/a", OPEN),
        ("https://example.com/a", "https://example.com/b", OPEN),
        ("mailto:me@example.com", "me@example.com", OPEN),
        ("https://evil.example/login", "bank.com", ASK),
        ("https://evil.example/login", "https://www.bank.com/login", ASK),
        ("https://evil.example/", "www.bank.com", ASK),
        ("mailto:thief@evil.example", "help@bank.com", ASK),
        ("https://xn--80ak6aa92e.com/", "apple.com", ASK),  # a look-alike name in its real (xn--) form
        ("mailto:me@example.com?attach=/etc/passwd", "写信", REFUSE),
        ("mailto:a@x.com,b@y.com", "写信", REFUSE),
        ("file:///etc/passwd", "passwd", REFUSE),
        ("javascript:alert(1)", "点我", REFUSE),
        ("ftp://example.com/", "example.com", REFUSE),
        ("https://", "空的", REFUSE),
        ("action:copy", "Copy", REFUSE),
    ],
)
def test_judge_link(href: str, text: str, verdict: LinkVerdict) -> None:
    assert judge_link(href, text) is verdict


def test_what_counts_as_an_address_in_a_links_text() -> None:
    assert named_host("点击这里") is None
    assert named_host("click here") is None
    assert named_host("v1.2") is None
    assert named_host("<https://WWW.Example.COM/x>") == "example.com"
    assert named_host("例子.中国") == "例子.中国".encode("idna").decode()

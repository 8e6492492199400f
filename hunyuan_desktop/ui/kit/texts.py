"""User-facing explanations, through Qt's translation system (context "Texts").

The literal ``QCoreApplication.translate("Texts", ...)`` form is what lupdate recognises.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import assert_never

from PySide6.QtCore import QCoreApplication

from hunyuan_desktop.domain import ErrorSource, FailureKind, FinishReason, MessageStatus


class Action(enum.StrEnum):
    SETTINGS = "settings"
    RECHARGE = "recharge"
    RETRY = "retry"


@dataclass(frozen=True)
class Explanation:
    what: str  # what happened, in plain words
    todo: str  # what to do next
    actions: tuple[Action, ...]


def explain(kind: FailureKind | None, retry_after: float | None = None) -> Explanation:
    """What happened and the way out, for every kind of failure: the match is exhaustive, so a new
    :class:`FailureKind` without words fails type checking (``assert_never``). The literal
    ``QCoreApplication.translate("Texts", …)`` calls are what lupdate extracts."""
    match kind:
        case FailureKind.BAD_KEY:
            return Explanation(
                QCoreApplication.translate("Texts", "The API key is missing or was not accepted."),
                QCoreApplication.translate("Texts", "Open Settings and enter a valid key, then press Retry."),
                (Action.SETTINGS, Action.RETRY),
            )
        case FailureKind.BALANCE:
            return Explanation(
                QCoreApplication.translate("Texts", "Your account balance is too low for this request."),
                QCoreApplication.translate("Texts", "Top up your balance, then press Retry."),
                (Action.RECHARGE, Action.RETRY),
            )
        case FailureKind.RATE_LIMIT:
            if retry_after:
                # A plain name for the count: lupdate skipped the string when it was an expression (seen:
                # `int(retry_after + 0.999)`), and the sentence stayed English in the Chinese UI.
                seconds = math.ceil(retry_after)
                todo = QCoreApplication.translate(
                    "Texts", "Too many requests right now; retry in %n second(s).", "", seconds
                )
            else:
                todo = QCoreApplication.translate("Texts", "Wait a moment, then press Retry.")
            return Explanation(
                QCoreApplication.translate("Texts", "The server is limiting how often you can send."),
                todo,
                (Action.RETRY,),
            )
        case FailureKind.SERVER:
            return Explanation(
                QCoreApplication.translate("Texts", "The server had a problem answering."),
                QCoreApplication.translate("Texts", "This is usually temporary: press Retry."),
                (Action.RETRY,),
            )
        case FailureKind.REJECTED:
            return Explanation(
                QCoreApplication.translate("Texts", "The server refused this request."),
                QCoreApplication.translate("Texts", "Check the model and the parameters, then press Retry."),
                (Action.SETTINGS, Action.RETRY),
            )
        case FailureKind.DROPPED:
            return Explanation(
                QCoreApplication.translate(
                    "Texts", "The connection to the server was lost in the middle of the answer."
                ),
                QCoreApplication.translate("Texts", "What arrived is kept. Press Retry to ask again."),
                (Action.RETRY,),
            )
        case FailureKind.UNEXPECTED:
            return Explanation(
                QCoreApplication.translate("Texts", "An unexpected error stopped this answer."),
                QCoreApplication.translate(
                    "Texts",
                    "What arrived is kept. Press Retry; if it happens again, the log in the data folder says more.",
                ),
                (Action.RETRY,),
            )
        case FailureKind.NETWORK:
            return Explanation(
                QCoreApplication.translate("Texts", "Could not reach the server."),
                QCoreApplication.translate(
                    "Texts", "Check your network connection and the base URL, then press Retry."
                ),
                (Action.RETRY, Action.SETTINGS),
            )
        case FailureKind.PROXY:
            return Explanation(
                QCoreApplication.translate("Texts", "Could not get through the proxy."),
                QCoreApplication.translate(
                    "Texts", "Check the proxy in Settings (or that it is running), then press Retry."
                ),
                (Action.SETTINGS, Action.RETRY),
            )
        case FailureKind.CERTIFICATE:
            return Explanation(
                QCoreApplication.translate("Texts", "The server's certificate is not trusted."),
                QCoreApplication.translate(
                    "Texts",
                    "On a company network, add its CA certificate file in Settings; otherwise check the base URL.",
                ),
                (Action.SETTINGS, Action.RETRY),
            )
        case FailureKind.TIMEOUT:
            return Explanation(
                QCoreApplication.translate("Texts", "The server took too long to answer."),
                QCoreApplication.translate("Texts", "Press Retry; the partial answer is kept."),
                (Action.RETRY,),
            )
        case FailureKind.PROTOCOL:
            return Explanation(
                QCoreApplication.translate("Texts", "The server sent something that is not a valid answer."),
                QCoreApplication.translate("Texts", "Press Retry; if it keeps happening, check the base URL."),
                (Action.RETRY, Action.SETTINGS),
            )
        case FailureKind.TRUNCATED:
            return Explanation(
                QCoreApplication.translate("Texts", "The answer was cut off before it was complete."),
                QCoreApplication.translate("Texts", "Press Retry to ask again; the partial answer is kept."),
                (Action.RETRY,),
            )
        case FailureKind.KEYRING:
            return Explanation(
                QCoreApplication.translate("Texts", "The system keyring could not be used."),
                QCoreApplication.translate(
                    "Texts", "Open Settings to unlock it, or use your key for this session only."
                ),
                (Action.SETTINGS, Action.RETRY),
            )
        case FailureKind.STORAGE:
            return Explanation(
                QCoreApplication.translate("Texts", "The archive could not be written."),
                QCoreApplication.translate(
                    "Texts",
                    "Check free disk space and permissions of the data folder; what you typed is still in the "
                    "input box.",
                ),
                (),
            )
        case None:  # a failed row from before kinds were stored
            return Explanation(
                QCoreApplication.translate("Texts", "Something went wrong."),
                QCoreApplication.translate("Texts", "Press Retry."),
                (Action.RETRY,),
            )
        case _:
            assert_never(kind)


# Kinds whose message is the server's own words in rows stored before the source was (issue 8).
_SERVER_KINDS = frozenset(
    {FailureKind.BAD_KEY, FailureKind.BALANCE, FailureKind.RATE_LIMIT, FailureKind.SERVER, FailureKind.REJECTED}
)


def error_lines(
    kind: FailureKind | None, message: str, source: ErrorSource | None, retry_after: float | None = None
) -> tuple[str, str]:
    """What happened (in the UI language) and the detail: the server's own words, labelled as such, or
    what this app observed, labelled "Details" (a DNS failure is not something a server said)."""
    what = explain(kind, retry_after).what
    if not message:
        return what, ""
    if source is ErrorSource.SERVER or (source is None and kind in _SERVER_KINDS):
        label = QCoreApplication.translate("Texts", "Server said: %1")
    else:
        label = QCoreApplication.translate("Texts", "Details: %1")
    return what, label.replace("%1", message)


def insecure_url_question(url: str) -> tuple[str, str]:
    """Title and text of the question asked before using a remote plain-http base URL."""
    return (
        QCoreApplication.translate("Texts", "Unencrypted connection"),
        QCoreApplication.translate(
            "Texts",
            "%1 is not encrypted: your API key and conversations would travel in clear text. Use it anyway?",
        ).replace("%1", url),
    )


def status_labels() -> dict[MessageStatus, str]:
    return {
        MessageStatus.STREAMING: QCoreApplication.translate("Texts", "answering…"),
        MessageStatus.STOPPED: QCoreApplication.translate("Texts", "stopped"),
        MessageStatus.ERROR: QCoreApplication.translate("Texts", "failed"),
        MessageStatus.INTERRUPTED: QCoreApplication.translate("Texts", "interrupted"),
    }


def finish_notes() -> dict[FinishReason, str]:
    return {
        FinishReason.LENGTH: QCoreApplication.translate("Texts", "cut at the max_tokens limit"),
        FinishReason.SENSITIVE: QCoreApplication.translate("Texts", "stopped by the provider's content check"),
        FinishReason.CONTENT_FILTER: QCoreApplication.translate("Texts", "stopped by the provider's content check"),
    }

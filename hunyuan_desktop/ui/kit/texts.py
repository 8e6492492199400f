"""User-facing explanations, through Qt's translation system (context "Texts").

The literal ``QCoreApplication.translate("Texts", ...)`` form is what lupdate recognises.
"""

from __future__ import annotations

import enum
import math
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, assert_never

from PySide6.QtCore import QCoreApplication

from hunyuan_desktop.domain import ErrorSource, FailureKind, FinishReason, MessageStatus

if TYPE_CHECKING:
    from hunyuan_desktop.chat.syncing import SyncOutcome


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


def _our_templates() -> list[tuple[str, str]]:
    """Our own words that reach a user (the layers below Qt write them in English): each as a pattern and
    its wording in the UI language, %1/%2 standing for what the pattern captured. Literal translate calls:
    lupdate extracts only those."""
    return [
        (
            r"no API key is set",
            QCoreApplication.translate(
                "Texts",
                "no API key is set",
            ),
        ),
        (
            r"the connection was dropped \((.*)\)",
            QCoreApplication.translate(
                "Texts",
                "the connection was dropped (%1)",
            ),
        ),
        (
            r"could not connect in time \((.*)\)",
            QCoreApplication.translate(
                "Texts",
                "could not connect in time (%1)",
            ),
        ),
        (
            r"the server's certificate is not trusted \((.*)\)",
            QCoreApplication.translate(
                "Texts",
                "the server's certificate is not trusted (%1)",
            ),
        ),
        (
            r"the proxy (.*) failed \((.*)\)",
            QCoreApplication.translate(
                "Texts",
                "the proxy %1 failed (%2)",
            ),
        ),
        (
            r"(.*) did not answer in time",
            QCoreApplication.translate(
                "Texts",
                "%1 did not answer in time",
            ),
        ),
        (
            r"the server sent nothing before the first-byte timeout",
            QCoreApplication.translate(
                "Texts",
                "the server sent nothing before the first-byte timeout",
            ),
        ),
        (
            r"the stream ended before the answer was complete \(no \[DONE\]\)",
            QCoreApplication.translate(
                "Texts",
                "the stream ended before the answer was complete",
            ),
        ),
        (
            r"the server stopped sending the response",
            QCoreApplication.translate(
                "Texts",
                "the server stopped sending the response",
            ),
        ),
        (
            r"the server stopped sending for (.*) s in the middle of the answer",
            QCoreApplication.translate(
                "Texts",
                "the server stopped sending for %1 s in the middle of the answer",
            ),
        ),
        (
            r"the server accepted the request but sent no answer within (.*) s",
            QCoreApplication.translate(
                "Texts",
                "the server accepted the request but sent no answer within %1 s",
            ),
        ),
        (
            r"the server sent a web page instead of an answer: (.*)",
            QCoreApplication.translate(
                "Texts",
                "the server sent a web page instead of an answer: %1",
            ),
        ),
        (
            r"the server's answer is not valid JSON: (.*)",
            QCoreApplication.translate(
                "Texts",
                "the server's answer is not valid JSON: %1",
            ),
        ),
        (
            r"this provider publishes no balance",
            QCoreApplication.translate(
                "Texts",
                "this provider publishes no balance",
            ),
        ),
        (
            r"the balance endpoint answered in an unexpected format",
            QCoreApplication.translate(
                "Texts",
                "the balance endpoint answered in an unexpected format",
            ),
        ),
        (
            r"the model list came in an unexpected format",
            QCoreApplication.translate(
                "Texts",
                "the model list came in an unexpected format",
            ),
        ),
        (
            r"nothing to send: the conversation has no user message",
            QCoreApplication.translate(
                "Texts",
                "nothing to send: the conversation has no question",
            ),
        ),
        (
            r"the conversation was deleted while its answer was requested",
            QCoreApplication.translate(
                "Texts",
                "the conversation was deleted while its answer was requested",
            ),
        ),
        (
            r"the system keyring is locked; .*",
            QCoreApplication.translate(
                "Texts",
                "the system keyring is locked: unlock it (log in to your desktop or open your "
                "password manager) and try again, or use the key for this session only",
            ),
        ),
        (
            r"no usable system keyring \((.*)\); .*",
            QCoreApplication.translate(
                "Texts",
                "no usable system keyring (%1): install and start one (GNOME Keyring or KWallet), "
                "or use the key for this session only — it will not be remembered",
            ),
        ),
        (
            r"the system keyring refused to store the key; .*",
            QCoreApplication.translate(
                "Texts",
                "the system keyring refused to store the key: check that it is unlocked and try again",
            ),
        ),
        (
            r"the API key contains a character that cannot be sent .*",
            QCoreApplication.translate(
                "Texts",
                "the API key contains a character that cannot be sent (a space, a line break or a "
                "non-ASCII character): paste the key again in Settings",
            ),
        ),
    ]


def ours(message: str) -> str:
    """``message`` in the UI language when it is one of our own (the layers below write English);
    anything else (a server's words, an OS error) as it is."""
    for pattern, wording in _our_templates():
        match = re.fullmatch(pattern, message, re.DOTALL)
        if match:
            out = wording
            for n, value in enumerate(match.groups(), start=1):
                out = out.replace(f"%{n}", value)
            return out
    return message


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
    else:  # our words: in the UI language too
        label = QCoreApplication.translate("Texts", "Details: %1")
        message = ours(message)
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


def sync_text(outcome: SyncOutcome) -> str:
    """What a sync did, or why it did not, in the UI language; the server's own words kept."""
    report = outcome.report
    if outcome.ok and outcome.tested:
        text = (
            QCoreApplication.translate(
                "Texts", "The server accepts these credentials and the passphrase opens the remote."
            )
            if outcome.tested == "ready"
            else QCoreApplication.translate(
                "Texts", "The server accepts these credentials; the remote is empty: the first sync sets it up."
            )
        )
        if not outcome.kept:
            text += " " + QCoreApplication.translate(
                "Texts", "The system keyring is not available: the credentials are kept until the app closes."
            )
        return text
    if outcome.ok and report is not None:
        text = QCoreApplication.translate("Texts", "Synced at %1: %2 received, %3 sent.")
        stamp = time.strftime("%H:%M", time.localtime(outcome.at))
        text = text.replace("%1", stamp).replace("%2", str(report.received)).replace("%3", str(report.sent))
        if report.deleted_here:
            text += " " + QCoreApplication.translate("Texts", "%1 deleted on another machine, so here too.").replace(
                "%1", str(report.deleted_here)
            )
        if report.created:
            text += " " + QCoreApplication.translate(
                "Texts",
                "The remote was empty and is now set up with your passphrase. Keep the passphrase safe: without "
                "it nobody, not even you, can read what is there.",
            )
        if not outcome.kept:
            text += " " + QCoreApplication.translate(
                "Texts", "The system keyring is not available: the credentials are kept until the app closes."
            )
        return text
    words = {
        "no_remote": QCoreApplication.translate("Texts", "No sync remote yet: set one in Settings → Sync."),
        "bad_url": QCoreApplication.translate(
            "Texts", "This is not a sync remote: use webdav://host/folder or s3://host/bucket/prefix (https)."
        ),
        "insecure": QCoreApplication.translate(
            "Texts",
            "%1 is plain http to another computer: anyone on the way can see and change the traffic (the "
            "contents stay encrypted). Use https, or allow it in Settings → Sync.",
        ),
        "no_credentials": QCoreApplication.translate(
            "Texts", "No user name, password or passphrase is kept for %1: enter them in Settings → Sync."
        ),
        "unreachable": QCoreApplication.translate(
            "Texts", "Could not reach the sync server. Check the address and the network, then sync again."
        ),
        "timeout": QCoreApplication.translate("Texts", "The sync server did not answer in time. Sync again later."),
        "auth": QCoreApplication.translate(
            "Texts",
            "The sync server refused the user name or password. Check them in Settings → Sync (坚果云 wants an "
            "app password, not the account's).",
        ),
        "forbidden": QCoreApplication.translate(
            "Texts", "The sync server refused access to this folder. Check the account's rights there."
        ),
        "full": QCoreApplication.translate(
            "Texts", "The sync remote has no room left. Free space there, then sync again; nothing was changed."
        ),
        "missing": QCoreApplication.translate(
            "Texts", "The sync folder or bucket was not found. Create it on the server first."
        ),
        "busy": QCoreApplication.translate(
            "Texts", "Other machines were writing to the remote at the same time. Sync again in a moment."
        ),
        "stale": QCoreApplication.translate(
            "Texts", "Other machines were writing to the remote at the same time. Sync again in a moment."
        ),
        "passphrase": QCoreApplication.translate(
            "Texts",
            "The passphrase is not the one this remote was set up with. Nothing was changed, here or there.",
        ),
        "newer": QCoreApplication.translate(
            "Texts", "The remote was written by a newer version of Hunyuan Desktop. Update this one to sync."
        ),
        "foreign": QCoreApplication.translate(
            "Texts", "The remote folder holds files that are not this app's. Choose an empty folder for sync."
        ),
        "damaged": QCoreApplication.translate(
            "Texts", "A file on the remote is damaged or unreadable. Nothing was changed."
        ),
        "archive": QCoreApplication.translate("Texts", "The archive could not be written: %1"),
        "local": QCoreApplication.translate("Texts", "Sync could not run on this computer: %1"),
    }
    text = words.get(
        outcome.kind, QCoreApplication.translate("Texts", "The sync server answered an error. Sync again later.")
    )
    if "%1" in text:
        text = text.replace("%1", outcome.detail)
    if outcome.status:
        text += f" (HTTP {outcome.status})"
    if outcome.said and outcome.kind in ("unreachable", "timeout"):  # what this app saw, not the server's words
        text += " " + QCoreApplication.translate("Texts", "Details: %1").replace("%1", ours(outcome.said))
    elif outcome.said:
        text += " " + QCoreApplication.translate("Texts", "Server said: %1").replace("%1", outcome.said)
    return text

"""The chat API client: one long-lived ``httpx.AsyncClient``, streaming and non-streaming calls.

Timeouts are phases, not one number: connecting, waiting for the first byte (a model may think for a
while before answering), and idle time between events once streaming — a stream may run as long as it
keeps sending. SSE comment keep-alives do not count as progress.

Retries happen only before any content has arrived (429 honouring ``Retry-After`` up to a bound, 5xx,
connect failures), at most ``RetryPolicy.attempts - 1`` times. After the first delta nothing is retried.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import httpx

from hunyuan_desktop.api.balance import read_balance
from hunyuan_desktop.api.chunks import error_from_object, events_from_object, parse_data
from hunyuan_desktop.api.endpoint import Endpoint, RetryPolicy, Timeouts
from hunyuan_desktop.api.errors import (
    MESSAGE_LIMIT,
    ApiError,
    ApiTimeoutError,
    BadKeyError,
    CertificateError,
    ConnectionDroppedError,
    NetworkError,
    ProtocolError,
    ProxyFailedError,
    TruncatedError,
    classify,
    parse_retry_after,
)
from hunyuan_desktop.api.network import proxy_for, shown_proxy, ssl_context
from hunyuan_desktop.api.sse import SSEDecoder, SSEOverflowError
from hunyuan_desktop.domain import (
    BalanceEvent,
    FinishEvent,
    FinishReason,
    Money,
    ReasoningDelta,
    RetryWait,
    StreamEnd,
    StreamEvent,
    TextDelta,
    Usage,
    UsageEvent,
    plausible_yuan,
)
from hunyuan_desktop.redact import redact, shorten
from hunyuan_desktop.secrets import sendable_key

USER_AGENT = "HunyuanDesktop/0.1"


@dataclass
class Completion:
    text: str = ""
    reasoning: str = ""
    usage: Usage | None = None
    finish_reason: FinishReason = FinishReason.NONE
    balance: Decimal | None = None


ERROR_BODY_LIMIT = 64 * 1024  # bytes of an error body read: enough for any message, never a flood
WHOLE_BODY_LIMIT = 32 * 1024 * 1024  # decoded bytes of a non-streamed answer (an answer is far smaller)
parse_balance = plausible_yuan


def check_key(key: str, required: bool = True) -> None:
    """Raise BadKeyError for a key that cannot travel in an HTTP header (httpx would raise a bare
    UnicodeEncodeError deep inside the request, which nothing above expects). ``required`` False: a
    local server that needs none may be called without one."""
    if not key.strip():
        if not required:
            return
        raise BadKeyError("no API key is set")
    if not sendable_key(key):
        raise BadKeyError(
            "the API key contains a character that cannot be sent (a space, a line break or a non-ASCII "
            "character); paste the key again in Settings"
        )


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def _message_from_body(body: bytes, content_type: str, secrets: list[str]) -> tuple[str, Any]:
    """The server's own words from an error body: JSON ``error.message``, an HTML title, or the text.
    The key is masked in the whole body before anything is picked out or shortened."""
    text = redact(body.decode("utf-8", errors="replace"), secrets)
    if "json" in content_type or text.lstrip().startswith("{"):
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError):
            obj = None
        if isinstance(obj, dict):
            err = obj.get("error", obj.get("error_message", obj.get("message")))
            if err:
                return "", err
    if "html" in content_type or text.lstrip().lower().startswith(("<!doctype", "<html")):
        title = _TITLE.search(text)
        stripped = title.group(1) if title else _TAGS.sub(" ", text)
        return shorten(" ".join(stripped.split()), 300), None
    return shorten(" ".join(text.split()), 500), None


async def _read_capped(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    """At most ``limit`` decoded bytes of the body, and whether that was all of it. A small gzip body
    can expand a thousandfold: reading it whole once took 1.6 GB and froze the window for 3.6 s."""
    parts: list[bytes] = []
    size = 0
    async for piece in response.aiter_bytes():
        parts.append(piece)
        size += len(piece)
        if size > limit:
            return b"".join(parts)[:limit], False
    return b"".join(parts), True


class _IdleWatchdog:
    """The idle timeout between events, at the cost of two attribute writes per read.

    ``asyncio.timeout`` around every read cost about 13 µs per chunk, the largest single item in the
    decoding loop. This keeps one timer per idle period instead: when it fires without progress while
    the stream is waiting for bytes, it cancels that wait, and the reader turns the cancellation into an
    ApiTimeoutError. It never cancels while the consumer is busy with an event (``reading`` is False
    then), so a slow consumer is not mistaken for a silent server.

    Until the first event the window is ``first`` (the first-byte timeout: a reasoning model may send
    its headers at once and think for minutes before its first token), then ``idle``.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, idle: float, first: float) -> None:
        self._loop = loop
        self._idle = first
        self._next_idle = idle
        self._task = asyncio.current_task()
        self._last = loop.time()
        self.reading = False
        self.fired = False
        self.started = False
        self._handle = loop.call_at(self._last + first, self._check)

    def progress(self) -> None:
        self._last = self._loop.time()
        if not self.started:
            self.started = True
            self._idle = self._next_idle
            self._handle.cancel()
            self._handle = self._loop.call_at(self._last + self._idle, self._check)

    def _check(self) -> None:
        now = self._loop.time()
        deadline = self._last + self._idle
        if now < deadline:
            self._handle = self._loop.call_at(deadline, self._check)
        elif self.reading and self._task is not None:
            self.fired = True
            self._task.cancel()
        else:
            self._handle = self._loop.call_at(now + self._idle, self._check)

    def close(self) -> None:
        self._handle.cancel()
        if self.fired and self._task is not None:
            self._task.uncancel()


async def sleep_at_least(delay: float) -> None:
    """``asyncio.sleep`` that never returns early. Under qasync the loop's timers are Qt coarse timers,
    which may fire up to 5% early, and a server's Retry-After must be waited in full (seen: 0.299 s of a
    0.3 s wait, and a 20 s wait could end a second early and be refused again)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + delay
    while (left := deadline - loop.time()) > 0:  # noqa: ASYNC110 - a deadline, not a poll for a state
        await asyncio.sleep(left)


class ChatClient:
    def __init__(
        self,
        http: httpx.AsyncClient | None = None,
        *,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = sleep_at_least,
    ) -> None:
        self._http = http  # a fixed client (tests), or None: one per proxy and CA file (see _client)
        self._clients: dict[tuple[str | None, str], httpx.AsyncClient] = {}
        self.timeouts = timeouts or Timeouts()
        self.retry = retry or RetryPolicy()
        self._sleep = sleep

    @staticmethod
    def make_http(
        timeouts: Timeouts | None = None, *, proxy: str | None = None, verify: ssl.SSLContext | bool = True
    ) -> httpx.AsyncClient:
        t = timeouts or Timeouts()
        # The read timeout is left to our own phase timers (first byte / idle). The environment is not
        # read by httpx: the proxy is decided by api/network.py (system, none or given).
        return httpx.AsyncClient(
            timeout=httpx.Timeout(connect=t.connect, read=None, write=30.0, pool=t.connect),
            headers={"User-Agent": USER_AGENT},
            trust_env=False,
            proxy=proxy,
            verify=verify,
        )

    def _client(self, endpoint: Endpoint) -> httpx.AsyncClient:
        """The connection pool for this endpoint's proxy and certificates (made once per combination)."""
        if self._http is not None:
            return self._http
        key = (proxy_for(endpoint.network, endpoint.base_url), endpoint.network.ca_file)
        client = self._clients.get(key)
        if client is None:
            try:
                context = ssl_context(endpoint.network)
            except (OSError, ssl.SSLError) as exc:
                err = CertificateError(
                    f"the CA file {endpoint.network.ca_file} cannot be used ({exc.strerror or exc})"
                    if isinstance(exc, OSError)
                    else f"the CA file {endpoint.network.ca_file} holds no usable certificate ({exc})"
                )
                raise err from exc
            client = self._clients[key] = self.make_http(self.timeouts, proxy=key[0], verify=context)
        return client

    async def aclose(self) -> None:
        for client in [self._http, *self._clients.values()]:
            if client is not None:
                await client.aclose()
        self._clients.clear()

    # ---- public calls ------------------------------------------------------------------------------

    async def stream_chat(self, endpoint: Endpoint, body: dict[str, Any]) -> AsyncIterator[StreamEvent]:
        """Yield events for one streamed completion; raise an ApiError on any failure.

        Events already yielded stay valid when an error follows: the caller keeps the partial text.
        """
        body = {**body, "stream": True, "stream_options": {"include_usage": True}}
        async for event in self._with_retries(endpoint, body):
            yield event

    async def stream_chat_nonstream(self, endpoint: Endpoint, body: dict[str, Any]) -> AsyncIterator[StreamEvent]:
        """The same events for a non-streamed completion (the whole answer arrives at once)."""
        body = {**body, "stream": False}
        body.pop("stream_options", None)
        async for event in self._with_retries(endpoint, body):
            yield event

    async def complete(self, endpoint: Endpoint, body: dict[str, Any]) -> Completion:
        result = Completion()
        async for event in self.stream_chat_nonstream(endpoint, body):
            if isinstance(event, TextDelta):
                result.text += event.text
            elif isinstance(event, ReasoningDelta):
                result.reasoning += event.text
            elif isinstance(event, UsageEvent):
                result.usage = event.usage
            elif isinstance(event, FinishEvent):
                result.finish_reason = event.reason
            elif isinstance(event, BalanceEvent):
                result.balance = event.yuan
        return result

    async def _with_retries(self, endpoint: Endpoint, body: dict[str, Any]) -> AsyncIterator[StreamEvent]:
        """One call with its retries. Only before any text or reasoning arrived: a retry after content
        would show the user the beginning of the answer twice. Every error leaves redacted."""
        attempt = 0
        while True:
            attempt += 1
            started = False
            try:
                async for event in self._stream_once(endpoint, body):
                    if isinstance(event, TextDelta | ReasoningDelta):
                        started = True
                    yield event
                return
            except ApiError as exc:
                exc.redact(endpoint.secrets)
                if started or not exc.retryable or attempt >= self.retry.attempts:
                    raise
                delay = self._retry_delay(exc, attempt)
                if delay is None:
                    raise
                yield RetryWait(delay, exc.kind)
                await self._sleep(delay)

    async def fetch_balance(self, endpoint: Endpoint) -> Money:
        """Ask the provider's balance endpoint (wcode: ``GET /api/account/billing/grants``; the others:
        :mod:`hunyuan_desktop.api.balance`)."""
        try:
            return await self._fetch_balance(endpoint)
        except ApiError as exc:
            exc.redact(endpoint.secrets)
            raise

    async def _fetch_balance(self, endpoint: Endpoint) -> Money:
        url = endpoint.billing_url
        if url is None:
            raise ProtocolError("this provider publishes no balance")
        raw = await self._get(endpoint, url, "the balance endpoint", balance=True)
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise ProtocolError("the balance endpoint answered in an unexpected format") from exc
        money = read_balance(endpoint.balance_kind, body, urlsplit(url).hostname or "")
        if money is None:
            raise ProtocolError("the balance endpoint answered in an unexpected format")
        return money

    async def list_models(self, endpoint: Endpoint) -> list[str]:
        """``GET {base}/models``: the model ids the key may use. Spends no tokens (the connection test)."""
        try:
            raw = await self._get(endpoint, endpoint.base_url.rstrip("/") + "/models", "the model list")
            data = json.loads(raw)
            return [str(m["id"]) for m in data["data"] if isinstance(m, dict) and m.get("id")]
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise ProtocolError("the model list came in an unexpected format") from exc
        except ApiError as exc:
            exc.redact(endpoint.secrets)
            raise

    async def _get(self, endpoint: Endpoint, url: str, what: str, *, balance: bool = False) -> bytes:
        """A small GET (billing, models): the whole body, or the ApiError its status or transport makes.
        ``balance``: a balance header on an error response is passed on with the error."""
        check_key(endpoint.api_key, endpoint.key_required)
        try:
            async with asyncio.timeout(self.timeouts.connect + self.timeouts.first_byte):
                http = self._client(endpoint)
                request = http.build_request("GET", url, headers=self._headers(endpoint))
                response = await http.send(request, stream=True)
                try:
                    raw, whole = await _read_capped(response, ERROR_BODY_LIMIT)
                finally:
                    await response.aclose()
        except TimeoutError as exc:
            raise ApiTimeoutError(f"{what} did not answer in time") from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise self._transport_error(exc, endpoint) from exc
        header = self._header_balance(response, endpoint) if balance else None
        if response.status_code >= 400:
            raise self._status_error(response.status_code, raw, response, endpoint, header)
        if not whole:
            raise ProtocolError(f"{what} answered with an unexpectedly large body")
        return raw

    # ---- internals ---------------------------------------------------------------------------------

    def _retry_delay(self, exc: ApiError, attempt: int) -> float | None:
        if exc.retry_after is not None:
            if exc.retry_after > self.retry.max_retry_after:
                return None
            return exc.retry_after
        jitter = 1.0 + random.random() * 0.25
        return float(self.retry.backoff * 2.0 ** (attempt - 1) * jitter)

    @staticmethod
    def _headers(endpoint: Endpoint) -> dict[str, str]:
        headers = {"Accept": "text/event-stream, application/json"}
        if endpoint.api_key:  # a local server (Ollama, LM Studio) may be used without one
            headers["Authorization"] = f"Bearer {endpoint.api_key}"
        return headers

    @staticmethod
    def _header_balance(response: httpx.Response, endpoint: Endpoint) -> Decimal | None:
        if not endpoint.balance_header:
            return None
        return parse_balance(response.headers.get(endpoint.balance_header))

    def _status_error(
        self,
        status: int,
        body: bytes,
        response: httpx.Response,
        endpoint: Endpoint,
        balance: Decimal | None,
    ) -> ApiError:
        content_type = response.headers.get("content-type", "")
        text, err_obj = _message_from_body(body, content_type, endpoint.secrets)
        if err_obj is not None:
            error = error_from_object(err_obj, status)
            message = error.message
            code = error.code
        else:
            message = text or response.reason_phrase or f"HTTP {status}"
            code = None
        message = shorten(message, MESSAGE_LIMIT, endpoint.secrets)
        cls = classify(status, message, code)
        result = cls(
            message,
            status=status,
            retry_after=parse_retry_after(response.headers.get("retry-after")),
            code=code,
            balance=balance,
        )
        result.from_server = True
        return result

    @staticmethod
    def _transport_error(exc: Exception, endpoint: Endpoint) -> ApiError:
        proxy = proxy_for(endpoint.network, endpoint.base_url)
        password = urlsplit(proxy).password if proxy else None  # a proxy's password is a secret too
        detail = shorten(str(exc) or type(exc).__name__, MESSAGE_LIMIT, [*endpoint.secrets, password or ""])
        if isinstance(exc, httpx.ProxyError) or (proxy is not None and isinstance(exc, httpx.ConnectError)):
            return ProxyFailedError(f"the proxy {shown_proxy(proxy or '')} failed ({detail})")
        if isinstance(exc, httpx.ConnectError) and "CERTIFICATE_VERIFY_FAILED" in str(exc):
            return CertificateError(f"the server's certificate is not trusted ({detail})")
        if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
            return ApiTimeoutError(f"could not connect in time ({detail})")
        if isinstance(exc, httpx.TimeoutException):
            return ApiTimeoutError(detail)
        if isinstance(exc, httpx.ConnectError):
            err: ApiError = NetworkError(detail)
            return err
        if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
            return ConnectionDroppedError(f"the connection was dropped ({detail})")
        if isinstance(exc, httpx.DecodingError):
            return ProtocolError(detail)
        if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
            err = NetworkError(detail)
            err.retryable = False
            return err
        return NetworkError(detail)

    async def _stream_once(self, endpoint: Endpoint, body: dict[str, Any]) -> AsyncIterator[StreamEvent]:
        check_key(endpoint.api_key, endpoint.key_required)
        url = endpoint.base_url.rstrip("/") + "/chat/completions"
        t = self.timeouts
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(t.connect + t.first_byte) as deadline:
                try:
                    http = self._client(endpoint)
                    request = http.build_request("POST", url, json=body, headers=self._headers(endpoint))
                    response = await http.send(request, stream=True)
                except TimeoutError:
                    raise
                except (httpx.HTTPError, httpx.InvalidURL) as exc:
                    raise self._transport_error(exc, endpoint) from exc
                deadline.reschedule(None)
        except TimeoutError as exc:
            raise ApiTimeoutError("the server sent nothing before the first-byte timeout") from exc

        try:
            balance = self._header_balance(response, endpoint)
            if balance is not None:
                yield BalanceEvent(balance)
            status = response.status_code
            content_type = response.headers.get("content-type", "")
            if status >= 400:
                try:
                    async with asyncio.timeout(t.idle):
                        raw, _ = await _read_capped(response, ERROR_BODY_LIMIT)
                except (TimeoutError, httpx.HTTPError):
                    raw = b""
                raise self._status_error(status, raw, response, endpoint, balance)

            if "text/event-stream" not in content_type:
                async for event in self._whole_body(response, content_type, endpoint):
                    yield event
                return

            decoder = SSEDecoder()
            finished = False
            # Unencoded (SSE almost always is): the raw chunks, without httpx's decoder and re-chunker on each
            # of thousands of small chunks (3% of the client's time per chunk in the SSE benchmark).
            plain = response.headers.get("content-encoding", "identity").strip().lower() in ("", "identity")
            byte_iter = response.aiter_raw() if plain else response.aiter_bytes()
            watchdog = _IdleWatchdog(loop, t.idle, t.first_byte)
            try:
                while True:
                    watchdog.reading = True
                    try:
                        chunk = await anext(byte_iter)
                    except StopAsyncIteration:
                        break
                    except asyncio.CancelledError:
                        if watchdog.fired and watchdog.started:
                            raise ApiTimeoutError(
                                f"the server stopped sending for {t.idle:g} s in the middle of the answer"
                            ) from None
                        if watchdog.fired:
                            raise ApiTimeoutError(
                                f"the server accepted the request but sent no answer within {t.first_byte:g} s"
                            ) from None
                        raise
                    except httpx.HTTPError as exc:
                        raise self._transport_error(exc, endpoint) from exc
                    finally:
                        watchdog.reading = False
                    try:
                        sse_events = decoder.feed(chunk)
                    except SSEOverflowError as exc:
                        raise ProtocolError(str(exc)) from exc
                    if not sse_events:
                        continue  # comments and keep-alives are not progress
                    watchdog.progress()
                    out: list[StreamEvent] = []
                    done = False
                    for sse in sse_events:
                        try:
                            if parse_data(sse.data, out):
                                done = True
                                break
                        except ApiError as exc:
                            # Deliver what came before the error, then raise it (redacted by the caller).
                            for event in out:
                                yield event
                            exc.balance = balance
                            raise
                    for event in out:
                        if isinstance(event, FinishEvent):
                            finished = True
                        yield event
                    if done:
                        watchdog.close()
                        await self._drain(byte_iter)
                        yield StreamEnd()
                        return
            finally:
                watchdog.close()
                aclose = getattr(byte_iter, "aclose", None)
                if aclose is not None:
                    await aclose()
            decoder.close()
            if finished:
                # A finish reason followed by a clean close: complete, only [DONE] was missing.
                yield StreamEnd()
                return
            raise TruncatedError("the stream ended before the answer was complete (no [DONE])")
        finally:
            await response.aclose()

    async def _drain(self, byte_iter: AsyncIterator[bytes], limit: int = 1 << 20) -> None:
        """Read what follows ``[DONE]`` (normally just the end of the body), a little at most.

        Ending the body normally lets httpx's and httpcore's own generators finish instead of being
        abandoned mid-iteration and finalised later by the garbage collector.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 1.0
        seen = 0
        try:
            while seen < limit:
                async with asyncio.timeout(max(0.0, deadline - loop.time())):
                    seen += len(await anext(byte_iter))
        except (StopAsyncIteration, TimeoutError, httpx.HTTPError):
            return

    async def _whole_body(
        self, response: httpx.Response, content_type: str, endpoint: Endpoint
    ) -> AsyncIterator[StreamEvent]:
        """A 200 with a JSON body: the server answered without streaming. Parse it as one response."""
        try:
            async with asyncio.timeout(self.timeouts.first_byte):
                raw, whole = await _read_capped(response, WHOLE_BODY_LIMIT)
        except TimeoutError as exc:
            raise ApiTimeoutError("the server stopped sending the response") from exc
        except httpx.HTTPError as exc:
            raise self._transport_error(exc, endpoint) from exc
        if not whole:
            raise ProtocolError(
                f"the server's response is larger than {WHOLE_BODY_LIMIT // (1024 * 1024)} MB; it was not read"
            )
        if "html" in content_type:
            text, _ = _message_from_body(raw, content_type, endpoint.secrets)
            raise ProtocolError(f"the server sent a web page instead of an answer: {text}")
        try:
            obj = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            snippet = shorten(raw.decode("utf-8", "replace"), 200, endpoint.secrets)
            raise ProtocolError(f"the server's answer is not valid JSON: {snippet!r}") from exc
        out: list[StreamEvent] = []
        events_from_object(obj, out)
        for event in out:
            yield event
        yield StreamEnd()

"""Where sync keeps its records: a WebDAV folder (坚果云, Nextcloud, any) or an S3-compatible bucket (Tencent
COS, Aliyun OSS, MinIO, AWS), reached with httpx. Three operations are all sync needs: get a file (with its
ETag), put one (unconditionally, only if absent, or only if unchanged since read: ``If-Match``, 412 when
another machine wrote first) and delete one. No Qt.

Remote URLs (README.md, "Sync"): ``webdav://host[:port]/path`` and ``s3://host[:port]/bucket/prefix`` over
https; ``webdav+http://`` and ``s3+http://`` for plain http, which is refused off this computer unless the
user confirms it (the base URL's rule). Credentials never go in the URL: they are given separately.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

import httpx

from hunyuan_desktop.api.network import Network, proxy_for, ssl_context
from hunyuan_desktop.domain import is_loopback

TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class RemoteError(Exception):
    """A failure the user can act on; its text says what happened (the server's own words kept). ``kind``
    names it for a translated message (the window's): unreachable, timeout, auth (401), forbidden (403),
    full (507), missing (404), stale (412) or failed; ``said``: the server's words; ``status``: HTTP's."""

    def __init__(self, text: str, kind: str = "failed", said: str = "", status: int | None = None) -> None:
        super().__init__(text)
        self.kind = kind
        self.said = said
        self.status = status


class StaleError(RemoteError):
    """Another machine wrote the file after it was read (HTTP 412): read again, merge, retry."""


@dataclass(frozen=True)
class RemoteUrl:
    kind: str  # "webdav" or "s3"
    scheme: str  # "https" or "http"
    host: str  # host[:port]
    path: str  # webdav: the folder; s3: the prefix inside the bucket (no slashes at either end)
    bucket: str = ""
    region: str = "us-east-1"

    @property
    def text(self) -> str:
        """The URL as the user writes it (what sync's state is remembered under)."""
        plain = "" if self.scheme == "https" else "+http"
        where = "/".join(p for p in (self.bucket, self.path) if p)
        named = f"?region={self.region}" if self.kind == "s3" and self.region != "us-east-1" else ""
        return f"{self.kind}{plain}://{self.host}/{where}{named}"

    @property
    def insecure(self) -> bool:
        """Plain http to another computer: what is sent can be read and changed on the way."""
        return self.scheme == "http" and not is_loopback(urlsplit(f"http://{self.host}").hostname or "")


def parse_remote(text: str, region: str = "") -> RemoteUrl:
    """A remote URL, checked; RemoteError says what is wrong with it."""
    parts = urlsplit(text.strip())
    kinds = {"webdav": "https", "webdav+http": "http", "s3": "https", "s3+http": "http"}
    if parts.scheme not in kinds:
        raise RemoteError(
            f"{text!r} is not a sync remote: use webdav://host/folder or s3://host/bucket/prefix "
            "(webdav+http:// or s3+http:// for plain http)"
        )
    if parts.username or parts.password:
        raise RemoteError("put no user name or password in the remote's URL; they are asked for separately")
    if not parts.hostname:
        raise RemoteError(f"{text!r} names no server")
    kind = parts.scheme.split("+")[0]
    path = parts.path.strip("/")
    if kind == "webdav":
        return RemoteUrl(kind, kinds[parts.scheme], parts.netloc, path)
    bucket, _, prefix = path.partition("/")
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket):
        raise RemoteError(f"{text!r} names no bucket (s3://host/bucket/prefix; 3–63 lower-case letters, digits, . -)")
    named = parse_qs(parts.query).get("region", [""])[0]
    # The region a signature names: ?region= in the URL, else the one a known host names (Tencent COS:
    # cos.<region>.myqcloud.com; AWS: s3.<region>.amazonaws.com), else AWS_REGION's, else us-east-1.
    guessed = re.fullmatch(r"(?:cos|s3)[.-]([a-z0-9-]+)\.(?:myqcloud|amazonaws)\.com", parts.hostname or "")
    region = named or (guessed.group(1) if guessed else "") or region or "us-east-1"
    return RemoteUrl(kind, kinds[parts.scheme], parts.netloc, prefix.strip("/"), bucket, region)


class Remote:
    """One remote folder: files by name (``index.bin``, ``c/<uid>.<rev>.bin``)."""

    def __init__(self, url: RemoteUrl, client: httpx.AsyncClient) -> None:
        self.url = url
        self._client = client

    async def get(self, name: str) -> tuple[bytes, str] | None:
        """The file's bytes and ETag; None when there is no such file."""
        response = await self._send("GET", name)
        if response.status_code == 404:
            return None
        self._check(response, name)
        return response.content, response.headers.get("etag", "")

    async def put(self, name: str, data: bytes, match: str | None = None) -> None:
        """Write ``name``. ``match``: None writes whatever is there; "" only if there is no such file yet;
        an ETag only if the file is still that version. StaleError when the condition fails."""
        headers = {} if match is None else {"If-None-Match": "*"} if match == "" else {"If-Match": match}
        response = await self._send("PUT", name, data, headers)
        if response.status_code == 409 and self.url.kind == "webdav":  # the folder is not there yet
            await self._make_folders(name)
            response = await self._send("PUT", name, data, headers)
        self._check(response, name)

    async def delete(self, name: str) -> None:
        response = await self._send("DELETE", name)
        if response.status_code != 404:
            self._check(response, name)

    async def _make_folders(self, name: str) -> None:
        parts = [*self.url.path.split("/"), *name.split("/")[:-1]]
        for depth in range(1, len(parts) + 1):
            if not parts[depth - 1]:
                continue
            response = await self._send("MKCOL", "/".join(parts[:depth]), absolute=True)
            if response.status_code not in (201, 405):  # 405: it exists already
                self._check(response, "/".join(parts[:depth]))

    def _address(self, name: str, absolute: bool = False) -> str:
        u = self.url
        path = name if absolute else "/".join(p for p in (u.path, name) if p)
        if u.kind == "s3":
            path = f"{u.bucket}/{path}"
        return f"{u.scheme}://{u.host}/{quote(path, safe='/-_.~')}"

    async def _send(
        self, method: str, name: str, body: bytes = b"", headers: dict[str, str] | None = None, absolute: bool = False
    ) -> httpx.Response:
        request = self._client.build_request(
            method, self._address(name, absolute), content=body, headers=headers or {}, timeout=TIMEOUT
        )
        self._authorize(request, body)
        try:
            return await self._client.send(request)
        except httpx.TimeoutException as exc:
            raise RemoteError(
                f"{self.url.host} did not answer in time ({type(exc).__name__}); try again", "timeout"
            ) from exc
        except httpx.HTTPError as exc:
            said = str(exc) or type(exc).__name__
            raise RemoteError(f"could not reach {self.url.host} ({said})", "unreachable", said) from exc

    def _authorize(self, request: httpx.Request, body: bytes) -> None:
        """WebDAV: the client's basic auth does it. S3: each request signed (:func:`sign_v4`)."""

    def _check(self, response: httpx.Response, name: str) -> None:
        status = response.status_code
        if status < 300:
            return
        said = server_words(response.text)
        words = f" (HTTP {status}{': ' + said if said else ''})"
        if status == 412:
            raise StaleError(f"{name} changed on the remote meanwhile{words}", "stale", said, status)
        if status == 401:
            raise RemoteError(f"{self.url.host} refused the user name or password{words}", "auth", said, status)
        if status == 403:
            text = f"{self.url.host} refused access to {self.url.text}{words}; check the account's rights"
            raise RemoteError(text, "forbidden", said, status)
        if status == 507 or "QuotaExceeded" in response.text:
            text = f"the remote has no room left{words}; free space there, then sync again"
            raise RemoteError(text, "full", said, status)
        if status == 404:
            text = f"{self.url.text} was not found on the server{words}; create it there first"
            raise RemoteError(text, "missing", said, status)
        raise RemoteError(f"{self.url.host} answered an error for {name}{words}", "failed", said, status)


class S3Remote(Remote):
    def __init__(self, url: RemoteUrl, client: httpx.AsyncClient, access_key: str, secret_key: str) -> None:
        super().__init__(url, client)
        self._access_key = access_key
        self._secret_key = secret_key

    def _authorize(self, request: httpx.Request, body: bytes) -> None:
        sign_v4(request, body, self._access_key, self._secret_key, self.url.region)


def client_for(url: RemoteUrl, network: Network | None = None) -> httpx.AsyncClient:
    """An HTTP client for ``url`` as the app reaches its providers (api/network.py): the system's
    certificates plus a company CA file, the proxy chosen (the system's skips this computer), no redirects
    (credentials stay with the host named)."""
    network = network or Network()
    proxy = proxy_for(network, f"{url.scheme}://{url.host}/")
    return httpx.AsyncClient(verify=ssl_context(network), proxy=proxy, trust_env=False)


def open_remote(url: RemoteUrl, user: str, secret: str, client: httpx.AsyncClient) -> Remote:
    """``user``/``secret``: WebDAV's user name and password, or S3's access key id and secret key."""
    if url.kind == "s3":
        return S3Remote(url, client, user, secret)
    client.auth = httpx.BasicAuth(user, secret)
    return Remote(url, client)


def server_words(text: str, limit: int = 200) -> str:
    """What an error page says, in one line: S3's ``<Message>``, else the text without markup."""
    found = re.search(r"<Message>(.*?)</Message>", text, re.S)
    words = found.group(1) if found else re.sub(r"<[^>]*>", " ", text)
    parts = words.split()
    half = len(parts) // 2
    if half and parts[:half] == parts[half:]:  # a page whose title and heading say the same (wsgidav's)
        parts = parts[:half]
    words = " ".join(parts)
    return words[:limit] + ("…" if len(words) > limit else "")


def sign_v4(request: httpx.Request, body: bytes, access_key: str, secret_key: str, region: str) -> None:
    """AWS Signature Version 4 for S3 (what Tencent COS, Aliyun OSS and MinIO accept too). Written here,
    about 30 lines after the specification: httpx-auth's AWS4Auth pins httpx to 0.28.* (its only
    dependency), which would hold this app's HTTP client back; botocore's signer is 33 MB."""
    now = datetime.datetime.now(datetime.UTC)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    day = stamp[:8]
    payload = hashlib.sha256(body).hexdigest()
    request.headers["x-amz-date"] = stamp
    request.headers["x-amz-content-sha256"] = payload
    signed = {
        "host": request.url.netloc.decode("ascii"),
        "x-amz-content-sha256": payload,
        "x-amz-date": stamp,
    }
    for extra in ("if-match", "if-none-match"):
        if extra in request.headers:
            signed[extra] = request.headers[extra].strip()
    names = ";".join(sorted(signed))
    query = "&".join(
        f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(request.url.params.multi_items())
    )
    canonical = "\n".join(
        [
            request.method,
            request.url.raw_path.decode("ascii").split("?")[0],
            query,
            "".join(f"{k}:{signed[k]}\n" for k in sorted(signed)),
            names,
            payload,
        ]
    )
    scope = f"{day}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret_key).encode("utf-8")
    for part in (day, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    request.headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, SignedHeaders={names}, Signature={signature}"
    )

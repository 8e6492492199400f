"""Sync between machines (issue 25) through real servers on loopback, as a user runs it: the command line on
two data folders, a WebDAV server (wsgidav) and an S3 server (moto, signatures checked). What each folder
holds afterwards, what the server holds (nothing readable), and what a refusal says."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from hunyuan_desktop.boot.cli import parse_args
from hunyuan_desktop.boot.commands import run
from hunyuan_desktop.domain import Role
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive
from hunyuan_desktop.sync import engine
from hunyuan_desktop.sync.remote import Remote, RemoteError, open_remote, parse_remote
from tests.forward_proxy import ForwardProxy
from tests.sync_servers import S3, WebDav, s3_server, webdav_server

PASSPHRASE = "correct horse 电池 staple"


@pytest.fixture(scope="module")
def dav(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDav]:
    with webdav_server(tmp_path_factory.mktemp("dav")) as server:
        yield server


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3]:
    with s3_server(tmp_path_factory.mktemp("s3")) as server:
        yield server


def machine(folder: Path, *conversations: tuple[str, str, str]) -> Path:
    folder.mkdir(parents=True)
    archive = Archive.open(folder / ARCHIVE_NAME)
    for title, question, answer in conversations:
        conv = archive.create_conversation(title, "wcode:hunyuan-turbos-latest")
        archive.append_message(conv.id, Role.USER, question)
        archive.append_message(conv.id, Role.ASSISTANT, answer)
    archive.close()
    return folder


def holds(folder: Path) -> dict[str, list[str]]:
    """Each conversation's title → the text of every message it keeps (every version), oldest first. Two
    conversations with one title fail: a copy where there should be one."""
    archive = Archive.open(folder / ARCHIVE_NAME)
    try:
        conversations = archive.conversations()
        held = {c.title: [m.content for m in archive.messages(c.id)] for c in conversations}
        assert len(held) == len(conversations), f"twice: {sorted(c.title for c in conversations)}"
        return held
    finally:
        archive.close()


def sync(folder: Path, remote: str, monkeypatch: pytest.MonkeyPatch, passphrase: str = PASSPHRASE) -> int:
    monkeypatch.setenv("HUNYUAN_SYNC_PASSPHRASE", passphrase)
    return run(parse_args(["--data-dir", str(folder), "sync", "--remote", remote]))


@pytest.fixture(params=["webdav", "s3"])
def remote(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """A fresh remote folder on one of the two servers, with its credentials in the environment."""
    prefix = tmp_path.name[-40:].lower().replace("_", "-")
    if request.param == "webdav":
        server: WebDav = request.getfixturevalue("dav")
        monkeypatch.setenv("HUNYUAN_SYNC_USER", server.user)
        monkeypatch.setenv("HUNYUAN_SYNC_PASSWORD", server.password)
        return f"{server.url}/{prefix}"
    bucket: S3 = request.getfixturevalue("s3")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", bucket.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", bucket.secret_key)
    return f"{bucket.url}/{prefix}"


def server_files(request: pytest.FixtureRequest, remote: str) -> dict[str, bytes]:
    if remote.startswith("webdav"):
        dav: WebDav = request.getfixturevalue("dav")
        return {str(p.relative_to(dav.root)): p.read_bytes() for p in dav.root.rglob("*") if p.is_file()}
    s3: S3 = request.getfixturevalue("s3")
    return s3.objects()


def test_two_machines_end_with_the_union_and_the_server_reads_nothing(
    remote: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    home = machine(tmp_path / "home", ("旅行计划", "去杭州三天怎么安排？", "第一天：西湖，断桥残雪。"))
    office = machine(tmp_path / "office", ("Quarterly report", "Summarise the Q3 numbers", "Revenue grew 12%."))
    assert sync(home, remote, monkeypatch) == 0
    assert "Keep it safe" in capsys.readouterr().err  # the first sync explains the passphrase
    assert sync(office, remote, monkeypatch) == 0
    assert sync(home, remote, monkeypatch) == 0
    union = {
        "旅行计划": ["去杭州三天怎么安排？", "第一天：西湖，断桥残雪。"],
        "Quarterly report": ["Summarise the Q3 numbers", "Revenue grew 12%."],
    }
    assert holds(home) == holds(office) == union
    files = server_files(request, remote)
    assert len(files) >= 4  # the header, the index, one record per conversation
    for text in ("杭州", "西湖", "Quarterly", "Revenue", "Q3 numbers"):  # 6 bytes and more: not by chance
        assert not any(text.encode("utf-8") in data for data in files.values()), text
    capsys.readouterr()
    assert sync(office, remote, monkeypatch) == 0  # nothing changed anywhere: nothing moves
    assert "0 received, 0 sent" in capsys.readouterr().out
    assert server_files(request, remote) == files

    before = (home / ARCHIVE_NAME).read_bytes()
    assert sync(home, remote, monkeypatch, passphrase="wrong passphrase") == 1
    assert "passphrase is not the one" in capsys.readouterr().err
    assert (home / ARCHIVE_NAME).read_bytes() == before and server_files(request, remote) == files


def test_edits_on_both_machines_merge_as_versions_and_deletions_travel(
    remote: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = machine(tmp_path / "home", ("诗", "写一首关于秋天的诗", "秋风起兮白云飞"), ("Old", "to delete", "gone"))
    office = tmp_path / "office"
    machine(office)
    assert sync(home, remote, monkeypatch) == 0 and sync(office, remote, monkeypatch) == 0
    for folder, answer in ((home, "草木黄落兮雁南归"), (office, "兰有秀兮菊有芳")):  # a regenerate on each
        archive = Archive.open(folder / ARCHIVE_NAME)
        poem = next(c for c in archive.conversations() if c.title == "诗")
        question = archive.messages(poem.id)[0]
        archive.append_message(poem.id, Role.ASSISTANT, answer, parent_id=question.id)
        if folder == home:
            archive.rename(poem.id, "秋之诗")
            old = next(c for c in archive.conversations() if c.title == "Old")
            archive.delete_conversation(old.id)
        else:
            first = archive.messages(poem.id)[1]
            archive.delete_message(first.id)  # 秋风起兮白云飞, deleted on the office machine
            archive.set_pinned(poem.id, True)  # renamed at home, pinned here: both are kept
        archive.close()
    for folder in (home, office, home):
        assert sync(folder, remote, monkeypatch) == 0
    expected = {"秋之诗": ["写一首关于秋天的诗", "草木黄落兮雁南归", "兰有秀兮菊有芳"]}
    home_holds, office_holds = holds(home), holds(office)
    assert {t: sorted(m) for t, m in home_holds.items()} == {t: sorted(m) for t, m in expected.items()}
    assert {t: sorted(m) for t, m in office_holds.items()} == {t: sorted(m) for t, m in expected.items()}
    for folder in (home, office):
        archive = Archive.open(folder / ARCHIVE_NAME)
        try:
            [poem] = archive.conversations()
            assert poem.title == "秋之诗" and poem.pinned and poem.title_manual
            thread = archive.thread(poem.id)
            assert len(thread.messages) == 2 and len(thread.versions[thread.messages[1].id]) == 2  # two versions
        finally:
            archive.close()


def test_a_machine_that_wrote_first_is_merged_not_overwritten(tmp_path: Path, dav: WebDav) -> None:
    """Two machines sync at the same moment: the second's index write finds the index changed (HTTP 412),
    reads it again, merges, and writes the union."""
    home = machine(tmp_path / "home", ("Home", "q1", "a1"))
    office = machine(tmp_path / "office", ("Office", "q2", "a2"))
    url = parse_remote(f"{dav.url}/race")

    class Racing(Remote):
        raced = False

        async def put(self, name: str, data: bytes, match: str | None = None) -> None:
            if name == engine.INDEX and not Racing.raced:
                Racing.raced = True  # just before home writes the index, office syncs all the way
                other = Archive.open(office / ARCHIVE_NAME)
                try:
                    async with httpx.AsyncClient() as client:
                        await engine.sync(other, open_remote(url, dav.user, dav.password, client), PASSPHRASE)
                finally:
                    other.close()
            await super().put(name, data, match)

    async def home_sync() -> engine.Report:
        archive = Archive.open(home / ARCHIVE_NAME)
        try:
            async with httpx.AsyncClient(auth=httpx.BasicAuth(dav.user, dav.password)) as client:
                return await engine.sync(archive, Racing(url, client), PASSPHRASE)
        finally:
            archive.close()

    assert engine.INDEX == "index.bin"
    report = asyncio.run(home_sync())
    assert report.retries == 1 and report.received == 1
    office_archive = Archive.open(office / ARCHIVE_NAME)
    try:

        async def office_sync() -> engine.Report:
            async with httpx.AsyncClient() as client:
                return await engine.sync(office_archive, open_remote(url, dav.user, dav.password, client), PASSPHRASE)

        assert asyncio.run(office_sync()).received == 1
    finally:
        office_archive.close()
    assert set(holds(home)) == set(holds(office)) == {"Home", "Office"}


def test_a_sync_cut_off_half_way_changes_nothing_and_the_next_one_completes(
    tmp_path: Path, dav: WebDav, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = machine(tmp_path / "home", *((f"对话 {n}", f"问题 {n}", f"回答 {n}") for n in range(12)))
    remote = f"{dav.url}/cut"
    monkeypatch.setenv("HUNYUAN_SYNC_USER", dav.user)
    monkeypatch.setenv("HUNYUAN_SYNC_PASSWORD", dav.password)
    sent: list[str] = []
    put = Remote.put

    async def dropped_after_five(self: Remote, name: str, data: bytes, match: str | None = None) -> None:
        if name.startswith("c/") and len(sent) >= 5:
            raise RemoteError(f"could not reach {self.url.host} (the connection was dropped)")
        sent.append(name)
        await put(self, name, data, match)

    monkeypatch.setattr(Remote, "put", dropped_after_five)
    assert sync(home, remote, monkeypatch) == 1
    assert "connection was dropped" in capsys.readouterr().err
    assert not (dav.root / "sync" / "cut" / "index.bin").exists()  # the index never names a partial upload
    monkeypatch.setattr(Remote, "put", put)
    assert sync(home, remote, monkeypatch) == 0
    assert "12 sent" in capsys.readouterr().out
    office = tmp_path / "office"
    machine(office)
    assert sync(office, remote, monkeypatch) == 0
    assert len(holds(office)) == 12


def test_refusals_say_what_happened_in_one_line(
    tmp_path: Path, dav: WebDav, s3: S3, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = machine(tmp_path / "home", ("A", "q", "a"))
    monkeypatch.setenv("HUNYUAN_SYNC_USER", dav.user)
    monkeypatch.setenv("HUNYUAN_SYNC_PASSWORD", "not the password")
    assert sync(home, f"{dav.url}/refused", monkeypatch) == 1
    assert "refused the user name or password (HTTP 401" in capsys.readouterr().err
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", s3.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not the secret")
    assert sync(home, f"{s3.url}/refused", monkeypatch) == 1
    err = capsys.readouterr().err
    assert "refused access" in err and "HTTP 403: The request signature we calculated does not match" in err
    assert sync(home, "webdav+http://192.0.2.7/chats", monkeypatch) == 1  # plain http off this computer
    assert "plain http to another computer" in capsys.readouterr().err
    assert sync(home, "ftp://example.com/x", monkeypatch) == 1
    assert "not a sync remote" in capsys.readouterr().err


class _Full(BaseHTTPRequestHandler):
    """A WebDAV server whose disk is full: nothing there yet, and every write answered 507."""

    def do_GET(self) -> None:
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = b"<d:error><s:message>Insufficient Storage: quota of 1 GB used</s:message></d:error>"
        self.send_response(507)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_full_remote_says_so_and_nothing_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = machine(tmp_path / "home", ("A", "q", "a"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Full)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("HUNYUAN_SYNC_USER", "u")
        monkeypatch.setenv("HUNYUAN_SYNC_PASSWORD", "p")
        before = holds(home)
        assert sync(home, f"webdav+http://127.0.0.1:{server.server_address[1]}/full", monkeypatch) == 1
        err = capsys.readouterr().err
        assert "no room left (HTTP 507: Insufficient Storage: quota of 1 GB used)" in err
        assert holds(home) == before
    finally:
        server.shutdown()
        server.server_close()


def test_a_remote_from_a_newer_version_is_refused(
    tmp_path: Path, dav: WebDav, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = dav.root / "sync" / "newer"
    folder.mkdir(parents=True)
    (folder / engine.HEADER).write_text(json.dumps({"format": "hunyuan-desktop/sync@2", "salt": "", "check": ""}))
    home = machine(tmp_path / "home", ("A", "q", "a"))
    monkeypatch.setenv("HUNYUAN_SYNC_USER", dav.user)
    monkeypatch.setenv("HUNYUAN_SYNC_PASSWORD", dav.password)
    assert sync(home, f"{dav.url}/newer", monkeypatch) == 1
    assert "written by a newer version of the app" in capsys.readouterr().err


def test_the_same_export_imported_on_two_machines_is_one_conversation_after_sync(
    tmp_path: Path, dav: WebDav, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each machine imported the same ChatGPT export: syncing merges the two copies (their uids come from
    the export's ids), and importing it again where the other machine's copy arrived adds nothing."""
    from tests.unit.test_import_exports import chatgpt_zip

    export = chatgpt_zip(tmp_path / "chatgpt.zip")
    home, office = machine(tmp_path / "home"), machine(tmp_path / "office")
    for folder in (home, office):
        assert run(parse_args(["--data-dir", str(folder), "import", str(export)])) == 0
    imported = holds(home)
    assert len(imported) == 3
    monkeypatch.setenv("HUNYUAN_SYNC_USER", dav.user)
    monkeypatch.setenv("HUNYUAN_SYNC_PASSWORD", dav.password)
    third = machine(tmp_path / "third")
    for folder in (home, office, home, third):
        assert sync(folder, f"{dav.url}/imports", monkeypatch) == 0
    assert holds(home) == holds(office) == holds(third) == imported  # not doubled, no message twice
    assert run(parse_args(["--data-dir", str(third), "import", str(export)])) == 0
    assert holds(third) == imported


def test_remember_keeps_credentials_in_the_keyring_and_never_in_a_file(
    tmp_path: Path, dav: WebDav, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The system keyring (a real Secret Service under `make test`) keeps them; the remote is remembered."""
    import keyring

    home = machine(tmp_path / "home", ("A", "q", "a"))
    remote = f"{dav.url}/remembered-{tmp_path.name[-12:].lower()}"
    monkeypatch.setenv("HUNYUAN_SYNC_USER", dav.user)
    monkeypatch.setenv("HUNYUAN_SYNC_PASSWORD", dav.password)
    monkeypatch.setenv("HUNYUAN_SYNC_PASSPHRASE", PASSPHRASE)
    base = ["--data-dir", str(home), "sync"]
    accounts = [f"sync:{part}:{remote}" for part in ("user", "secret", "passphrase")]
    try:
        assert run(parse_args([*base, "--remote", remote])) == 0
        for name in ("HUNYUAN_SYNC_USER", "HUNYUAN_SYNC_PASSWORD", "HUNYUAN_SYNC_PASSPHRASE"):
            monkeypatch.delenv(name)
        capsys.readouterr()
        assert run(parse_args(base)) == 1  # not remembered: said, not asked (no terminal)
        err = capsys.readouterr().err
        assert "no user name for" in err and "set HUNYUAN_SYNC_USER" in err
        for name, value in (
            ("HUNYUAN_SYNC_USER", dav.user),
            ("HUNYUAN_SYNC_PASSWORD", dav.password),
            ("HUNYUAN_SYNC_PASSPHRASE", PASSPHRASE),
        ):
            monkeypatch.setenv(name, value)
        assert run(parse_args([*base, "--remember"])) == 0
        for name in ("HUNYUAN_SYNC_USER", "HUNYUAN_SYNC_PASSWORD", "HUNYUAN_SYNC_PASSPHRASE"):
            monkeypatch.delenv(name)
        assert run(parse_args(base)) == 0  # the remote from the settings, the rest from the keyring
        for path in (p for p in home.rglob("*") if p.is_file()):
            data = path.read_bytes()
            assert dav.password.encode() not in data and PASSPHRASE.encode() not in data, path
    finally:
        for account in accounts:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password("hunyuan-desktop", account)


def test_sync_goes_through_the_proxy_the_app_uses(
    tmp_path: Path, dav: WebDav, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A company network: --proxy (or Settings' proxy) carries sync's requests too, as it carries the
    providers' (a real forward proxy on loopback records what passed through it)."""
    home = machine(tmp_path / "home", ("代理", "q", "a"))
    monkeypatch.setenv("HUNYUAN_SYNC_USER", dav.user)
    monkeypatch.setenv("HUNYUAN_SYNC_PASSWORD", dav.password)
    monkeypatch.setenv("HUNYUAN_SYNC_PASSPHRASE", PASSPHRASE)
    remote = f"{dav.url}/proxied"
    assert run(parse_args(["--data-dir", str(home), "--proxy", proxy.url, "sync", "--remote", remote])) == 0
    targets = [seen.target for seen in proxy.requests()]
    assert any(t.endswith("/sync/proxied/index.bin") for t in targets), targets
    assert any("/sync/proxied/c/" in t for t in targets)  # the records too, not only the index


def test_an_s3_remote_signs_for_its_region() -> None:
    """Tencent COS and AWS name the region in the host; elsewhere (Aliyun OSS, MinIO) ?region= says it; a
    region given is kept in the URL the remote is remembered under."""
    cos = parse_remote("s3://cos.ap-guangzhou.myqcloud.com/chats-1250000000/hunyuan")
    assert (cos.region, cos.bucket, cos.path) == ("ap-guangzhou", "chats-1250000000", "hunyuan")
    assert parse_remote(cos.text).region == "ap-guangzhou"
    assert parse_remote("s3://s3.eu-west-1.amazonaws.com/chats/x").region == "eu-west-1"
    oss = parse_remote("s3://oss-cn-hangzhou.aliyuncs.com/chats/x?region=oss-cn-hangzhou")
    assert oss.region == "oss-cn-hangzhou" and oss.text.endswith("/chats/x?region=oss-cn-hangzhou")
    assert parse_remote("s3+http://127.0.0.1:9000/chats/x").region == "us-east-1"
    assert parse_remote("s3+http://127.0.0.1:9000/chats/x", region="ap-beijing").region == "ap-beijing"  # AWS_REGION

"""Real storage servers on loopback for the sync tests: wsgidav (WebDAV, basic auth) and moto's server (S3,
signatures checked). Each runs as its own process, on a free port of 127.0.0.1, until the test is done."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not start: {log.read_text(errors='replace')[-2000:]}")


@contextmanager
def _process(argv: list[str], port: int, log: Path, env: dict[str, str] | None = None) -> Iterator[None]:
    with log.open("wb") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    try:
        _wait(port, process, log)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class WebDav:
    url: str  # webdav+http://127.0.0.1:port/folder
    root: Path  # the server's files
    user: str = "alice"
    password: str = "s3cret-pw"


@contextmanager
def webdav_server(folder: Path) -> Iterator[WebDav]:
    root = folder / "dav-root"
    root.mkdir(parents=True)
    port = free_port()
    server = WebDav(f"webdav+http://127.0.0.1:{port}/sync", root)
    config = {
        "host": "127.0.0.1",
        "port": port,
        "provider_mapping": {"/": str(root)},
        "http_authenticator": {"domain_controller": None, "accept_basic": True, "accept_digest": False},
        "simple_dc": {"user_mapping": {"*": {server.user: {"password": server.password}}}},
        "verbose": 1,
        "logging": {"enable": False},
    }
    path = folder / "wsgidav.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    argv = [sys.executable, "-m", "wsgidav.server.server_cli", "--config", str(path)]
    with _process(argv, port, folder / "wsgidav.log"):
        yield server


@dataclass(frozen=True)
class S3:
    url: str  # s3+http://127.0.0.1:port/bucket/prefix
    endpoint: str
    bucket: str
    access_key: str
    secret_key: str

    def objects(self) -> dict[str, bytes]:
        """Every object in the bucket, read with boto3 (another client than the app's)."""
        import boto3

        s3 = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )
        listed = s3.list_objects_v2(Bucket=self.bucket).get("Contents", [])
        return {o["Key"]: s3.get_object(Bucket=self.bucket, Key=o["Key"])["Body"].read() for o in listed}


@contextmanager
def s3_server(folder: Path) -> Iterator[S3]:
    """moto checks signatures only after its first requests without one (``INITIAL_NO_AUTH_ACTION_COUNT``):
    those make an IAM user with an access key allowed S3; from then on a wrong secret is refused (403)."""
    import boto3

    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    argv = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    with _process(argv, port, folder / "moto.log", {"INITIAL_NO_AUTH_ACTION_COUNT": "3"}):
        httpx.get(endpoint + "/moto-api/", timeout=30)  # its first answer: the app is loaded
        iam = boto3.client(
            "iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
        )
        iam.create_user(UserName="sync")
        key = iam.create_access_key(UserName="sync")["AccessKey"]
        policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
        iam.put_user_policy(UserName="sync", PolicyName="s3", PolicyDocument=json.dumps(policy))
        url = f"s3+http://127.0.0.1:{port}/chats/hunyuan"
        server = S3(url, endpoint, "chats", key["AccessKeyId"], key["SecretAccessKey"])
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=server.access_key,
            aws_secret_access_key=server.secret_key,
        ).create_bucket(Bucket=server.bucket)
        yield server

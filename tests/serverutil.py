"""Start a real uvicorn process on a free loopback port, wait until `GET /` says ready, stop it.

Shared by the server, fuzz, load and export tests: they talk HTTP to a real process, the way
the runner does, never to the app in-process.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
READY_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    log: Path

    def rss_kib(self) -> int:
        """Resident memory of the server process, from /proc/PID/status."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError(f"no VmRSS for pid {self.pid}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen, log: Path, timeout_s: float = READY_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if requests.get(url + "/", timeout=2).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or busy loading
            pass
        time.sleep(0.1)
    raise AssertionError(f"server not ready within {timeout_s:g}s:\n{log.read_text()[-4000:]}")


@contextmanager
def running_server(log: Path, *, cwd: Path = REPO, env: dict[str, str] | None = None,
                   ready_timeout_s: float = READY_TIMEOUT_S) -> Iterator[Server]:
    """`python -m uvicorn main:app` in `cwd`, deterministic fill unless `env` says otherwise."""
    port = free_port()
    full_env = {**os.environ, "NLQ_FILL": "deterministic", **(env or {})}
    command = [sys.executable, "-m", "uvicorn", "main:app", "--host", "127.0.0.1", "--port", str(port),
               "--no-access-log"]
    # Output to a file, not a pipe: thousands of log lines must not block the server.
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=full_env, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process, log, ready_timeout_s)
        yield Server(url, process.pid, log)
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Terminate a server process, killing it when it does not exit in 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

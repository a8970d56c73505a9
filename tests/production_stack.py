"""The production stack on loopback ports: gunicorn with the repository's config, and
nginx with ``deploy/nginx.conf`` in front of it.

Only the addresses change: nginx's ``listen`` and ``upstream`` lines are pointed at free
loopback ports, and its pid, log and temporary files go to a scratch folder. Everything
else is the file as shipped.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX_SITE = ROOT / "deploy" / "nginx.conf"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_health(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited early:\n{log.read_text()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"never became healthy:\n{log.read_text()}")


class Gunicorn:
    """``gunicorn -c gunicorn.conf.py [app]`` with its default workers and threads."""

    def __init__(self, env: dict[str, str], log: Path, app: str | None = None) -> None:
        self.port = free_port()
        self.log = log
        self._out = open(log, "w")  # noqa: SIM115 (closed in stop)
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        self.process = subprocess.Popen(
            command + ([app] if app else []),
            cwd=ROOT,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env, "PORT": str(self.port)},
        )
        wait_for_health(self.port, self.process, log)

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._out.close()
        return self.log.read_text()


def site_config(listen_port: int, upstream_port: int) -> str:
    """``deploy/nginx.conf`` with only its two addresses changed."""
    text = NGINX_SITE.read_text()
    for old, new in (
        ("    listen 80;", f"    listen 127.0.0.1:{listen_port};"),
        ("server 127.0.0.1:8080;", f"server 127.0.0.1:{upstream_port};"),
    ):
        if text.count(old) != 1:
            raise AssertionError(f"deploy/nginx.conf no longer has exactly one {old.strip()!r}")
        text = text.replace(old, new)
    return text


class Nginx:
    """nginx in the foreground with a minimal main configuration around the shipped site."""

    def __init__(self, upstream_port: int) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).exists():
            raise RuntimeError("nginx is not installed: run scripts/install-system-deps test")
        self.port = free_port()
        # nginx's workers drop root privileges, so their folder must be open to them.
        self.folder = Path(tempfile.mkdtemp(prefix="skill-nginx-"))
        self.folder.chmod(0o755)
        (self.folder / "site.conf").write_text(site_config(self.port, upstream_port))
        temp = "\n".join(
            f"  {kind}_temp_path {self.folder / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.folder / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
pid {self.folder / "nginx.pid"};
error_log {self.folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
{temp}
  include {self.folder / "site.conf"};
}}
""")
        self.log = self.folder / "error.log"
        self.process = subprocess.Popen(
            [binary, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), "-e", str(self.log)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        self.log.touch()
        wait_for_health(self.port, self.process, self.log)

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        text = self.log.read_text() if self.log.exists() else ""
        shutil.rmtree(self.folder, ignore_errors=True)
        return text

"""The public set-up: Datasette behind nginx (`make serve-public`).

Datasette is started exactly as ``make serve`` starts it (from the site's
configuration directory, deploy/site.py), on a free port of
127.0.0.1 that only nginx uses; nginx (Debian's package) listens on
``--listen`` and applies the limits of deploy/nginx.conf: requests and
connections per client, SQL the client writes, downloads, request sizes,
timeouts, compression and cache headers.  Both run in the foreground until
interrupted (Ctrl-C or SIGTERM), when both are stopped.

    python -m deploy.public --db iran_cyberspace.db --listen 127.0.0.1:8080

``SITE_URL`` (default ``http://<listen>``) is the address the site gives in
its absolute links and the ``Host`` nginx sends to Datasette; set it to the
public address, for instance ``https://news.example.org``.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from deploy.site import assemble, serve_command

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "nginx.conf"
NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")
# SQL the client writes that may be in progress at once, for the whole site
# (settings.json's num_sql_threads less the threads kept for ordinary pages).
SQL_AT_ONCE = 1


def find_nginx():
    """The nginx executable, or None when it is not installed."""
    for candidate in NGINX_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def free_port(host="127.0.0.1"):
    """A TCP port on ``host`` that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def datasette_command(db, port, host="127.0.0.1", site_dir=None):
    """The ``datasette serve`` command line of ``make serve``: the site's configuration directory (deploy/site.py)."""
    return serve_command(assemble(db, site_dir), port, host)


def nginx_config(prefix, listen, datasette_port, db, site_url, access_log="off"):
    """deploy/nginx.conf with its fields filled in."""
    fields = {
        "PREFIX": str(prefix),
        "LISTEN": listen,
        "DATASETTE_PORT": str(datasette_port),
        "SITE_HOST": urllib.parse.urlsplit(site_url).netloc,
        "DB_NAME": Path(db).stem,
        "DB_PATH": str(Path(db).resolve()),
        "SQL_AT_ONCE": str(SQL_AT_ONCE),
        "ACCESS_LOG": access_log,
    }
    text = CONFIG.read_text()
    for name, value in fields.items():
        text = text.replace("{{" + name + "}}", value)
    return text


def wait_until_up(url, processes, timeout=60):
    """Poll ``url`` until it answers 200; fail if one of ``processes`` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


class PublicSite:
    """Datasette and nginx in front of it, started together and stopped together."""

    def __init__(self, db, listen, site_dir=None, site_url=None, quiet=False):
        self.db, self.listen = Path(db).resolve(), listen
        self.site_dir = site_dir
        self.site_url = site_url or os.environ.get("SITE_URL") or f"http://{listen}"
        self.quiet = quiet
        self.processes = []
        self.prefix = None

    def start(self):
        nginx = find_nginx()
        if nginx is None:
            raise RuntimeError("nginx is not installed (make nginx, or apt-get install nginx)")
        self.prefix = Path(tempfile.mkdtemp(prefix="public-site-"))
        os.chmod(self.prefix, 0o755)
        port = free_port()
        output = subprocess.DEVNULL if self.quiet else None
        env = dict(os.environ, SITE_URL=self.site_url)
        self.processes.append(subprocess.Popen(datasette_command(self.db, port, site_dir=self.site_dir), cwd=ROOT, env=env,
                                               stdout=output, stderr=output))
        config = self.prefix / "nginx.conf"
        config.write_text(nginx_config(self.prefix, self.listen, port, self.db, self.site_url))
        self.processes.append(subprocess.Popen([nginx, "-p", str(self.prefix), "-c", str(config)], stdout=output,
                                               stderr=output))
        wait_until_up(f"http://{self.listen}/-/versions.json", self.processes)
        return self

    @property
    def datasette_pid(self):
        return self.processes[0].pid

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                # nginx stops at once on SIGTERM (a "fast shutdown"), Datasette too.
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []
        if self.prefix:
            shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _interrupt(signum, frame):
    """SIGTERM stops the site as Ctrl-C does (once: a second signal while stopping is ignored)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m deploy.public", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="iran_cyberspace.db")
    parser.add_argument("--site-dir", help="the configuration directory to serve from (deploy/site.py; default: beside the database)")
    parser.add_argument("--listen", default="127.0.0.1:8080", help="address and port nginx listens on")
    args = parser.parse_args(argv)
    site = PublicSite(args.db, args.listen, args.site_dir)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        site.start()
        print(f"Serving {args.db} at http://{args.listen}/ (nginx in front of Datasette); Ctrl-C stops both",
              file=sys.stderr)
        while all(p.poll() is None for p in site.processes):
            time.sleep(0.5)
        print("nginx or Datasette exited; stopping", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        site.stop()


if __name__ == "__main__":
    sys.exit(main())

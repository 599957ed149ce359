#!/usr/bin/env python3
"""The admin write path on both control stores: changes per second and their latency.

Starts a release chat-server on the embedded SQLite file, then on a PostgreSQL server this script starts
(initdb in a temporary directory, on a Unix socket and a loopback port, as the postgres user when run as
root), and times admin changes over HTTP with an API token: bans (a sanction and its audit line, two
commits) and limit changes (a setting and its audit line), one client at a time and four at once.
Durability is on for both (SQLite synchronous=FULL, PostgreSQL synchronous_commit=on, fsync on).
Prints the figures; asserts nothing.

    python3 Benchmarks/store.py            # 1000 changes per run
    python3 Benchmarks/store.py --changes 300
"""

import argparse
import glob
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / ".build" / "release"


def build_release():
    """The release chat-server and chatctl this script runs."""
    for product in ("chat-server", "chatctl"):
        subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True, capture_output=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Postgres:
    """A throwaway PostgreSQL server, started and removed by this script."""

    def __init__(self):
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not versions:
            raise SystemExit("PostgreSQL is missing: apt-get install postgresql")
        self.bin = Path(versions[-1]).parent
        self.dir = tempfile.mkdtemp(prefix="chat-pg-bench-")
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.run("initdb", "-D", f"{self.dir}/data", "-U", "chat", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-instructions")
        self.run("pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w", "-o",
                 f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start")
        self.databases = 0

    def run(self, tool, *arguments):
        command = [str(self.bin / tool), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd="/tmp")

    def database_url(self):
        self.databases += 1
        name = f"bench{self.databases}"
        self.run("createdb", "-h", self.dir, "-p", str(self.port), "-U", "chat", name)
        return f"postgres://chat@/{name}?host={self.dir}&port={self.port}"

    def stop(self):
        self.run("pg_ctl", "-D", f"{self.dir}/data", "-m", "fast", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    def __init__(self, database_url=None, extra=(), make_account=True):
        self.dir = tempfile.mkdtemp(prefix="chat-store-bench-")
        arguments = [str(RELEASE / "chat-server"), "--host", "127.0.0.1", "--port", "0", "--admin-port", "0", "--bcrypt-cost", "4",
                     "--log-level", "notice", "--data-dir", f"{self.dir}/data"]
        if database_url:
            arguments += ["--database-url", database_url]
        arguments += list(extra)
        self.log = open(f"{self.dir}/server.log", "w+")
        self.process = subprocess.Popen(["taskset", "-c", "0", *arguments], stdout=self.log, stderr=subprocess.STDOUT)
        socket_path = f"{self.dir}/data/run/control.sock"
        for _ in range(600):
            if os.path.exists(socket_path):
                break
            time.sleep(0.05)
        self.socket = socket_path
        if make_account:  # not when another node on the same database made it
            self.ctl("accounts", "add", "bench", "--role", "admin", "--password-stdin", stdin="benchmark-password\n")
        self.token = json.loads(self.ctl("tokens", "create", "bench", "--account", "bench", "-o", "json"))["token"]
        self.admin_port = int(self.find_port())

    def find_port(self):
        for _ in range(100):
            text = Path(f"{self.dir}/server.log").read_text()
            found = re.search(r"admin listening on http://127\.0\.0\.1:(\d+)", text)
            if found:
                return found.group(1)
            time.sleep(0.05)
        raise RuntimeError("no admin port in the log")

    def ctl(self, *arguments, stdin=""):
        return subprocess.run([str(RELEASE / "chatctl"), "--socket", self.socket, *arguments], input=stdin, capture_output=True,
                              text=True, check=True).stdout

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)
        shutil.rmtree(self.dir, ignore_errors=True)


def timed_changes(server, kind, changes, clients):
    """`changes` admin changes from `clients` threads, each on a keep-alive connection; latencies in ms."""
    latencies, lock, failures = [], threading.Lock(), [0]
    per_client = changes // clients

    def client(number):
        connection = http.client.HTTPConnection("127.0.0.1", server.admin_port, timeout=30)
        headers = {"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"}
        mine = []
        for index in range(per_client):
            if kind == "ban":
                path, method = "/admin/v1/bans", "POST"
                body = json.dumps({"target": f"10.{number}.{index // 250}.{index % 250}", "public_reason": "bench"})
            else:
                path, method = "/admin/v1/limits", "PATCH"
                body = json.dumps({"host_cap": 3 + index % 5})
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status >= 300:
                failures[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "changes_per_s": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2],
        "p99_ms": latencies[int(len(latencies) * 0.99)],
        "failed": failures[0],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=1000)
    args = parser.parse_args()
    build_release()
    postgres = Postgres()
    try:
        print(f"{'store':<11} {'change':<7} {'clients':>7} {'changes/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'failed':>6}")
        for name in ("sqlite", "postgresql"):
            for kind in ("ban", "limits"):
                for clients in (1, 4):
                    server = Server(postgres.database_url() if name == "postgresql" else None)
                    try:
                        figures = timed_changes(server, kind, args.changes, clients)
                    finally:
                        server.stop()
                    print(f"{name:<11} {kind:<7} {clients:>7} {figures['changes_per_s']:>10.0f} {figures['p50_ms']:>8.2f} "
                          f"{figures['p99_ms']:>8.2f} {figures['failed']:>6}", flush=True)
    finally:
        postgres.stop()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""One abusive host against chat-server, attack by attack, with a normal client beside it.

    python3 Benchmarks/abuse.py            # the full attacks (release build), about 4 minutes
    python3 Benchmarks/abuse.py --short    # a few seconds per attack, smaller, the debug build (CI)

Each attack comes from one address of its own (127.0.0.4 and up; slowhttptest from 127.0.0.1); the
normal client comes from 127.0.0.2. For each attack it prints: the normal client's try time p50/p99 (a
try is a join, a held poll, a send on another connection and its receipt through the poll, then a
leave), whether the admin API answered /healthz every time, how many attack connections the server
closed and when, and the server's RSS before, at most during, and after. Targets (docs/performance.md):
p99 under 100 ms, the admin API answering every time, RSS under 400 MB, nothing lost. Exits 1 when a
target is missed (with --short, the debug build's p99 is shown but not held to the target). Talks to 127.0.0.0/8 only, and stops by itself.
"""

import argparse
import http.client
import json
import os
import re
import resource
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NORMAL = "127.0.0.2"


def rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Server:
    """A fresh chat-server with loose chat limits (the normal client joins often) and default connection caps."""

    def __init__(self, binary, extra):
        self.dir = tempfile.mkdtemp(prefix="chat-abuse-")
        self.log_path = Path(self.dir) / "server.log"
        self.binary = binary
        self.process = subprocess.Popen(
            [str(binary), "--host", "127.0.0.1", "--port", "0", "--admin-port", "0", "--bcrypt-cost", "4", "--log-level", "notice",
             "--data-dir", str(Path(self.dir) / "data")] + extra,
            stdout=open(self.log_path, "wb"), stderr=subprocess.STDOUT)
        text = ""
        for _ in range(1200):
            text = self.log_path.read_text(errors="replace")
            # The three listeners announce themselves in any order.
            if all(f"{name} listening on" in text for name in ("chat", "admin", "control socket")):
                break
            time.sleep(0.05)
        self.port = int(re.search(r"chat listening on http://127\.0\.0\.1:(\d+)", text).group(1))
        self.admin_port = int(re.search(r"admin listening on http://127\.0\.0\.1:(\d+)", text).group(1))
        self.socket_path = str(Path(self.dir) / "data" / "run" / "control.sock")
        chatctl = binary.parent / "chatctl"
        subprocess.run([str(chatctl), "--socket", self.socket_path, "limits", "set", "--message-rate", "100000/1s", "--join-rate", "100000",
                        "--host-cap", "1000"], check=True, stdout=subprocess.DEVNULL)

    def rss(self):
        return rss_kib(self.process.pid)

    def stop(self):
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def request(server, method, path, body=None, token=None, timeout=5):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout, source_address=(NORMAL, 0))
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def normal_try(server, index):
    """One try of a person chatting; its wall time in ms, and whether the message came back."""
    start = time.monotonic()
    status, data = request(server, "POST", "/api/join", {"nick": f"n{index}"})
    if status != 201:
        raise RuntimeError(f"join {status} {data[:200]!r}")
    joined = json.loads(data)
    token, cursor = joined["session"], joined["cursor"]
    result = {}

    def poll():
        since, deadline = cursor, time.monotonic() + 10
        while time.monotonic() < deadline:  # the person's own join comes first
            status, data = request(server, "GET", f"/api/poll?since={since}", token=token, timeout=10)
            result["answer"] = (status, data)
            if status != 200 or f"hello {index}".encode() in data:
                return
            since = json.loads(data)["cursor"]

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.005)  # let the poll be held; its time is taken off below
    sent_status, _ = request(server, "POST", "/api/send", {"text": f"hello {index}"}, token=token)
    poller.join()
    request(server, "POST", "/api/leave", token=token)
    elapsed = (time.monotonic() - start) * 1000 - 5
    status, data = result.get("answer", (0, b""))
    received = status == 200 and f"hello {index}".encode() in data and sent_status == 202
    return elapsed, received


def connection_counters(server):
    """The server's own count of connections it refused at accept and closed for a timeout, from /metrics."""
    connection = http.client.HTTPConnection("127.0.0.1", server.admin_port, timeout=5)
    connection.request("GET", "/metrics")
    text = connection.getresponse().read().decode()
    connection.close()
    counts = {}
    for kind, label, value in re.findall(r'chat_connections_(refused|timed_out)_total\{\w+="(\w+)"\} ([0-9.e+]+)', text):
        counts[f"{kind} {label}"] = int(float(value))
    return counts


def healthz(server):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.admin_port, timeout=2)
        connection.request("GET", "/healthz")
        ok = connection.getresponse().status == 200
        connection.close()
        return ok
    except OSError:
        return False


class Watched:
    """Attack connections, watched for the server closing them: how long each lived, from its connect."""

    def __init__(self):
        self.sockets = {}
        self.closed_at = {}
        self.opened_at = {}
        self.unread = set()
        self.start = time.monotonic()
        self.lock = threading.Lock()
        self.stopping = False
        self.poller = select.poll()
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.thread.start()

    def add(self, sock, reads=True):
        """With `reads` false the socket is never read (an attacker that does not read its answers): only
        the server's end of the connection (FIN or reset) is watched for."""
        with self.lock:
            self.sockets[sock.fileno()] = sock
            self.opened_at[sock.fileno()] = time.monotonic()
            if not reads:
                self.unread.add(sock.fileno())
            events = select.POLLHUP | select.POLLERR | select.POLLRDHUP
            self.poller.register(sock.fileno(), events | (select.POLLIN if reads else 0))

    def watch(self):
        while not self.stopping:
            for fd, _ in self.poller.poll(100):
                with self.lock:
                    sock = self.sockets.get(fd)
                if sock is None or fd in self.closed_at:
                    continue
                if fd in self.unread:
                    self.closed_at[fd] = time.monotonic() - self.opened_at[fd]
                    self.poller.unregister(fd)
                    continue
                try:
                    data = sock.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    self.closed_at[fd] = time.monotonic() - self.opened_at[fd]
                    self.poller.unregister(fd)

    def summary(self):
        times = sorted(self.closed_at.values())
        opened = len(self.sockets)
        if not times:
            return f"0 of {opened} closed by the server"
        at_accept = sum(1 for t in times if t < 1.0)
        later = [t for t in times if t >= 1.0]
        text = f"{len(times)} of {opened} closed by the server: {at_accept} within 1 s of their connect"
        if later:
            text += f", {len(later)} later (median {statistics.median(later):.1f} s, last {later[-1]:.1f} s)"
        return text

    def close(self):
        self.stopping = True
        self.thread.join()
        for sock in self.sockets.values():
            try:
                sock.close()
            except OSError:
                pass


def connect_many(server, source, count, first_bytes, watched):
    for _ in range(count):
        sock = socket.socket()
        sock.setblocking(False)
        sock.bind((source, 0))
        try:
            sock.connect(("127.0.0.1", server.port))
        except BlockingIOError:
            pass
        watched.add(sock)
        if first_bytes:
            waiter = select.poll()
            waiter.register(sock.fileno(), select.POLLOUT)
            waiter.poll(2000)
            try:
                sock.send(first_bytes)
            except OSError:
                pass


def attack_idle(server, watched, size):
    connect_many(server, "127.0.0.4", size["idle"], b"", watched)


def attack_headers(server, watched, size):
    head = b"GET /api/users HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * (79 * 1024)
    connect_many(server, "127.0.0.5", size["headers"], head, watched)


def attack_pipeline(server, watched, size):
    status, data = request(server, "POST", "/api/join", {"nick": "piper"})
    token = json.loads(data)["session"]
    for index in range(8):
        request(server, "POST", "/api/send", {"text": "x" * 400 + str(index)}, token=token)
    sock = socket.socket()
    sock.bind(("127.0.0.6", 0))
    sock.connect(("127.0.0.1", server.port))
    sock.setblocking(False)
    watched.add(sock, reads=False)
    poll = f"GET /api/poll?since=0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
    data = poll * size["pipelined"]

    def writer():
        sent, deadline = 0, time.monotonic() + size["seconds"]
        while sent < len(data) and time.monotonic() < deadline:
            try:
                sent += sock.send(data[sent:sent + 65536])
            except BlockingIOError:
                time.sleep(0.01)
            except OSError:
                break
        watched.pipelined_bytes = sent

    threading.Thread(target=writer, daemon=True).start()


def attack_slowhttptest(mode):
    def run(server, watched, size):
        if not shutil.which("slowhttptest"):
            raise FileNotFoundError("slowhttptest is missing: apt-get install slowhttptest")
        flags = {"H": ["-H", "-i", "5", "-x", "24"], "B": ["-B", "-i", "5", "-s", "8192", "-x", "10"],
                 "X": ["-X", "-w", "10", "-y", "20", "-n", "5", "-z", "32", "-k", "3"]}[mode]
        # Slow headers on a plain GET, a slow body where the body is read (a join), slow reading of the page.
        path = {"H": "/api/users", "B": "/api/join", "X": "/"}[mode]
        watched.mode = mode
        log = open(Path(server.dir) / f"slowhttptest-{mode}.log", "wb")
        watched.process = subprocess.Popen(
            ["slowhttptest", *flags, "-c", str(size["slow"]), "-r", str(size["slow_rate"]), "-l", str(int(size["seconds"]) + 2),
             "-u", f"http://127.0.0.1:{server.port}{path}", "-p", "3"],
            stdout=log, stderr=subprocess.STDOUT)
    return run


def slowhttptest_summary(path):
    """What slowhttptest saw of its own connections at its last status, and why it ended."""
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", path.read_text(errors="replace"))
    blocks = re.findall(r"status on (\d+)th second:\s+initializing:\s+(\d+)\s+pending:\s+(\d+)\s+connected:\s+(\d+)\s+"
                        r"error:\s+(\d+)\s+closed:\s+(\d+)\s+service available:\s+(\w+)", text)
    ended = re.search(r"Test ended on (\d+)th second\s+Exit status:\s*([^\n]+)", text)
    parts = []
    if blocks:
        second, _, _, connected, error, closed, available = blocks[-1]
        parts.append(f"at its second {second}: {connected} connected, {closed} closed, {error} errors, service "
                     f"{'available' if available == 'YES' else 'UNAVAILABLE'}")
    if ended:
        parts.append(f"ended at second {ended.group(1)}: {ended.group(2).strip()}")
    return "slowhttptest " + "; ".join(parts) if parts else "slowhttptest printed nothing: " + text[-200:]


ATTACKS = [
    ("idle flood from one address", attack_idle),
    ("unfinished 79 KB headers", attack_headers),
    ("one connection pipelining polls, never reading", attack_pipeline),
    ("slowhttptest -H (slow headers)", attack_slowhttptest("H")),
    ("slowhttptest -B (slow body)", attack_slowhttptest("B")),
    ("slowhttptest -X (slow read)", attack_slowhttptest("X")),
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run_attack(name, attack, binary, extra, size):
    server = Server(binary, extra)
    try:
        for index in range(3):
            normal_try(server, 10_000 + index)  # warm
        before = server.rss()
        counted_before = connection_counters(server)
        watched = Watched()
        attack(server, watched, size)
        time.sleep(0.5)
        peak, times, lost, health = before, [], 0, []
        deadline = time.monotonic() + size["seconds"]
        index = 0
        while time.monotonic() < deadline or index < size["tries"]:
            try:
                elapsed, received = normal_try(server, index)
                times.append(elapsed)
                lost += 0 if received else 1
            except (OSError, RuntimeError) as error:
                times.append(10_000)
                lost += 1
                print(f"    try {index}: {error}")
            health.append(healthz(server))
            peak = max(peak, server.rss())
            index += 1
            if index >= size["tries"] and time.monotonic() >= deadline:
                break
            time.sleep(max(0, size["seconds"] / size["tries"] - 0.01))
        process = getattr(watched, "process", None)
        if process:
            process.wait(timeout=60)
            closed = slowhttptest_summary(Path(server.dir) / f"slowhttptest-{watched.mode}.log")
        else:
            closed = watched.summary()
        watched.close()
        time.sleep(2)
        after = server.rss()
        counted = connection_counters(server)
        server_side = ", ".join(f"{key.replace('_', ' ')} {counted[key] - counted_before.get(key, 0)}" for key in sorted(counted)
                                if counted[key] > counted_before.get(key, 0)) or "nothing"
        return {
            "attack": name, "tries": len(times), "p50": statistics.median(times), "p99": percentile(times, 0.99), "lost": lost,
            "admin": f"{sum(health)}/{len(health)}", "admin_ok": all(health), "closed": closed,
            "rss": (before / 1024, peak / 1024, after / 1024), "alive": server.process.poll() is None,
            "pipelined": getattr(watched, "pipelined_bytes", None), "server_side": server_side,
        }
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="a few seconds per attack, smaller, with the debug build")
    parser.add_argument("--binary", help="the chat-server binary (default: .build/release, or .build/debug with --short)")
    parser.add_argument("--only", default="", help="attacks whose name contains this")
    options = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if options.short:
        size = {"idle": 2000, "headers": 300, "pipelined": 20_000, "slow": 1000, "slow_rate": 500, "seconds": 6, "tries": 30}
        # Shorter deadlines, so that the server's closing of the attack shows within the short run.
        extra = ["--header-timeout", "3", "--body-timeout", "3", "--write-timeout", "4"]
        build = "debug"
    else:
        size = {"idle": min(18_000, hard - 500), "headers": 6000, "pipelined": 6000 * 10, "slow": 4000, "slow_rate": 1000,
                "seconds": 35, "tries": 50}
        extra = []
        build = "release"
    binary = Path(options.binary) if options.binary else ROOT / ".build" / build / "chat-server"
    if not binary.exists():
        if options.binary:
            sys.exit(f"no binary at {binary}")
        flags = ["-c", "release"] if build == "release" else []
        for product in ("chat-server", "chatctl"):
            subprocess.run(["swift", "build", *flags, "--product", product], cwd=ROOT, check=True)

    print(f"chat-server abuse benchmark: {binary}, open files {hard}, {'short' if options.short else 'full'} run")
    failures = []
    results = []
    for name, attack in ATTACKS:
        if options.only and options.only not in name:
            continue
        if "slowhttptest" in name and not shutil.which("slowhttptest"):
            print(f"  {name}: skipped, slowhttptest is not installed (apt-get install slowhttptest)")
            continue
        result = run_attack(name, attack, binary, extra, size)
        results.append(result)
        before, peak, after = result["rss"]
        print(f"  {name}")
        print(f"    normal client: {result['tries']} tries, p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms, lost {result['lost']}")
        print(f"    admin /healthz: {result['admin']} answered; server {'alive' if result['alive'] else 'DEAD'}")
        print(f"    attack: {result['closed']}" + (f"; {result['pipelined']} bytes of polls taken" if result["pipelined"] is not None else ""))
        print(f"    the server's count: {result['server_side']}")
        print(f"    server RSS: {before:.0f} MB before, {peak:.0f} MB at most during, {after:.0f} MB after")
        if result["p99"] >= 100 and not options.short:  # a debug build's times are not the target's
            failures.append(f"{name}: p99 {result['p99']:.1f} ms")
        if not result["admin_ok"]:
            failures.append(f"{name}: the admin API did not always answer")
        if peak >= 400:
            failures.append(f"{name}: RSS {peak:.0f} MB")
        if result["lost"]:
            failures.append(f"{name}: {result['lost']} tries lost")
        if not result["alive"]:
            failures.append(f"{name}: the server died")
    if failures:
        print("targets missed:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print(f"every target met ({len(results)} attacks): p99 < 100 ms, admin answering, RSS < 400 MB, nothing lost")


if __name__ == "__main__":
    main()

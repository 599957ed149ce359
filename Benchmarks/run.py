#!/usr/bin/env python3
"""The benchmark: chat-server against nginx/nchan on this machine, in one run, several rounds.

    python3 Benchmarks/run.py              # 3 rounds, about 10 minutes
    python3 Benchmarks/run.py --quick      # 1 round, short, to see that everything works

Servers run on core 0, the load generator (Benchmarks/LoadGenerator, SwiftNIO) on core 1. Each scenario
starts a fresh server. Prints every figure per round, then medians, spreads and the ratios the
performance targets are stated in (docs/performance.md). Talks to 127.0.0.0/8 only.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / ".build" / "release"


def sh(*command, **options):
    return subprocess.run(list(command), check=True, **options)


def ensure_nginx():
    module = Path("/usr/lib/nginx/modules/ngx_nchan_module.so")
    if shutil.which("nginx") and module.exists():
        return
    if os.geteuid() != 0:
        sys.exit("nginx with nchan is missing: apt-get install nginx-light libnginx-mod-nchan")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sh("apt-get", "update", "-qq", env=env)
    sh("apt-get", "install", "-y", "-qq", "nginx-light", "libnginx-mod-nchan", env=env, stdout=subprocess.DEVNULL)


def build():
    for product in ("chat-server", "chatctl", "chat-loadgen"):
        result = subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"building {product} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Chat:
    """A fresh release chat-server on core 0, with limits opened for load and an admin token for kicks."""

    name = "chat"

    def __init__(self, host_cap=3, binary=None):
        self.dir = tempfile.mkdtemp(prefix="chat-bench-")
        log = open(Path(self.dir) / "server.log", "wb")
        self.process = subprocess.Popen(
            ["taskset", "-c", "0", str(binary or RELEASE / "chat-server"), "--host", "127.0.0.1", "--port", "0", "--admin-port", "0",
             "--poll-timeout", "60", "--idle-timeout", "300", "--bcrypt-cost", "4", "--log-level", "notice",
             "--data-dir", str(Path(self.dir) / "data")],
            stdout=log, stderr=subprocess.STDOUT)
        text = ""
        for _ in range(600):
            text = (Path(self.dir) / "server.log").read_text(errors="replace")
            # The three listeners announce themselves in any order.
            if all(f"{name} listening on" in text for name in ("chat", "admin", "control socket")):
                break
            time.sleep(0.05)
        self.port = int(re.search(r"chat listening on http://127\.0\.0\.1:(\d+)", text).group(1))
        self.admin_port = int(re.search(r"admin listening on http://127\.0\.0\.1:(\d+)", text).group(1))
        self.ctl("limits", "set", "--message-rate", "1000000/1s", "--join-rate", "100000", "--host-cap", str(host_cap))
        self.ctl("accounts", "add", "bench", "--role", "admin", "--password-stdin", stdin="benchmark-password\n")
        self.token = json.loads(self.ctl("tokens", "create", "bench", "--account", "bench", "-o", "json"))["token"]

    @property
    def pid(self):
        return self.process.pid

    def ctl(self, *arguments, stdin=""):
        socket_path = str(Path(self.dir) / "data" / "run" / "control.sock")
        return subprocess.run([str(RELEASE / "chatctl"), "--socket", socket_path, *arguments], input=stdin, capture_output=True,
                              text=True, check=True).stdout

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class Nchan:
    """A fresh nginx with nchan, one worker, on core 0."""

    name = "nchan"

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="nchan-bench-")
        self.port = free_port()
        config = (Path(__file__).parent / "nginx" / "nchan.conf").read_text()
        config = config.replace("{port}", str(self.port)).replace("{prefix}", self.dir)
        (Path(self.dir) / "nginx.conf").write_text(config)
        self.process = subprocess.Popen(["taskset", "-c", "0", "nginx", "-p", self.dir, "-c", str(Path(self.dir) / "nginx.conf")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)

    @property
    def pid(self):
        # The worker holds the connections, not the master.
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout.split()
        return int(children[0]) if children else self.process.pid

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def loadgen(*arguments):
    result = subprocess.run(["taskset", "-c", "1", str(RELEASE / "chat-loadgen"), *map(str, arguments)], capture_output=True, text=True)
    for line in result.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])["figures"]
    raise RuntimeError(f"chat-loadgen {' '.join(map(str, arguments))} failed:\n{result.stderr[-2000:]}")


def fanout_with_probe(server, subscribers, rate, seconds, kicks=0):
    """A fan-out run, with a probe process beside it timing deliveries (and kicks) from a quiet process.

    The probe runs on the generator's core at a real-time priority when that is allowed, so it reads a
    message as soon as the kernel has it rather than after the fan-out process's ten thousand answers."""
    expected = int(rate * seconds) + 1
    command = ["taskset", "-c", "1", str(RELEASE / "chat-loadgen"), "probe", "--target", server.name, "--port", str(server.port),
               "--expected", str(expected), "--seconds", str(seconds)]
    if kicks and server.name == "chat":
        command += ["--admin-port", str(server.admin_port), "--admin-token", server.token, "--kicks", str(kicks)]
    if os.geteuid() == 0 and shutil.which("chrt"):
        command = ["chrt", "-f", "20", *command]
    probe = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready = probe.stdout.readline()
        if not ready.startswith("READY"):
            raise RuntimeError(f"probe failed to start:\n{probe.stderr.read()[-2000:]}")
        fanout = subprocess.Popen(["taskset", "-c", "1", str(RELEASE / "chat-loadgen"), "fanout", "--target", server.name, "--port", str(server.port),
                                   "--subscribers", str(subscribers), "--rate", f"{rate:.2f}", "--seconds", str(seconds)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        figures, cpu = None, {}
        for line in fanout.stdout:
            if line.startswith(("PUBLISHING", "PUBLISHED")):
                cpu[line.strip()] = cpu_seconds(server.pid)
            elif line.startswith("RESULT "):
                figures = json.loads(line[len("RESULT "):])["figures"]
        error = fanout.stderr.read()
        fanout.wait()
        if figures is None:
            raise RuntimeError(f"chat-loadgen fanout failed:\n{error[-2000:]}")
        # The server's CPU time while messages flowed (the joins before are left out), per delivery.
        figures["server_cpu_us_per_delivery"] = (cpu["PUBLISHED"] - cpu["PUBLISHING"]) * 1e6 / max(1, figures["deliveries"])
        out, err = probe.communicate(input="", timeout=120)  # closing its input ends the probe
    finally:
        if probe.poll() is None:
            probe.kill()
    for line in out.splitlines():
        if line.startswith("RESULT "):
            return figures, json.loads(line[len("RESULT "):])["figures"]
    raise RuntimeError(f"probe failed:\n{err[-2000:]}")


def cpu_seconds(pid):
    """User and system CPU seconds a process has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def requests_run(server, kind, target, seconds):
    """A closed-loop request run, with the server's own CPU time: requests per server CPU second compare
    servers soundly even when the generator, not the server, sets the pace."""
    before = cpu_seconds(server.pid)
    figures = loadgen("requests", "--target", target, "--kind", kind, "--port", server.port, "--seconds", seconds)
    used = cpu_seconds(server.pid) - before
    figures["server_cpu_share"] = used / seconds
    figures["requests_per_server_cpu_s"] = figures["requests_per_s"] * seconds / max(used, 1e-9)
    return figures


BASELINE = None  # --baseline: another chat-server binary, measured as "base" beside this tree's


def with_server(kind, body, **options):
    if kind == "nchan":
        server = Nchan()
    else:
        server = Chat(binary=BASELINE if kind == "base" else None, **options)
    try:
        return body(server)
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one short round")
    parser.add_argument("--only", default="", help="comma-separated scenarios to run: hold, fanout, latency, requests")
    parser.add_argument("--holds", type=int, default=15000)
    parser.add_argument("--subscribers", type=int, default=10000)
    parser.add_argument("--rates", default="5,10,20,40", help="fan-out ladder, messages per second")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--baseline", type=Path, help="another chat-server binary (an earlier commit's release build) to "
                        "measure as 'base', run for run beside this tree's, for an A/B of a change in one sitting")
    args = parser.parse_args()
    global BASELINE
    BASELINE = args.baseline
    chats = ("chat", "base") if BASELINE else ("chat",)
    if args.quick:
        args.rounds, args.seconds, args.rates = 1, 5, "5,20"
    rates = [float(rate) for rate in args.rates.split(",")]

    ensure_nginx()
    build()
    results = {}  # (scenario, target, figure) -> [values]

    invalid_runs = []  # (scenario, target) of runs whose generator was saturated

    def record(scenario, target, figures, generator=None, keep_saturated=False):
        """Keeps a run's figures. A run whose generator used 90% of its core or more measured the generator:
        it is shown, marked, and kept out of the medians, maxima and totals, unless `keep_saturated` (a
        request run, whose figure per server CPU second stays sound when the generator is the limit)."""
        shown = ", ".join(f"{key} {value:.2f}" for key, value in sorted(figures.items()))
        saturated = (generator or figures).get("generator_cpu_share", 0) >= 0.9
        print(f"  {scenario:<18} {target:<6} {shown}{'   (generator saturated)' if saturated else ''}", flush=True)
        if saturated:
            invalid_runs.append((scenario, target))
            if not keep_saturated:
                return
        for key, value in figures.items():
            results.setdefault((scenario, target, key), []).append(value)

    for round_number in range(1, args.rounds + 1):
        print(f"round {round_number} of {args.rounds}", flush=True)
        only = set(filter(None, args.only.split(",")))
        for kind in (*chats, "nchan") if not only or "hold" in only else ():
            record("hold", kind, with_server(kind, lambda s: loadgen("hold", "--target", s.name, "--port", s.port, "--connections", args.holds, "--server-pid", s.pid)))
        maximum = {}
        for rate in rates if not only or "fanout" in only else ():
            for kind in (*chats, "nchan"):
                figures, probe = with_server(kind, lambda s: fanout_with_probe(s, args.subscribers, rate, args.seconds))
                record(f"fanout@{rate:g}/s", kind, figures)
                record(f"fanout@{rate:g}/s probe", kind, probe, generator=figures)
                kept_up = figures["lost"] == 0 and figures["duplicates"] == 0 and figures["deliveries"] >= 0.95 * figures["published"] * figures["subscribers"]
                if kept_up and figures["generator_cpu_share"] < 0.9:
                    maximum[kind] = max(maximum.get(kind, 0), figures["deliveries_per_s"])
        # A round in which no run of a server was valid says nothing of its maximum (not that it was 0).
        for kind in maximum:
            record("fanout max", kind, {"deliveries_per_s": maximum[kind]})
        # Latency at a fixed offered rate: half of what nchan sustained, in messages per second.
        half_rate = max(1.0, maximum.get("nchan", rates[0] * args.subscribers) / args.subscribers / 2)
        for kind in (*chats, "nchan") if not only or "latency" in only else ():
            figures, probe = with_server(kind, lambda s: fanout_with_probe(s, args.subscribers, half_rate, args.seconds))
            record("latency@half", kind, figures)
            record("latency@half probe", kind, probe, generator=figures)
        # Moderation under load: the same fan-out with 20 kicks, each timed from the request to the end of
        # the victim's held poll. (Each kick is also an event for everyone, so this run is busier.)
        for kind in chats if not only or "latency" in only else ():
            figures, probe = with_server(kind, lambda s: fanout_with_probe(s, args.subscribers, half_rate, args.seconds, kicks=20))
            record("kicks@half", kind, figures)
            record("kicks@half probe", kind, probe, generator=figures)
        if only and "requests" not in only:
            continue
        runs = [("nginx", "fixed", "fixed", "nchan", {})]
        for chat in chats:
            suffix = "" if chat == "chat" else "-base"
            runs += [("send" + suffix, "send", "chat", chat, {}), ("join" + suffix, "join", "chat", chat, {"host_cap": 100000})]
        for name, kind, target, server_kind, options in runs:
            record("requests", name, with_server(server_kind, lambda s: requests_run(s, kind, target, args.seconds / 2), **options), keep_saturated=True)

    def median(scenario, target, key):
        values = results.get((scenario, target, key), [])
        return statistics.median(values) if values else float("nan")

    def spread(scenario, target, key):
        values = results.get((scenario, target, key), [])
        return (min(values), max(values)) if values else (float("nan"), float("nan"))

    print("\nmedians over rounds (min … max)")
    for (scenario, target, key) in sorted(results):
        low, high = spread(scenario, target, key)
        print(f"  {scenario:<18} {target:<6} {key:<22} {median(scenario, target, key):12.2f}   ({low:.2f} … {high:.2f})")

    print("\ntargets")
    rows = [
        ("held polls (chat)", median("hold", "chat", "held"), ">= 15000"),
        ("KiB per held poll (chat / nchan)", f"{median('hold', 'chat', 'kib_per_poll'):.2f} / {median('hold', 'nchan', 'kib_per_poll'):.2f}", "chat <= 4"),
        ("KiB per connection+session, then poll, total (chat)", f"{median('hold', 'chat', 'kib_per_connection_or_session'):.1f} + {median('hold', 'chat', 'kib_per_poll'):.1f} = {median('hold', 'chat', 'kib_total_per_held_poll'):.1f}", ""),
        ("fan-out max deliveries/s, chat / nchan", f"{median('fanout max', 'chat', 'deliveries_per_s'):.0f} / {median('fanout max', 'nchan', 'deliveries_per_s'):.0f}", "chat >= nchan"),
        ("p50 / p99 / p99.9 at half nchan's max, chat (ms)", " / ".join(f"{median('latency@half probe', 'chat', k):.1f}" for k in ("p50_ms", "p99_ms", "p999_ms")), "p99 <= 50"),
        ("p50 / p99 / p99.9 at half nchan's max, nchan (ms)", " / ".join(f"{median('latency@half probe', 'nchan', k):.1f}" for k in ("p50_ms", "p99_ms", "p999_ms")), ""),
        ("kick to held poll p50 / p99 during fan-out (ms)", f"{median('kicks@half probe', 'chat', 'kick_p50_ms'):.1f} / {median('kicks@half probe', 'chat', 'kick_p99_ms'):.1f}", "p99 <= 10"),
        ("send : nginx fixed, req/s (floor if saturated)", median("requests", "send", "requests_per_s") / max(1, median("requests", "nginx", "requests_per_s")), ">= 0.5"),
        ("join : nginx fixed, req/s (floor if saturated)", median("requests", "join", "requests_per_s") / max(1, median("requests", "nginx", "requests_per_s")), ">= 0.5"),
        ("send : nginx fixed, req per server CPU second", median("requests", "send", "requests_per_server_cpu_s") / max(1, median("requests", "nginx", "requests_per_server_cpu_s")), ""),
        ("join : nginx fixed, req per server CPU second", median("requests", "join", "requests_per_server_cpu_s") / max(1, median("requests", "nginx", "requests_per_server_cpu_s")), ""),
        ("server CPU per delivery at half rate, chat / nchan (us)", f"{median('latency@half', 'chat', 'server_cpu_us_per_delivery'):.1f} / {median('latency@half', 'nchan', 'server_cpu_us_per_delivery'):.1f}", ""),
        ("lost + duplicated, valid fan-out runs, chat / nchan", " / ".join(
            f"{sum(sum(v) for (sc, t, k), v in results.items() if t == target and sc.startswith(('fanout@', 'latency', 'kicks')) and k in ('lost', 'duplicates')):.0f}"
            for target in ("chat", "nchan")), "0"),
        ("generator CPU share, worst valid fan-out run", max((max(v) for (sc, t, k), v in results.items() if k == "generator_cpu_share" and sc != "requests"), default=0), "< 0.9"),
    ]
    if BASELINE:
        def ratio(scenario, target, key):
            return median(scenario, target, key) / median(scenario, "base" if target == "chat" else target + "-base", key)
        rows += [
            (f"this tree : baseline ({BASELINE.name}), same runs", "", ""),
            ("  KiB per held poll", ratio("hold", "chat", "kib_per_poll"), "lower is better"),
            ("  fan-out max deliveries/s", ratio("fanout max", "chat", "deliveries_per_s"), "higher is better"),
            ("  server CPU per delivery at half rate", ratio("latency@half", "chat", "server_cpu_us_per_delivery"), "lower is better"),
            ("  p50 / p99 at half rate", f"{ratio('latency@half probe', 'chat', 'p50_ms'):.2f} / {ratio('latency@half probe', 'chat', 'p99_ms'):.2f}", "lower is better"),
            ("  kick p50 / p99", f"{ratio('kicks@half probe', 'chat', 'kick_p50_ms'):.2f} / {ratio('kicks@half probe', 'chat', 'kick_p99_ms'):.2f}", "lower is better"),
            ("  send req per server CPU second", ratio("requests", "send", "requests_per_server_cpu_s"), "higher is better"),
            ("  join req per server CPU second", ratio("requests", "join", "requests_per_server_cpu_s"), "higher is better"),
        ]
    for name, value, target in rows:
        shown = value if isinstance(value, str) else f"{value:.2f}"
        print(f"  {name:<46} {shown:>16}   target {target}")
    if invalid_runs:
        shown = ", ".join(sorted({f"{scenario} {target}" for scenario, target in invalid_runs}))
        print(f"\ngenerator saturated in: {shown}. Such fan-out runs are left out of the medians above (they measure the")
        print("generator); request runs are kept, their rate a floor and their figure per server CPU second sound.")
        if any(scenario == "requests" for scenario, _ in invalid_runs):
            print("nginx's fixed answer outran the generator: its figure is a floor, so the request ratios above flatter chat-server.")


if __name__ == "__main__":
    main()

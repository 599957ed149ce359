#!/usr/bin/env python3
"""Moderation across nodes sharing one PostgreSQL database: how long a ban made on one node takes to end
a poll held on another, beside the same ban made on the node itself.

Starts a PostgreSQL server of its own (as Benchmarks/store.py does) and two release chat-server nodes on
one database. On the second node `--people` people join and each holds a poll; each is then banned by
nick through the admin API, one at a time, on the first node (across) or on the second (same node), and
the time from the ban's request to the held poll's answer with the ban event is taken, at a random point
of the nodes' regular one-second look at the store. Across nodes the ban reaches the other node by its
wake-up (a PostgreSQL notification sent with the ban's commit), so the look's period should not show.
Prints the figures; asserts nothing.

    python3 Benchmarks/nodes.py              # 40 people each way
    python3 Benchmarks/nodes.py --people 100
"""

import argparse
import http.client
import json
import random
import re
import statistics
import threading
import time
from pathlib import Path

from store import Postgres, Server, build_release


class Node(Server):
    """A chat-server node on a shared database, with its chat port found in its log."""

    def __init__(self, database_url, name, make_account):
        self.name = name
        super().__init__(database_url, extra=("--node-name", name), make_account=make_account)
        self.chat_port = int(self.find("chat"))

    def find(self, listener):
        for _ in range(100):
            found = re.search(listener + r" listening on http://127\.0\.0\.1:(\d+)", Path(f"{self.dir}/server.log").read_text())
            if found:
                return found.group(1)
            time.sleep(0.05)
        raise RuntimeError(f"no {listener} port in the log")

    def ban(self, nick):
        connection = http.client.HTTPConnection("127.0.0.1", self.admin_port, timeout=30)
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        connection.request("POST", "/admin/v1/bans", body=json.dumps({"target": nick}), headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status >= 300:
            raise RuntimeError(f"ban {nick}: {response.status}")


def chat(port, method, path, body=None, token=None, timeout=60):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"{}")


def ban_to_poll_end(banning, holding, people, prefix):
    """Bans `people` polling on `holding`, one at a time, through `banning`; seconds from each ban's
    request to the end of the poll it ends (the ban's own round trip included)."""
    times = []
    for index in range(people):
        nick = f"{prefix}{index}"
        status, joined = chat(holding.chat_port, "POST", "/api/join", {"nick": nick})
        assert status == 201, joined
        token, cursor = joined["session"], joined["cursor"]
        ended = {}

        def hold():
            since = cursor
            while True:
                status, answer = chat(holding.chat_port, "GET", f"/api/poll?since={since}", token=token)
                if status != 200:
                    return
                since = answer["cursor"]
                if any(event["type"] == "ban" for event in answer["events"]):
                    ended["at"] = time.perf_counter()
                    return

        poller = threading.Thread(target=hold)
        poller.start()
        # The poll is held; a random wait so the bans fall anywhere in the nodes' one-second look.
        time.sleep(0.2 + random.random())
        asked = time.perf_counter()
        banning.ban(nick)
        poller.join(timeout=30)
        times.append(ended["at"] - asked)
    return sorted(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=40)
    args = parser.parse_args()
    build_release()
    postgres = Postgres()
    try:
        url = postgres.database_url()
        first = Node(url, "node-1", make_account=True)
        second = Node(url, "node-2", make_account=False)
        try:
            # One host joins them all: lift its join rate on both nodes (each takes up the other's limits too).
            for node in (first, second):
                node.ctl("limits", "set", "--join-rate", "100000", "--host-cap", "10000")
            print(f"{'ban made on':<16} {'people':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
            for label, banning, prefix in (("the same node", second, "same"), ("another node", first, "other")):
                times = ban_to_poll_end(banning, second, args.people, prefix)
                p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
                print(f"{label:<16} {len(times):>6} {statistics.median(times) * 1000:>8.1f} {p99 * 1000:>8.1f} {times[-1] * 1000:>8.1f}", flush=True)
        finally:
            first.stop()
            second.stop()
    finally:
        postgres.stop()


if __name__ == "__main__":
    main()

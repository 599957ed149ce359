#!/usr/bin/env python3
"""schemathesis against docs/admin-api.yaml, with an admin token, on a real chat-server.

Fails (exit 1) on any 5xx, any answer the document does not describe (status, content type, schema), or
a server that is no longer running afterwards. Bounded: --max-time seconds of fuzzing (default 120).
The server is the debug build `swift test` made, unless CHAT_SERVER_BINARY names another.
"""

import argparse
import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from chat_testing import ROOT, ChatServer  # noqa: E402

PASSWORD = "correct horse battery"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-time", type=int, default=120, help="seconds of fuzzing")
    parser.add_argument("--seed", type=int, default=None)
    arguments = parser.parse_args()

    server = ChatServer()
    try:
        log = server.log_path.read_text(errors="replace")
        admin = re.search(r"admin listening on (http://127\.0\.0\.1:\d+)", log).group(1)
        made = server.chatctl("accounts", "add", "root", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
        if made.returncode != 0:
            print("could not make the first admin:", made.stderr, file=sys.stderr)
            return 1
        request = urllib.request.Request(
            admin + "/admin/v1/login", data=json.dumps({"username": "root", "password": PASSWORD}).encode(),
            headers={"Content-Type": "application/json"}, method="POST",
        )
        token = json.load(urllib.request.urlopen(request, timeout=30))["token"]
        command = [
            "schemathesis", "run", str(ROOT / "docs" / "admin-api.yaml"), "--url", admin,
            "--header", f"Authorization: Bearer {token}",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--max-time", str(arguments.max_time), "--request-timeout", "10", "--workers", "2",
            "--suppress-health-check", "all", "--warnings", "off",
            # Logging out would revoke the token the rest of the run uses; the event stream never ends.
            "--exclude-path", "/admin/v1/logout", "--exclude-path", "/admin/v1/events",
        ]
        if arguments.seed is not None:
            command += ["--seed", str(arguments.seed)]
        print("schemathesis:", " ".join(part if "Bearer" not in part else "Authorization: Bearer …" for part in command), flush=True)
        started = time.monotonic()
        result = subprocess.run(command, stdin=subprocess.DEVNULL)
        print(f"schemathesis: exit {result.returncode} after {time.monotonic() - started:.0f} s", flush=True)
        alive = server.process.poll() is None
        if not alive:
            print("chat-server is no longer running:\n" + server.log_path.read_text(errors="replace")[-4000:], file=sys.stderr)
        return 0 if result.returncode == 0 and alive else 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())

"""Shared by the Python suites: the built binaries and a chat-server on free loopback ports."""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def binary(name: str, variable: str) -> str:
    return os.environ.get(variable) or str(ROOT / ".build" / "debug" / name)


class ChatServer:
    """chat-server in a temporary directory; `url` is the chat, `socket` the control socket."""

    def __init__(self, directory: str | None = None, port: int = 0):
        """Starts the server; `directory` may be one a stopped server left (`stop(remove=False)`), and `port`
        the one it listened on, to start it again as a restart would."""
        self.directory = directory or tempfile.mkdtemp(prefix="chat-py-")
        self.data_dir = str(Path(self.directory) / "data")
        self.socket = str(Path(self.data_dir) / "run" / "control.sock")
        self.log_path = Path(self.directory) / f"server-{time.monotonic_ns()}.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [binary("chat-server", "CHAT_SERVER_BINARY"), "--host", "127.0.0.1", "--port", str(port), "--admin-port", "0",
                 "--bcrypt-cost", "4", "--data-dir", self.data_dir],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + 60
        self.url = None
        while time.monotonic() < deadline:
            text = self.log_path.read_text(errors="replace")
            match = re.search(r"chat listening on (http://127\.0\.0\.1:\d+)", text)
            if match and "control socket listening" in text:
                self.url = match.group(1)
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError("chat-server did not start:\n" + self.log_path.read_text(errors="replace"))

    def stop(self, remove: bool = True):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if remove:
            shutil.rmtree(self.directory, ignore_errors=True)

    def chatctl(self, *arguments: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [binary("chatctl", "CHATCTL_BINARY"), "--socket", self.socket, *arguments],
            input=stdin, capture_output=True, text=True, timeout=30,
        )

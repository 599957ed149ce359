"""Fixtures for the browser tests: the real chat-server binary and headless Chromium from Debian."""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]


def server_binary() -> str:
    explicit = os.environ.get("CHAT_SERVER_BINARY")
    if explicit:
        return explicit
    return str(ROOT / ".build" / "debug" / "chat-server")


class ServerURL(str):
    """The chat's base URL, which also knows the server's data directory."""

    data_dir: str


@pytest.fixture
def chat_server():
    """Starts chat-server on a free loopback port with a temporary data directory; yields its base URL."""
    directory = tempfile.mkdtemp(prefix="chat-browser-")
    log_path = Path(directory) / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [server_binary(), "--host", "127.0.0.1", "--port", "0", "--admin-port", "0", "--bcrypt-cost", "4", "--data-dir", str(Path(directory) / "data")],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + 60
        url = None
        while time.monotonic() < deadline and url is None:
            match = re.search(r"chat listening on (http://127\.0\.0\.1:\d+)", log_path.read_text(errors="replace"))
            if match:
                url = match.group(1)
            elif process.poll() is not None:
                break
            else:
                time.sleep(0.05)
        if url is None:
            pytest.fail("chat-server did not start:\n" + log_path.read_text(errors="replace"))
        while "control socket listening" not in log_path.read_text(errors="replace") and time.monotonic() < deadline:
            time.sleep(0.05)
        served = ServerURL(url)
        served.data_dir = str(Path(directory) / "data")
        yield served
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(directory, ignore_errors=True)


def make_driver(width: int = 1200, height: int = 900) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


@pytest.fixture
def browsers():
    """Opens browsers on demand (each its own profile, like two people) and closes them all afterwards."""
    opened = []

    def open_browser(**size):
        driver = make_driver(**size)
        opened.append(driver)
        return driver

    yield open_browser
    for driver in opened:
        driver.quit()

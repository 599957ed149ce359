"""Fixtures for the browser tests: the real chat-server binary and headless Chromium from Debian."""

import sys
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from chat_testing import ChatServer  # noqa: E402


class ServerURL(str):
    """The chat's base URL, which also knows the server it belongs to and its data directory."""

    data_dir: str
    server: ChatServer


def served(server: ChatServer) -> ServerURL:
    url = ServerURL(server.url)
    url.data_dir = server.data_dir
    url.server = server
    return url


@pytest.fixture
def chat_server():
    """Starts chat-server on a free loopback port with a temporary data directory; yields its base URL."""
    server = ChatServer()
    try:
        yield served(server)
    finally:
        server.stop()


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

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from chat_testing import ChatServer  # noqa: E402


@pytest.fixture
def server():
    running = ChatServer()
    yield running
    running.stop()

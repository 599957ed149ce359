"""The README's screenshot, made from a real session so that it stays current: a signed-in moderator's
view of a short conversation. `scripts/screenshot` writes it to docs/images/; a test run writes it to a
temporary directory and checks that the view it shows is the one described."""

import os
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By

from test_chat_page import join, make_moderator, message_texts, people, say, sign_in, wait
from test_page_ux import api_join


def test_a_moderators_view_of_a_conversation_for_the_readme(chat_server, browsers):
    make_moderator(chat_server)
    moderator = browsers(width=1100, height=640)
    alice, bob = browsers(), browsers()
    join(moderator, chat_server, "mia")
    join(alice, chat_server, "alice")
    join(bob, chat_server, "bob")
    wait(moderator).until(lambda d: people(d) == ["alice", "bob", "mia"])

    sign_in(moderator)

    lines = [
        (alice, "morning all: is the release still on for today?"),
        (bob, "yes, tagging at 15:00 once CI is green"),
        (moderator, "reminder: be kind, and keep links on topic"),
        (alice, "great, thanks!"),
    ]
    for person, text in lines:
        say(person, text)
        wait(moderator).until(lambda d, text=text: text in message_texts(d))
    # A fourth person from the same address: over the default cap of three sessions per host.
    assert chat_server.server.chatctl("limits", "set", "--host-cap", "10").returncode == 0
    api_join(chat_server, "linkbot")
    say(moderator, "/mute linkbot 25m links in every line")
    wait(moderator).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#people li button.unmute")) == 1)
    wait(moderator).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#people li button.kick")) >= 3)
    moderator.execute_script("document.activeElement && document.activeElement.blur()")

    directory = Path(os.environ.get("CHAT_SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="chat-screenshot-"))
    directory.mkdir(parents=True, exist_ok=True)
    image = directory / "moderator-view.png"
    assert moderator.save_screenshot(str(image))
    data = image.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, "a real picture of the page"

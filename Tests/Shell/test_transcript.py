"""The README's shell transcript, made from a real session so that it stays current: a moderator in
chatctl's shell sees people join, looks them up, mutes one and watches the room. `scripts/shell-transcript`
writes it to docs/shell-session.txt; a test run writes it to a temporary file and checks what it shows."""

import json
import os
import re
import tempfile
import urllib.request
from pathlib import Path

import pexpect

from test_shell import PROMPT, binary, join

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")


def clean(text):
    """What a person saw: the terminal's control sequences and carriage returns taken out."""
    return ESCAPES.sub("", text)


def say(server, session, text):
    request = urllib.request.Request(server.url + "/api/send", data=json.dumps({"text": text}).encode(), method="POST",
                                     headers={"Authorization": "Bearer " + session, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10):
        pass


def test_a_moderators_shell_session_for_the_readme(server):
    with tempfile.TemporaryDirectory() as state:
        env = dict(os.environ, XDG_STATE_HOME=state, TERM="xterm", COLUMNS="110")
        child = pexpect.spawn(binary("chatctl", "CHATCTL_BINARY"), ["--socket", server.socket], env=env, encoding="utf-8",
                              timeout=15, dimensions=(40, 110))
        child.expect_exact("Ctrl-D to leave.")
        greeting = clean(child.before + child.after)
        greeting = greeting[greeting.index("chatctl shell:"):]
        child.expect_exact(PROMPT)
        shown = ["$ chatctl --socket /var/lib/chat/run/control.sock", greeting.replace(server.socket, "/var/lib/chat/run/control.sock")]

        def run(line, *until):
            """Types `line`, and reads up to the prompt that follows once all of `until` has been printed
            (a live event redraws the prompt above the command's output meanwhile)."""
            child.sendline(line)
            seen = ""
            while True:
                child.expect_exact(PROMPT)
                seen += clean(child.before)
                if all(text in seen for text in until):
                    break
            lines = [part for part in seen.split("\n") if part.strip() and part.strip() != PROMPT.strip()]
            # The first line is the command as typed, echoed by the terminal.
            if lines and lines[0].strip().endswith(line):
                lines = lines[1:]
            shown.append(PROMPT + line)
            shown.extend(lines)

        alice = join(server, "alice")
        join(server, "spammer")
        say(server, alice, "hi all")
        child.expect_exact("spammer joined")
        child.expect_exact(PROMPT)
        run("users", "spammer ")
        run("mute spammer --for 10m --reason 'links in every line'", "silenced: spammer.", "was muted")
        run("explain spammer", "mute ")
        run("stats", "version")
        run("audit --limit 3", "mute")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        child.close()

    text = "\n".join(shown) + "\n"
    for expected in ("NICK", "Muted spammer", "refused: muted", "people       2", "links in every line"):
        assert expected in text, text
    destination = Path(os.environ.get("CHAT_TRANSCRIPT") or Path(tempfile.mkdtemp(prefix="chat-transcript-")) / "shell-session.txt")
    destination.write_text(text)

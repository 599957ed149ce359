"""chatctl's interactive shell through a real pty (pexpect), against the real server."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pexpect
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from chat_testing import ChatServer, binary  # noqa: E402

PROMPT = "chat@local(admin)> "


def join(server, nick):
    request = urllib.request.Request(server.url + "/api/join", data=json.dumps({"nick": nick}).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["session"]


def spawn(server, state_home):
    env = dict(os.environ, XDG_STATE_HOME=state_home, TERM="xterm", COLUMNS="200")
    child = pexpect.spawn(binary("chatctl", "CHATCTL_BINARY"), ["--socket", server.socket], env=env, encoding="utf-8",
                          timeout=15, dimensions=(40, 200))
    # The greeting is printed above the first prompt, which is then drawn again below it.
    child.expect_exact("Ctrl-D to leave.")
    child.expect_exact(PROMPT)
    return child


def leave(child):
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_prompt_says_where_and_as_whom(server):
    with tempfile.TemporaryDirectory() as state:
        child = spawn(server, state)
        child.sendline("whoami")
        child.expect_exact("local:")
        child.expect_exact("(admin)")
        child.expect_exact(PROMPT)
        assert leave(child) == 0


@pytest.mark.parametrize("name,says", [("events", "live events"), ("clear", "Clears the screen"), ("exit", "Leaves the shell")])
def test_help_answers_for_the_shells_own_commands(server, name, says):
    with tempfile.TemporaryDirectory() as state:
        child = spawn(server, state)
        child.sendline(f"help {name}")
        child.expect_exact("OVERVIEW: ")
        child.expect_exact(says)
        child.expect_exact(PROMPT)
        assert "no command" not in child.before
        assert leave(child) == 0


def test_tab_completes_commands_and_live_nicks(server):
    join(server, "zelda")
    with tempfile.TemporaryDirectory() as state:
        child = spawn(server, state)
        child.send("ki\t")
        child.expect_exact("kick ")
        time.sleep(0.5)  # the live values are fetched once at start; zelda joined before
        child.send("ze\t")
        child.expect_exact("zelda")
        child.send(" --rea\t")
        child.expect_exact("--reason")
        child.sendline(" tab-tested")
        child.expect_exact("Kicked zelda (tab-tested).")
        child.expect_exact(PROMPT)
        leave(child)


def test_history_is_kept_across_runs_without_secrets(server):
    with tempfile.TemporaryDirectory() as state:
        child = spawn(server, state)
        child.sendline("stats")
        child.expect_exact(PROMPT)
        child.sendline(" hosts")
        child.expect_exact(PROMPT)
        child.sendline("users --token chat_secret")
        child.expect_exact(PROMPT)
        leave(child)
        history = (Path(state) / "chatctl" / "history").read_text()
        assert "stats" in history
        assert "hosts" not in history, "a leading space keeps a line out"
        assert "chat_secret" not in history, "secrets are never written"

        child = spawn(server, state)
        child.send("\x1b[A")  # up arrow
        child.expect_exact("stats")
        child.send("\r")
        child.expect_exact("people")
        child.expect_exact(PROMPT)
        leave(child)


def test_an_event_mid_line_leaves_the_typed_text_intact(server):
    join(server, "alice")
    with tempfile.TemporaryDirectory() as state:
        child = spawn(server, state)
        child.send("kick al")
        time.sleep(0.3)
        join(server, "newcomer")
        child.expect_exact("newcomer joined")
        child.expect_exact("kick al")  # redrawn after the event
        child.sendline("ice")
        child.expect_exact("Kicked alice.")
        child.expect_exact(PROMPT)
        leave(child)


def test_live_events_say_when_a_mute_ends(server):
    join(server, "pat")
    with tempfile.TemporaryDirectory() as state:
        child = spawn(server, state)
        child.sendline("mute pat --for 1h")
        child.expect_exact("pat was muted by")
        child.expect_exact(PROMPT)
        child.sendline("unmute pat")
        child.expect_exact("pat may speak again by")
        child.expect_exact(PROMPT)
        leave(child)


def test_live_events_show_message_numbers_and_what_was_taken_back(server):
    session = join(server, "pat")
    request = urllib.request.Request(server.url + "/api/send", data=json.dumps({"text": "buy pills"}).encode(), method="POST",
                                     headers={"Authorization": "Bearer " + session})
    with urllib.request.urlopen(request, timeout=10) as response:
        seq = json.load(response)["seq"]
    with tempfile.TemporaryDirectory() as state:
        child = spawn(server, state)
        child.sendline(f"remove {seq} -r spam")
        # The command's answer and the live event come in either order: read prompts until both were shown.
        seen = ""
        while not (f"<pat> buy pills" in seen and f"✂ #{seq} of pat removed by local:" in seen and "(spam)" in seen):
            child.expect_exact(PROMPT)
            seen += child.before
        assert f"#{seq} " in seen
        leave(child)


def post(server, path, session, body):
    request = urllib.request.Request(server.url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": "Bearer " + session})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_a_report_appears_live_and_is_resolved_from_the_queue(server):
    rude = join(server, "rex")
    reporter = join(server, "pat")
    seq = post(server, "/api/send", rude, {"text": "you are all idiots"})["seq"]
    with tempfile.TemporaryDirectory() as state:
        child = spawn(server, state)
        # Live events start where the stream was as the shell opened: none is missed, however soon it comes.
        report = post(server, "/api/report", reporter, {"seq": seq, "reason": "insults"})["report"]
        child.expect_exact(f"⚑ pat reported #{seq} <rex> you are all idiots (insults) — {report}")
        child.expect_exact(PROMPT)
        child.sendline("reports")
        child.expect_exact(report)
        child.expect_exact(PROMPT)
        # The report event refreshes what TAB offers (in the background: TAB again until it has).
        child.send("reports resolve rep_")
        for attempt in range(50):
            child.send("\t")
            if child.expect_exact([report, pexpect.TIMEOUT], timeout=0.2) == 0:
                break
        else:
            raise AssertionError("the open report's id never completed")
        child.sendline(" --action dismiss -r fine")
        child.expect_exact(f"Report {report} on #{seq} (rex) closed: dismissed: fine.")
        child.expect_exact(PROMPT)
        leave(child)


def test_ctrl_d_typed_while_a_command_runs_leaves_once_it_ends(server):
    with tempfile.TemporaryDirectory() as state:
        # A control socket that takes the connection and never answers holds the command for as long as we like.
        path = os.path.join(state, "silent.sock")
        silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        silent.bind(path)
        silent.listen(1)
        silent.settimeout(15)
        try:
            child = spawn(server, state)
            child.sendline(f"stats --socket {path}")
            connection, _ = silent.accept()  # the command is running now
            child.sendcontrol("d")
            connection.close()  # the command fails and ends; the Ctrl-D typed meanwhile is read next
            child.expect(pexpect.EOF, timeout=15)
            child.close()
            assert child.exitstatus == 0
        finally:
            silent.close()


def test_ctrl_c_cancels_a_command_or_clears_the_line_and_never_leaves(server):
    with tempfile.TemporaryDirectory() as state:
        child = spawn(server, state)
        child.sendline("watch")
        time.sleep(0.5)
        child.sendcontrol("c")
        child.expect_exact(PROMPT)
        child.send("half typed")
        child.sendcontrol("c")
        child.expect_exact(PROMPT)
        child.sendline("whoami")
        child.expect_exact("local:")
        child.expect_exact(PROMPT)
        assert child.isalive()
        assert leave(child) == 0


def test_a_password_asked_in_the_shell_is_read_as_a_line_without_echo(server):
    with tempfile.TemporaryDirectory() as state:
        child = spawn(server, state)
        child.sendline("accounts add carol --role moderator")
        child.expect_exact("assword")
        child.sendline("s3cret-horse-battery")
        child.expect_exact(PROMPT)
        assert "s3cret-horse-battery" not in child.before, "the password is not echoed"
        child.sendline("accounts")
        child.expect_exact("carol")
        child.expect_exact(PROMPT)
        assert leave(child) == 0


@pytest.mark.parametrize("leaving", ["exit\r", "\x04"])
def test_leaving_gives_the_terminal_back_as_it_was(server, leaving):
    with tempfile.TemporaryDirectory() as state:
        env = dict(os.environ, XDG_STATE_HOME=state, TERM="xterm")
        script = f'"$0" --socket "$1"; stty -a'
        child = pexpect.spawn("sh", ["-c", script, binary("chatctl", "CHATCTL_BINARY"), server.socket], env=env,
                              encoding="utf-8", timeout=15, dimensions=(40, 200))
        child.expect_exact(PROMPT)
        child.send(leaving)
        child.expect(pexpect.EOF)
        modes = child.before.split()
        assert "icanon" in modes and "echo" in modes and "icrnl" in modes, child.before


def test_a_lost_connection_changes_the_prompt_and_comes_back():
    first = ChatServer()
    try:
        with tempfile.TemporaryDirectory() as state:
            child = spawn(first, state)
            first.stop(remove=False)
            child.expect_exact("chat@local(disconnected)> ", timeout=20)
            second = ChatServer(first.directory)
            try:
                child.expect_exact("reconnected", timeout=40)
                child.sendline("whoami")
                child.expect_exact("local:root")
                child.expect_exact(PROMPT)
                leave(child)
            finally:
                second.stop(remove=False)
    finally:
        first.stop()


def test_scripted_stdin_runs_each_line_and_fails_if_any_failed(server):
    ok = subprocess.run([binary("chatctl", "CHATCTL_BINARY"), "--socket", server.socket], input="whoami\nstats\n",
                        capture_output=True, text=True, timeout=30)
    assert ok.returncode == 0, ok.stderr
    assert "chat@" not in ok.stdout, "no prompt when not on a terminal"
    assert "local:" in ok.stdout and "people" in ok.stdout

    failing = subprocess.run([binary("chatctl", "CHATCTL_BINARY"), "--socket", server.socket, "shell"],
                             input="# a comment\nkick ghost\nwhoami\n", capture_output=True, text=True, timeout=30)
    assert failing.returncode == 1
    assert "nobody called 'ghost'" in failing.stderr
    assert "local:" in failing.stdout, "later lines still run"

"""A person reports a message from the page; a signed-in moderator's page hears of it at once, and the
report is resolved from chatctl's queue with a mute that the reported person feels."""

import json
import queue
import subprocess
import threading

from selenium.webdriver.common.by import By

from chat_testing import binary

from test_chat_page import join, make_moderator, message_texts, say, sign_in, wait
from test_removal import line


def system_lines(driver):
    return [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#messages li.system")]


def test_a_report_from_a_page_reaches_a_moderator_and_is_resolved_with_a_mute(chat_server, browsers):
    make_moderator(chat_server)
    assert chat_server.server.chatctl("limits", "set", "--host-cap", "10").returncode == 0
    moderator, reporter, rude = browsers(), browsers(), browsers()
    join(moderator, chat_server, "mia")
    join(reporter, chat_server, "pat")
    join(rude, chat_server, "rex")
    sign_in(moderator)
    say(rude, "you are all idiots")
    wait(reporter).until(lambda d: line(d, "you are all idiots") is not None)
    # No report button on one's own messages.
    assert not line(rude, "you are all idiots").find_elements(By.CSS_SELECTOR, "button.report")

    # A moderator at the terminal follows the event stream (from the start: it may connect after the report).
    watch = subprocess.Popen([binary("chatctl", "CHATCTL_BINARY"), "--socket", chat_server.server.socket, "watch", "--since", "0", "-o", "json"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in watch.stdout], daemon=True).start()
    flag = line(reporter, "you are all idiots").find_element(By.CSS_SELECTOR, "button.report")
    assert flag.get_attribute("aria-label").endswith("from rex")
    flag.click()
    reporter.switch_to.alert.send_keys("insults")
    reporter.switch_to.alert.accept()
    wait(reporter).until(lambda d: any("Reported rex's message" in text for text in system_lines(d)))

    wait(moderator).until(lambda d: any(text.endswith("from the queue.") and "pat reported rex's message" in text and "(insults)" in text
                                        for text in system_lines(d)))
    assert not any("reported" in text for text in system_lines(rude)), "the reported person is not told"
    try:
        event = {}
        while event.get("type") != "report":
            event = json.loads(lines.get(timeout=15))  # queue.Empty: watch showed no report
        assert (event["reporter"], event["nick"], event["text"], event["reason"]) == ("pat", "rex", "you are all idiots", "insults")
    finally:
        watch.terminate()
        watch.wait(timeout=10)

    listed = chat_server.server.chatctl("reports", "-o", "json")
    assert listed.returncode == 0, listed.stderr
    report = json.loads(listed.stdout)["reports"][0]
    assert report["nick"] == "rex" and report["text"] == "you are all idiots"
    assert [r["nick"] for r in report["reporters"]] == ["pat"]
    resolved = chat_server.server.chatctl("reports", "resolve", report["id"], "--action", "mute", "--for", "10m", "-r", "be civil")
    assert resolved.returncode == 0, resolved.stderr
    assert "closed: muted rex for 10m" in resolved.stdout

    wait(rude).until(lambda d: any("You were muted (be civil)" in text for text in system_lines(d)))
    say(rude, "sorry")
    wait(rude).until(lambda d: "muted" in d.find_element(By.ID, "send-error").text)
    assert "sorry" not in message_texts(moderator)

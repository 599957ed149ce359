"""What a person used to Slack or Element expects of the page: links, mentions, an unread count while
away, a reader of older lines left where they are, a time column that never wraps, and words for a lost
connection."""

import json
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from test_chat_page import join, make_moderator, message_texts, say, sign_in, wait


def chatctl(base_url, *arguments):
    result = base_url.server.chatctl(*arguments)
    assert result.returncode == 0, result.stderr


def api_join(base_url, nick):
    request = urllib.request.Request(base_url + "/api/join", data=json.dumps({"nick": nick}).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["session"]


def api_send(base_url, session, text):
    request = urllib.request.Request(base_url + "/api/send", data=json.dumps({"text": text}).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + session})
    with urllib.request.urlopen(request, timeout=10):
        pass


def lines(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#messages li.message")


def test_http_links_become_links_that_open_apart_and_nothing_else_does(chat_server, browsers):
    alice, bob = browsers(), browsers()
    join(alice, chat_server, "alice")
    join(bob, chat_server, "bob")
    say(bob, "docs at https://example.org/guide?page=2, not javascript:alert(1) nor <a href=x>this</a> or www.example.com")
    wait(alice).until(lambda d: len(lines(d)) == 1)
    text = lines(alice)[0].find_element(By.CSS_SELECTOR, ".text")
    links = text.find_elements(By.TAG_NAME, "a")
    assert [link.get_attribute("href") for link in links] == ["https://example.org/guide?page=2"]
    assert links[0].text == "https://example.org/guide?page=2", "the trailing comma is not part of the link"
    assert links[0].get_attribute("target") == "_blank"
    assert set(links[0].get_attribute("rel").split()) == {"noopener", "noreferrer", "nofollow"}
    assert "<a href=x>this</a>" in text.text, "markup stays text"


def test_a_message_naming_you_is_highlighted_for_you_alone(chat_server, browsers):
    alice, bob, carol = browsers(), browsers(), browsers()
    join(alice, chat_server, "alice")
    join(bob, chat_server, "bob")
    join(carol, chat_server, "carol")
    say(bob, "hey @Alice, the build is green")
    say(bob, "malice is not a mention")
    for driver in (alice, bob, carol):
        wait(driver).until(lambda d: len(lines(d)) == 2)
    assert ["mention" in li.get_attribute("class") for li in lines(alice)] == [True, False]
    assert not any("mention" in li.get_attribute("class") for li in lines(bob) + lines(carol))
    assert alice.find_element(By.ID, "notify-button").is_displayed(), "mention alerts can be asked for"


def test_the_title_counts_what_came_while_the_tab_was_hidden_and_clears_on_return(chat_server, browsers):
    alice = browsers()
    join(alice, chat_server, "alice")
    chat_tab = alice.current_window_handle
    bob = api_join(chat_server, "bob")
    alice.switch_to.new_window("tab")
    alice.get("about:blank")
    for text in ("one", "two", "three"):
        api_send(chat_server, bob, text)

    def chat_title(driver):
        targets = driver.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]
        return next(t["title"] for t in targets if t["type"] == "page" and t["url"].startswith(chat_server))

    wait(alice).until(lambda d: chat_title(d) == "(3) Chat")
    alice.close()
    alice.switch_to.window(chat_tab)
    wait(alice).until(lambda d: d.title == "Chat")
    assert message_texts(alice) == ["one", "two", "three"]


def test_reading_older_lines_is_never_yanked_down_a_marker_leads_there(chat_server, browsers):
    chatctl(chat_server, "limits", "set", "--message-rate", "1000/1s")
    alice = browsers(width=900, height=500)
    join(alice, chat_server, "alice")
    bob = api_join(chat_server, "bob")
    for index in range(60):
        api_send(chat_server, bob, f"line {index}")
    wait(alice).until(lambda d: len(lines(d)) == 60)
    alice.execute_script("document.getElementById('messages').scrollTop = 0")
    wait(alice).until(lambda d: d.execute_script("return document.getElementById('messages').scrollTop") == 0)
    api_send(chat_server, bob, "while you were reading")
    wait(alice).until(lambda d: "while you were reading" in message_texts(d))
    marker = wait(alice).until(EC.visibility_of_element_located((By.ID, "new-below")))
    assert alice.execute_script("return document.getElementById('messages').scrollTop") == 0, "left where they were reading"
    marker.click()
    wait(alice).until(lambda d: not d.find_element(By.ID, "new-below").is_displayed())
    at_bottom = "const l = document.getElementById('messages'); return l.scrollHeight - l.scrollTop - l.clientHeight < 60"
    assert alice.execute_script(at_bottom)
    api_send(chat_server, bob, "and the newest stays in view")
    wait(alice).until(lambda d: "and the newest stays in view" in message_texts(d))
    assert alice.execute_script(at_bottom)
    assert not alice.find_element(By.ID, "new-below").is_displayed()


def test_the_time_column_has_one_width_and_never_wraps(chat_server, browsers):
    alice = browsers(width=420, height=700)
    join(alice, chat_server, "alice")
    say(alice, "x" * 300)
    say(alice, "short")
    wait(alice).until(lambda d: len(lines(d)) == 2)
    times = alice.find_elements(By.CSS_SELECTOR, "#messages li.message > time")
    heights = [t.size["height"] for t in times]
    widths = [t.size["width"] for t in times]
    assert max(heights) < 24, f"one line each: {heights}"
    assert len(set(widths)) == 1, f"one width: {widths}"


def test_a_moderators_refusals_on_the_page_speak_of_the_page(chat_server, browsers):
    make_moderator(chat_server)
    moderator = browsers()
    join(moderator, chat_server, "mia")
    api_join(chat_server, "pat")
    sign_in(moderator)

    say(moderator, "/unmute pat")
    wait(moderator).until(lambda d: "nothing to lift" in d.find_element(By.ID, "send-error").text)
    assert "No mute in force on 'pat'" in moderator.find_element(By.ID, "send-error").text
    say(moderator, "/ban 0.0.0.0/0")
    wait(moderator).until(lambda d: "reaches too far" in d.find_element(By.ID, "send-error").text)
    for text in (moderator.find_element(By.ID, "send-error").text,):
        assert "chatctl" not in text and "--force" not in text, text

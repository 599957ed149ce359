"""The page for people who use a keyboard or a screen reader: axe-core (as axe-selenium-python bundles it)
finds nothing serious or critical on the join screen, the chat or the moderator's view, the whole flow
works from the keyboard with a visible focus, and new lines are announced politely."""

from axe_selenium_python import Axe
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from test_chat_page import join, make_moderator, message_texts, people, say, wait


def serious_violations(driver):
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_finds_nothing_serious_on_the_join_screen_the_chat_and_the_moderators_view(chat_server, browsers):
    make_moderator(chat_server)
    moderator, person = browsers(), browsers()
    moderator.get(chat_server + "/")
    wait(moderator).until(lambda d: d.find_element(By.ID, "nick").is_displayed())
    assert serious_violations(moderator) == [], "the join screen"
    join(moderator, chat_server, "mia")
    join(person, chat_server, "pat")
    say(person, "hello, see https://example.org")
    wait(moderator).until(lambda d: "hello, see https://example.org" in message_texts(d))
    assert serious_violations(moderator) == [], "the chat"
    moderator.find_element(By.ID, "signin-button").click()
    assert serious_violations(moderator) == [], "the sign-in form"
    moderator.find_element(By.ID, "mod-user").send_keys("mia")
    password = moderator.find_element(By.ID, "mod-password")
    password.send_keys("moderate well")
    password.send_keys(Keys.ENTER)
    wait(moderator).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#people li button.kick"))
    assert serious_violations(moderator) == [], "the moderator's view"
    # With someone muted (a badge, Unmute), and at phone width with a person's menu open.
    assert chat_server.server.chatctl("mute", "pat", "--for", "30m").returncode == 0
    wait(moderator).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#people li button.unmute"))
    assert serious_violations(moderator) == [], "the moderator's view with a mute"
    moderator.set_window_size(390, 740)
    moderator.find_element(By.CSS_SELECTOR, "#people-panel summary").click()
    wait(moderator).until(lambda d: d.find_element(By.CSS_SELECTOR, "#people li button.menu").is_displayed())
    moderator.find_element(By.CSS_SELECTOR, "#people li button.menu").click()
    wait(moderator).until(lambda d: d.find_element(By.CSS_SELECTOR, "#people li button.unmute").is_displayed())
    assert serious_violations(moderator) == [], "the moderator's view at phone width, a menu open"


def test_the_keyboard_alone_joins_talks_and_leaves_with_the_focus_always_visible(chat_server, browsers):
    alice = browsers()
    alice.get(chat_server + "/")
    wait(alice).until(lambda d: d.switch_to.active_element.get_attribute("id") == "nick")
    keys = ActionChains(alice)
    keys.send_keys("alice").perform()
    ActionChains(alice).send_keys(Keys.TAB).perform()
    assert alice.switch_to.active_element.get_attribute("id") == "join-button"
    outline = alice.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "the focused button shows it"
    ActionChains(alice).send_keys(Keys.ENTER).perform()
    wait(alice).until(lambda d: people(d) == ["alice"])
    assert alice.switch_to.active_element.get_attribute("id") == "text", "the message field has the focus once in"
    ActionChains(alice).send_keys("typed, not clicked", Keys.ENTER).perform()
    wait(alice).until(lambda d: "typed, not clicked" in message_texts(d))
    # Backwards from the message field to Leave, every stop visible.
    for _ in range(6):
        ActionChains(alice).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        if alice.switch_to.active_element.get_attribute("id") == "leave-button":
            break
    assert alice.switch_to.active_element.get_attribute("id") == "leave-button"
    assert alice.execute_script("return getComputedStyle(document.activeElement).outlineStyle") not in ("none", "")
    ActionChains(alice).send_keys(Keys.ENTER).perform()
    wait(alice).until(lambda d: d.find_element(By.ID, "join-view").is_displayed())
    assert "You left" in alice.find_element(By.ID, "join-error").text


def test_new_lines_are_announced_politely_and_the_log_is_not_read_again(chat_server, browsers):
    alice = browsers()
    join(alice, chat_server, "alice")
    log = alice.find_element(By.ID, "messages")
    assert log.get_attribute("aria-live") == "polite"
    assert log.get_attribute("aria-relevant") == "additions", "only what is added is read"
    assert alice.find_element(By.ID, "status").get_attribute("role") == "status"

"""A moderator takes messages back from the page: the Remove button beside a message, and /purge; every
other page shows them as removed, and a newcomer's history no longer holds them."""

from selenium.webdriver.common.by import By

from test_chat_page import join, make_moderator, message_texts, say, sign_in, wait
from test_page_ux import api_join, api_send


def line(driver, text):
    for item in driver.find_elements(By.CSS_SELECTOR, "#messages li.message"):
        if item.find_element(By.CSS_SELECTOR, ".text").text == text:
            return item
    return None


def removed_count(driver):
    return len(driver.find_elements(By.CSS_SELECTOR, "#messages li.message.removed"))


def test_a_removed_message_disappears_from_every_page_and_from_a_newcomers_history(chat_server, browsers):
    make_moderator(chat_server)
    # Four people from one address: over the default cap of three sessions per host.
    assert chat_server.server.chatctl("limits", "set", "--host-cap", "10").returncode == 0
    moderator, person = browsers(), browsers()
    join(moderator, chat_server, "mia")
    join(person, chat_server, "pat")
    spammer = api_join(chat_server, "spammer")
    for text in ("hello all", "buy cheap pills", "more pills"):
        api_send(chat_server, spammer, text)
    wait(person).until(lambda d: len(message_texts(d)) == 3)
    # Nobody but a signed-in moderator has a Remove button.
    assert not line(person, "hello all").find_element(By.CSS_SELECTOR, "button.remove").is_displayed()
    sign_in(moderator)
    button = line(moderator, "buy cheap pills").find_element(By.CSS_SELECTOR, "button.remove")
    assert button.get_attribute("aria-label") == f"Remove message {line(moderator, 'buy cheap pills').get_attribute('data-seq')} from spammer"
    button.click()
    moderator.switch_to.alert.send_keys("spam")
    moderator.switch_to.alert.accept()

    wait(person).until(lambda d: removed_count(d) == 1)
    assert message_texts(person) == ["hello all", "removed by a moderator", "more pills"]
    assert "spam" not in person.find_element(By.ID, "messages").text.replace("spammer", ""), "the reason is for moderators"
    wait(moderator).until(lambda d: removed_count(d) == 1)

    say(moderator, "/purge spammer 10m flood")
    wait(person).until(lambda d: removed_count(d) == 3)
    wait(moderator).until(lambda d: any("Done: removed 2 messages of spammer" in li.text for li in d.find_elements(By.CSS_SELECTOR, "#messages li.system")))

    newcomer = browsers()
    join(newcomer, chat_server, "quinn")
    assert message_texts(newcomer) == [], "the history holds none of them"

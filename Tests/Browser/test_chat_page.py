"""The chat page in a real browser: two people chat both ways, see each other, leave; text stays text."""

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

XSS = "<img src=x onerror=alert(1)>"


def wait(driver, seconds=15):
    # The page redraws lists (people, messages) as events come: an element read while it is replaced is
    # stale, and the condition is simply tried again.
    return WebDriverWait(driver, seconds, ignored_exceptions=[StaleElementReferenceException])


def join(driver, base_url, nick):
    driver.get(base_url + "/")
    field = wait(driver).until(EC.element_to_be_clickable((By.ID, "nick")))
    field.send_keys(nick)
    field.send_keys(Keys.ENTER)
    wait(driver).until(EC.visibility_of_element_located((By.ID, "chat-view")))


def people(driver):
    return [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#people li .who")]


def message_texts(driver):
    return [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#messages li.message .text")]


def say(driver, text):
    field = driver.find_element(By.ID, "text")
    field.send_keys(text)
    field.send_keys(Keys.ENTER)


def test_two_people_chat_both_ways_and_see_each_other_leave(chat_server, browsers):
    alice, bob = browsers(), browsers()
    join(alice, chat_server, "alice")
    join(bob, chat_server, "bob")

    wait(alice).until(lambda d: people(d) == ["alice", "bob"])
    wait(bob).until(lambda d: people(d) == ["alice", "bob"])
    wait(alice).until(lambda d: any("bob joined" in li.text for li in d.find_elements(By.CSS_SELECTOR, "#messages li.system")))

    say(alice, "hello bob")
    wait(bob).until(lambda d: "hello bob" in message_texts(d))
    say(bob, "hi alice")
    wait(alice).until(lambda d: message_texts(d) == ["hello bob", "hi alice"])
    wait(bob).until(lambda d: message_texts(d) == ["hello bob", "hi alice"])
    sender = bob.find_elements(By.CSS_SELECTOR, "#messages li.message .nick")[0].text
    assert sender == "alice"
    assert alice.find_element(By.ID, "text").get_attribute("value") == "", "the input is cleared after sending"

    bob.find_element(By.ID, "leave-button").click()
    wait(bob).until(EC.visibility_of_element_located((By.ID, "join-view")))
    assert "You left" in bob.find_element(By.ID, "join-error").text
    wait(alice).until(lambda d: people(d) == ["alice"])
    wait(alice).until(lambda d: any("bob left" in li.text for li in d.find_elements(By.CSS_SELECTOR, "#messages li.system")))


def test_markup_in_a_message_is_shown_as_text(chat_server, browsers):
    alice, bob = browsers(), browsers()
    join(alice, chat_server, "alice")
    join(bob, chat_server, "bob")
    say(bob, XSS)
    wait(alice).until(lambda d: XSS in message_texts(d))
    for driver in (alice, bob):
        wait(driver).until(lambda d: XSS in message_texts(d))
        assert driver.find_elements(By.CSS_SELECTOR, "#messages img") == []
        assert not _alert_present(driver)


def _alert_present(driver):
    try:
        driver.switch_to.alert
        return True
    except Exception:
        return False


def test_join_refusals_are_shown_in_words(chat_server, browsers):
    alice, other = browsers(), browsers()
    join(alice, chat_server, "alice")
    other.get(chat_server + "/")
    field = wait(other).until(EC.element_to_be_clickable((By.ID, "nick")))
    field.send_keys("ALICE")
    field.send_keys(Keys.ENTER)
    wait(other).until(lambda d: "taken" in d.find_element(By.ID, "join-error").text)
    field.clear()
    field.send_keys("no spaces")
    field.send_keys(Keys.ENTER)
    wait(other).until(lambda d: "1 to 16" in d.find_element(By.ID, "join-error").text)
    assert other.find_element(By.ID, "chat-view").get_attribute("hidden") is not None


def test_page_works_at_phone_width_with_labels(chat_server, browsers):
    phone = browsers(width=390, height=844)
    join(phone, chat_server, "pocket")
    viewport = phone.execute_script("return window.innerWidth")
    assert viewport <= 600, "the phone layout applies"
    width = phone.execute_script("return document.documentElement.scrollWidth")
    assert width <= viewport, "nothing overflows sideways at phone width"
    assert phone.find_element(By.ID, "text").get_attribute("aria-label") == "Message", "the message field has a name"
    assert phone.find_element(By.ID, "messages").get_attribute("aria-live") == "polite", "new lines are announced politely"
    say(phone, "small screen")
    wait(phone).until(lambda d: "small screen" in message_texts(d))
    header = phone.find_element(By.CSS_SELECTOR, "header")
    assert header.size["height"] < 64, f"the header takes one line: {header.size}"
    assert phone.find_element(By.ID, "leave-button").location["y"] < 40, "Leave stays on it"
    # The people list folds away behind its count, and opens at a tap.
    panel = phone.find_element(By.ID, "people-panel")
    assert panel.get_attribute("open") is None
    assert "People (1)" in phone.find_element(By.ID, "people-title").text
    phone.find_element(By.CSS_SELECTOR, "#people-panel summary").click()
    wait(phone).until(lambda d: people(d) == ["pocket"])


def make_moderator(base_url):
    """Creates a moderator account through the control socket, with the built chatctl."""
    result = base_url.server.chatctl("accounts", "add", "mia", "--role", "moderator", "--password-stdin", stdin="moderate well\n")
    assert result.returncode == 0, result.stderr


def sign_in(driver, account="mia", password="moderate well"):
    """Signs in from the page with the account make_moderator made, and waits until the page says so."""
    driver.find_element(By.ID, "signin-button").click()
    driver.find_element(By.ID, "mod-user").send_keys(account)
    field = driver.find_element(By.ID, "mod-password")
    field.send_keys(password)
    field.send_keys(Keys.ENTER)
    wait(driver).until(lambda d: "moderator" in d.find_element(By.ID, "me").text)


def test_a_moderator_signs_in_and_kicks_someone_who_sees_the_reason(chat_server, browsers):
    make_moderator(chat_server)
    moderator, person = browsers(), browsers()
    join(moderator, chat_server, "mia")
    join(person, chat_server, "pat")
    wait(moderator).until(lambda d: len(people(d)) == 2)

    # A non-moderator's slash command is refused in words.
    say(person, "/kick mia")
    wait(person).until(lambda d: "for moderators" in d.find_element(By.ID, "send-error").text)

    sign_in(moderator)
    wait(person).until(lambda d: any("mia is a moderator" in li.text for li in d.find_elements(By.CSS_SELECTOR, "#messages li.system")))
    wait(moderator).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#people li button.kick"))

    say(moderator, "/mute pat 5m calm down")
    wait(person).until(lambda d: any("You were muted" in li.text for li in d.find_elements(By.CSS_SELECTOR, "#messages li.system")))
    say(person, "hello?")
    wait(person).until(lambda d: "muted" in d.find_element(By.ID, "send-error").text and "calm down" in d.find_element(By.ID, "send-error").text)
    say(moderator, "/unmute pat")
    wait(moderator).until(lambda d: any("Done: unmuted" in li.text for li in d.find_elements(By.CSS_SELECTOR, "#messages li.system")))

    say(moderator, "/kick pat please take a break")
    wait(person).until(EC.visibility_of_element_located((By.ID, "join-view")))
    notice = person.find_element(By.ID, "join-error").text
    assert "kicked" in notice and "please take a break" in notice
    wait(moderator).until(lambda d: people(d) == ["mia"])

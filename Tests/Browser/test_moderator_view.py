"""The moderator's people list: who is muted (with Unmute and the time left), who is a moderator, and at
phone width one menu per person whose actions fit; and the message log's days and groups."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from test_chat_page import join, make_moderator, say, sign_in, wait
from test_page_ux import api_join, api_send


def row(driver, nick):
    """The people list's entry for `nick`, or None."""
    for item in driver.find_elements(By.CSS_SELECTOR, "#people li"):
        if item.find_element(By.CSS_SELECTOR, ".who").text == nick:
            return item
    return None


def badges(driver, nick):
    item = row(driver, nick)
    return [badge.text for badge in item.find_elements(By.CSS_SELECTOR, ".badge")] if item else None


def actions(driver, nick):
    item = row(driver, nick)
    return [button.text for button in item.find_elements(By.CSS_SELECTOR, ".actions button")] if item else None


def test_the_people_list_shows_who_is_muted_with_the_time_left_and_who_moderates(chat_server, browsers):
    make_moderator(chat_server)
    moderator, person = browsers(), browsers()
    join(moderator, chat_server, "mia")
    join(person, chat_server, "pat")
    sign_in(moderator)
    # Everyone sees who moderates, at once and in the listing a newcomer receives.
    wait(person).until(lambda d: badges(d, "mia") == ["mod"])
    assert badges(person, "pat") == []

    moderator.find_element(By.CSS_SELECTOR, "#people li button.mute[aria-label='Mute pat']")
    say(moderator, "/mute pat 30m calm down")
    wait(moderator).until(lambda d: badges(d, "pat") == ["muted, 30m left"])
    assert actions(moderator, "pat") == ["Kick", "Unmute", "Ban"], "Unmute instead of Mute"
    wait(person).until(lambda d: badges(d, "pat") == ["muted, 30m left"])
    assert actions(person, "mia") == [], "no actions for someone who is not a moderator"

    newcomer = browsers()
    join(newcomer, chat_server, "quinn")
    wait(newcomer).until(lambda d: badges(d, "pat") == ["muted, 30m left"] and badges(d, "mia") == ["mod"])

    row(moderator, "pat").find_element(By.CSS_SELECTOR, "button.unmute").click()
    for driver in (moderator, person, newcomer):
        wait(driver).until(lambda d: badges(d, "pat") == [])
    wait(person).until(lambda d: any("You may speak again." in li.text for li in d.find_elements(By.CSS_SELECTOR, "#messages li.system")))
    wait(moderator).until(lambda d: actions(d, "pat") == ["Kick", "Mute", "Ban"])
    say(person, "thank you")
    wait(moderator).until(lambda d: any("thank you" in t.text for t in d.find_elements(By.CSS_SELECTOR, "#messages li.message .text")))


def test_a_person_muted_through_a_range_is_shown_muted_and_unmute_says_which_mute_to_lift(chat_server, browsers):
    make_moderator(chat_server)
    moderator = browsers()
    join(moderator, chat_server, "mia")
    sign_in(moderator)
    api_join(chat_server, "pat")
    # Everyone here joins from 127.0.0.1, so a range mute of it covers pat (and mia: the page would refuse
    # a range over the caller's own address, so the socket makes it, with force).
    chatctl = chat_server.server.chatctl("mute", "127.0.0.1/32", "--for", "2h", "--force")
    assert chatctl.returncode == 0, chatctl.stderr
    wait(moderator).until(lambda d: badges(d, "pat") == ["muted, 2h left"])
    row(moderator, "pat").find_element(By.CSS_SELECTOR, "button.unmute").click()
    wait(moderator).until(lambda d: "The mute on 127.0.0.1 covers pat; lift that one with /unmute 127.0.0.1" in d.find_element(By.ID, "send-error").text)
    assert badges(moderator, "pat") == ["muted, 2h left"], "nothing changed"


def test_at_phone_width_each_person_has_a_menu_whose_actions_fit(chat_server, browsers):
    make_moderator(chat_server)
    limits = chat_server.server.chatctl("limits", "set", "--join-rate", "100", "--host-cap", "100")
    assert limits.returncode == 0, limits.stderr
    phone = browsers(width=390, height=740)
    join(phone, chat_server, "mia")
    sign_in(phone)
    for nick in ("ann", "ben", "cat", "dan", "eve", "fay", "gus", "hal"):
        api_join(chat_server, nick)
    phone.find_element(By.CSS_SELECTOR, "#people-panel summary").click()
    wait(phone).until(lambda d: row(d, "hal") is not None)
    # The actions are folded: one button per person, not three crowding the row.
    assert not row(phone, "hal").find_element(By.CSS_SELECTOR, "button.kick").is_displayed()
    menu = row(phone, "hal").find_element(By.CSS_SELECTOR, "button.menu")
    assert menu.get_attribute("aria-expanded") == "false"
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", menu)
    menu.click()
    wait(phone).until(lambda d: row(d, "hal").find_element(By.CSS_SELECTOR, "button.kick").is_displayed())
    assert row(phone, "hal").find_element(By.CSS_SELECTOR, "button.menu").get_attribute("aria-expanded") == "true"
    ban = row(phone, "hal").find_element(By.CSS_SELECTOR, "button.ban")
    phone.execute_script("arguments[0].scrollIntoView({block: 'nearest'})", ban)
    # The last row's actions are whole on screen and inside the list, not cut off by its edge.
    box = phone.execute_script(
        "const b = arguments[0].getBoundingClientRect(), a = document.querySelector('aside').getBoundingClientRect();"
        "return [b.left, b.right, b.top, b.bottom, a.top, a.bottom, window.innerWidth];", ban)
    left, right, top, bottom, aside_top, aside_bottom, width = box
    assert 0 <= left and right <= width, box
    assert aside_top <= top and bottom <= aside_bottom + 1, box
    assert row(phone, "ann").find_elements(By.CSS_SELECTOR, ".actions button")[0].is_displayed() is False, "other menus stay closed"
    # A join redraws the list; the open menu stays open.
    api_join(chat_server, "ivy")
    wait(phone).until(lambda d: row(d, "ivy") is not None)
    assert row(phone, "hal").find_element(By.CSS_SELECTOR, "button.kick").is_displayed()


def test_messages_group_by_person_under_a_separator_for_the_day(chat_server, browsers):
    alice = browsers()
    join(alice, chat_server, "alice")
    bob = api_join(chat_server, "bob")
    for text in ("one", "two"):
        api_send(chat_server, bob, text)
    say(alice, "three")
    # The page sends on its own time: wait for it, or "four" may overtake it.
    wait(alice).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#messages li.message")) == 3)
    api_send(chat_server, bob, "four")
    wait(alice).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#messages li.message")) == 4)
    days = alice.find_elements(By.CSS_SELECTOR, "#messages li.day")
    assert [day.text for day in days] == ["Today"]
    lines = alice.find_elements(By.CSS_SELECTOR, "#messages li.message")
    assert ["grouped" in li.get_attribute("class") for li in lines] == [False, True, False, False]
    # A grouped line keeps its nick for screen readers, out of sight.
    nick = lines[1].find_element(By.CSS_SELECTOR, ".nick")
    assert nick.get_attribute("textContent") == "bob" and nick.size["width"] <= 1
    assert EC.visibility_of(lines[0].find_element(By.CSS_SELECTOR, ".nick"))(alice)

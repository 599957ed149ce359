"""The page through a server stopped and started again: it says the connection is lost, keeps what was being
typed and what was shown, and, the session being gone with the restart, rejoins under the same nick or,
when someone else took it meanwhile, asks for another."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import ChatServer
from test_chat_page import join, message_texts, say, wait
from test_page_ux import api_join


def status(driver):
    return driver.find_element(By.ID, "status").text


def system_lines(driver):
    return [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#messages li.system")]


def test_after_a_restart_the_page_rejoins_as_the_same_nick_or_asks_when_it_was_taken(browsers):
    server = ChatServer()
    url = server.url
    port = int(url.rsplit(":", 1)[1])
    try:
        alice, bob = browsers(), browsers()
        join(alice, url, "alice")
        join(bob, url, "bob")
        say(alice, "before the restart")
        wait(bob).until(lambda d: message_texts(d) == ["before the restart"])

        server.stop(remove=False)
        for driver in (alice, bob):
            wait(driver).until(lambda d: "Connection lost; retrying in" in status(d))
        alice.find_element(By.ID, "text").send_keys("half a thought")
        # Back-off doubles: once a page waits 8 s, the server can restart and someone take "bob" well
        # before that page tries again.
        wait(bob, 30).until(lambda d: "retrying in 8 s" in status(d))
        server = ChatServer(directory=server.directory, port=port)
        api_join(url, "bob")

        wait(alice, 30).until(lambda d: any("you are back as alice" in line for line in system_lines(d)))
        assert alice.find_element(By.ID, "text").get_attribute("value") == "half a thought", "what was typed stays"
        assert "before the restart" in message_texts(alice), "the lines shown stay"
        wait(alice).until(lambda d: status(d) in ("Connected again.", ""))
        say(alice, " and the rest")
        wait(alice).until(lambda d: "half a thought and the rest" in message_texts(d))

        wait(bob, 30).until(EC.visibility_of_element_located((By.ID, "join-view")))
        assert "someone else has the nick bob" in bob.find_element(By.ID, "join-error").text
        assert bob.find_element(By.ID, "nick").get_attribute("value") == "bob", "the old nick is offered to change"
    finally:
        server.stop()

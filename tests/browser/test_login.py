"""Signing in through the real login form, in Debian's Chromium."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.factories import ManagerFactory


def test_manager_signs_in_and_sees_home_with_name_and_role(live_server, strict_page, tmp_path):
    manager = ManagerFactory(username="jo.manager", first_name="Jo", last_name="Bloggs")

    log_in(strict_page, live_server, manager)

    expect(strict_page).to_have_url(live_server.url + reverse("home"))
    expect(strict_page.locator(".user-name")).to_have_text("Jo Bloggs")
    expect(strict_page.locator(".user-role")).to_have_text("Manager")
    expect(strict_page.locator("h1")).to_have_count(1)
    strict_page.screenshot(path=str(tmp_path / "home-after-login.png"), full_page=True)


def test_wrong_password_shows_error_and_stays_signed_out(live_server, strict_page):
    manager = ManagerFactory(username="jo.manager")

    log_in(strict_page, live_server, manager, password="not-the-password")

    expect(strict_page).to_have_url(re.compile(re.escape(live_server.url + reverse("login"))))
    expect(strict_page.get_by_role("alert")).to_contain_text("enter a correct username and password")
    expect(strict_page.locator(".user-name")).to_have_count(0)


def test_login_fixture_and_keyboard_only_sign_in(live_server, page, login):
    manager = ManagerFactory(username="keyboard.user", first_name="Kay", last_name="Board")

    page.goto(live_server.url + reverse("login"))
    # The username field takes focus on load, so a keyboard user can type straight away.
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type(manager.username)
    page.keyboard.press("Tab")
    page.keyboard.type("a-long-test-password")
    page.keyboard.press("Enter")
    expect(page.locator(".user-name")).to_have_text("Kay Board")

    # The fixture form signs a second user in, in a fresh context, as other helpers' tests will.
    other = ManagerFactory(username="fixture.user", first_name="Fix", last_name="Ture")
    fresh = page.context.browser.new_page()
    login(fresh, live_server, other)
    expect(fresh.locator(".user-name")).to_have_text("Fix Ture")
    fresh.close()

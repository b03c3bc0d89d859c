"""The Subscribe block's copy button in a real browser."""

from __future__ import annotations

from typing import Any

from browserkit import open_page


def test_copy_feed_address_puts_the_feed_on_the_clipboard(new_page: Any, base_url: str) -> None:
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    open_page(page, base_url, "")
    button = page.locator("section.podsite-subscribe [data-podsite-copy]")
    button.wait_for(state="visible")
    feed = button.get_attribute("data-podsite-copy")
    button.click()
    page.locator(".podsite-copy__status", has_text="Feed address copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == feed
    assert feed == f"{base_url}feed.xml"

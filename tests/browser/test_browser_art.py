"""Artwork in a real browser: the list loads small renditions, the boxes are reserved before the images arrive."""

from __future__ import annotations

from typing import Any

import pytest
from browserkit import DESKTOP, MOBILE, open_page

SHIFTS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 600);
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_list_thumbnails_load_the_small_rendition_without_shifting(
    new_page: Any, base_url: str, viewport: dict[str, int]
) -> None:
    page = new_page(viewport=viewport, device_scale_factor=2)
    open_page(page, base_url, "")
    page.wait_for_function(
        "[...document.querySelectorAll('.podsite-episode-list img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    shown = page.evaluate(
        """[...document.querySelectorAll('.podsite-episode-list img')].map(i => ({
             src: i.currentSrc, natural: i.naturalWidth, box: i.getBoundingClientRect().width }))"""
    )
    assert shown
    for img in shown:
        assert img["natural"] <= 300, img  # at 2x a 96 px box needs 192 px: the 300 px rendition
        assert img["box"] in (64, 96), img
    cover = page.evaluate("document.querySelector('img.podsite-cover').getBoundingClientRect().width")
    assert cover in (160, 240)
    assert page.evaluate(SHIFTS) < 0.01

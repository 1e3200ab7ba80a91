"""Browser journeys on a real server (``yusuan serve`` in a subprocess) with Debian's chromium:
browse to a disclosure and see its charts drawn, compare two departments, sign in, upload a document
with mistakes and see them, publish, download. Screenshots go to $YUSUAN_SCREENSHOTS when set."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "browser test password"
MISTAKE = ("项目支出 131.04 万元，占 22.02%", "项目支出 131.04 万元，占 25.02%")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _yusuan(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "yusuan", *args], input=stdin, env=env, capture_output=True,
                          text=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium not installed")
    from yusuan.web.app import charts_available

    if not charts_available():
        pytest.skip("ECharts not vendored: run scripts/install-web.sh (make web)")
    home = tmp_path_factory.mktemp("portal")
    env = {**os.environ, "YUSUAN_HOME": str(home), "YUSUAN_DATABASE_URL": ""}
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "yusuan", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/api/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not start")
        # the server loaded its demo document into the empty database; now a second department and a user
        from yusuan.generate import generate_text

        other = home / "other.txt"
        other.write_text(generate_text(11, year=2021), encoding="utf-8")
        _yusuan("import", "--publish", str(other), env=env)
        _yusuan("user", "add", "editor", "--password-stdin", env=env, stdin=PASSWORD + "\n")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert errors == [], errors


def shot(page, name: str, full_page: bool = False) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("YUSUAN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def test_browse_to_a_disclosure_and_see_charts(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.get_by_role("link", name="乌鲁木齐市水磨沟区人民政府办公室").first.click()
    page.wait_for_url("**/departments/*")
    assert page.locator("[data-chart=three_public][data-drawn=true] canvas").count() == 1
    shot(page, "1-department")
    page.get_by_role("link", name="595.08").click()
    page.wait_for_url("**/disclosures/*")
    page.locator("[data-chart=functional][data-drawn=true] canvas").wait_for()
    assert page.locator("#t-表一 table.printed tbody tr").count() >= 30
    assert page.locator("mark.hit").count() >= 3  # findings marked in the narrative
    page.locator("#charts").scroll_into_view_if_needed()
    shot(page, "2-disclosure-charts")
    page.locator("[data-chart=changes][data-drawn=true] canvas").wait_for()
    page.locator(".finding-list li a", has_text="在原文中查看").first.click()
    target = page.locator(":target")
    assert target.count() == 1 and target.is_visible()
    shot(page, "3-finding-in-place")


def test_compare_two_departments(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/compare")
    boxes = page.locator("fieldset.choices input[type=checkbox]")
    assert boxes.count() == 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="比较").click()
    page.locator("table.compare").wait_for()
    assert page.locator("table.compare thead th").count() == 3
    assert "人均“三公”经费" in page.locator("table.compare").inner_text()
    page.locator("[data-chart=per_staff][data-drawn=true] canvas").wait_for()
    shot(page, "4-compare")


def test_sign_in_upload_with_mistakes_publish_and_download(page, seed_text: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/admin")
    page.wait_for_url(re.compile(r".*/login\?next=.*"))
    page.get_by_label("用户名").fill("editor")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin")
    assert page.get_by_text("editor").count() >= 1
    shot(page, "5-dashboard")
    wrong = tmp_path / "水磨沟区政府办2021预算（更正前）.txt"
    wrong.write_text(seed_text.replace(*MISTAKE), encoding="utf-8")
    page.goto("/admin/upload")
    page.set_input_files("input[type=file]", str(wrong))
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_url(re.compile(r".*/revisions/\d+\?uploaded=1$"))
    assert "已上传并检查" in page.locator(".notice.ok").inner_text()
    finding = page.locator(".finding-list li", has_text="25.02")
    assert finding.count() >= 1
    finding.first.get_by_role("link", name="在原文中查看").click()
    assert "25.02" in page.locator(":target").inner_text()
    shot(page, "6-upload-findings")
    page.get_by_role("button", name="发布此修订").click()
    page.wait_for_load_state()
    assert page.locator(".doc-head .badge.published").count() == 1
    page.locator(".doc-head details.downloads summary").click()  # every download is in one menu
    with page.expect_download() as download:
        page.get_by_role("link", name="数据表（CSV，UTF-8）").click()
    saved = tmp_path / "download.csv"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"\xef\xbb\xbf") and "25.02" not in saved.read_text("utf-8-sig")
    assert "595.08" in saved.read_text("utf-8-sig")
    shot(page, "7-published")


def _page_types(base: str) -> dict[str, str]:
    """One address of every page type (ids looked up through the API)."""
    recent = httpx.get(base + "/api/").json()["recent"]
    disclosure = recent[0]
    department = disclosure["department"]["id"]
    ids = sorted({r["department"]["id"] for r in recent})
    return {
        "home": "/", "departments": "/departments", "department": f"/departments/{department}",
        "disclosure": f"/disclosures/{disclosure['id']}", "revision": f"/revisions/{disclosure['shown']['id']}",
        "history": f"/disclosures/{disclosure['id']}/history", "search": "/search?q=公务接待费",
        "compare": "/compare?" + "&".join(f"d={i}" for i in ids),
        "explore": "/explore?section=three_public", "explore-functional": "/explore?section=functional&code=201",
        "explore-years": f"/explore?section=three_public&department={department}", "export": "/export",
        "api-docs": "/api-docs", "login": "/login", "not-found": "/disclosures/999999",
    }


STAFF_PAGES = {"admin": "/admin", "audit": "/admin/audit", "upload": "/admin/upload"}


def _sign_in(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.get_by_label("用户名").fill("editor")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin")


@pytest.mark.parametrize("width", [390, 360])
def test_every_page_fits_a_phone(browser, server: str, width: int) -> None:  # type: ignore[no-untyped-def]
    """No page scrolls sideways on a phone (wide tables scroll in their own box); charts are drawn."""
    context = browser.new_context(viewport={"width": width, "height": 800}, base_url=server, device_scale_factor=1,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    too_wide = {}
    try:
        pages = _page_types(server)
        visits = [(name, path, False) for name, path in pages.items()]
        visits += [(name, path, True) for name, path in STAFF_PAGES.items()]
        signed_in = False
        for name, path, staff in visits:
            if staff and not signed_in:
                _sign_in(page)
                signed_in = True
            page.goto(path)
            page.wait_for_load_state("load")
            for chart in page.locator("[data-chart]").all():
                chart.locator("canvas").first.wait_for(timeout=10_000)
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                too_wide[name] = scroll
            if width == 390:
                shot(page, f"phone-{name}", full_page=True)
        # the staff's view of a disclosure and of a department (controls, forms)
        for name in ("disclosure", "department"):
            page.goto(pages[name])
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll > inner:
                too_wide[f"staff-{name}"] = scroll
    finally:
        context.close()
    assert too_wide == {}, f"wider than {width} px: {too_wide}"
    assert errors == [], errors


def test_desktop_screenshots_of_every_page_type(page, server: str) -> None:  # type: ignore[no-untyped-def]
    for name, path in _page_types(server).items():
        if name == "not-found":
            continue  # its 404 is a console error, which this fixture refuses (the phone test shows the page)
        page.goto(path)
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        shot(page, f"desktop-{name}")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_figure_of_the_explorer_opens_its_cell(browser, server: str, width: int) -> None:  # type: ignore[no-untyped-def]
    """The journalist's path, on a phone and on a desktop: 三公 of every department, last year beside it, a
    figure followed to its cell, the whole table downloaded."""
    context = browser.new_context(viewport={"width": width, "height": 800}, base_url=server, accept_downloads=True,
                                  is_mobile=width < 500, has_touch=width < 500)
    page = context.new_page()
    try:
        _journey(page, width)
    finally:
        context.close()


def _journey(page, width: int) -> None:  # type: ignore[no-untyped-def]
    page.goto("/explore?section=three_public")
    page.locator("[data-chart=figures][data-drawn=true] canvas").wait_for()
    first = page.locator("table.explore tbody tr td.num a").first
    amount = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r".*/revisions/\d+#c-.+"))
    target = page.locator(":target")
    assert target.count() == 1 and target.is_visible() and amount in target.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, f"8-explorer-figure-in-place-{width}")
    page.go_back()
    page.locator(".downloads summary").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("CSV")).first.click()
    text = Path(download.value.path()).read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and amount.encode() in text

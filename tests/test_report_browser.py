"""The report page in a real headless Chromium: highlights, the record panel by
mouse and by keyboard, phone width, a screenshot.

Needs Debian's ``chromium`` and ``chromium-driver``. Without them the test is
skipped on a workstation, and fails in CI (``CI`` set), where ``.ci/run``
installs them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from laborfacts.report import build_report, load_report_inputs

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SAMPLES = Path(__file__).parent.parent / "data" / "raw"
PHONE = (390, 844)


def _missing() -> str | None:
    absent = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        absent.append("the selenium package")
    return ", ".join(absent) or None


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs a browser for this test; missing: {missing}")
        pytest.skip(f"no browser: missing {missing}")
    # Selenium Manager must never look for a driver on the network.
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync",
    ):  # fmt: skip
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_window_size(1280, 900)
    try:
        yield browser
    finally:
        browser.quit()


def test_report_in_a_browser(
    driver: object, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(driver, WebDriver)
    inputs = load_report_inputs([SAMPLES])
    assert not inputs.problems
    docs = inputs.documents
    n_facts = sum(len(d.facts) for d in docs)
    assert len(docs) >= 2 and n_facts > 20
    page = tmp_path / "report.html"
    page.write_text(build_report(docs, inputs.texts), encoding="utf-8")
    driver.get(page.as_uri())

    marks = driver.find_elements(By.CSS_SELECTOR, "[data-fact]")
    assert len(marks) == n_facts
    # The page's own script ran (the policy let it) and nothing complained.
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    assert driver.find_element(By.ID, "facts-all").get_attribute("id")
    th = driver.find_element(By.CSS_SELECTOR, "#facts-all th[data-col='value']")
    assert th.get_attribute("aria-sort") == "none"

    def shown(mark: object) -> dict[str, str]:
        doc_id, n = mark.get_attribute("data-fact").rsplit(":", 1)  # type: ignore[attr-defined]
        fact = next(d for d in docs if d.id == doc_id).facts[int(n)]
        assert driver.find_element(By.ID, "lf-record").get_attribute("data-ref") == (
            mark.get_attribute("data-ref")  # type: ignore[attr-defined]
        )
        cells = driver.find_elements(By.CSS_SELECTOR, "#lf-record > dd[data-field]")
        return {"expect_type": str(fact.type), "expect_text": fact.text} | {
            c.get_attribute("data-field"): c.text for c in cells
        }

    from laborfacts.report import shown_value

    # A click shows the record of the highlight clicked.
    wage = next(m for m in marks if "lf-t-wage" in m.get_attribute("class"))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", wage)
    wage.click()
    got = shown(wage)
    doc_id, n = wage.get_attribute("data-fact").rsplit(":", 1)
    fact = next(d for d in docs if d.id == doc_id).facts[int(n)]
    assert got["value"] == shown_value(fact)
    assert got["type"].split(" / ")[0] == "wage"
    assert got["text"] == f"“{fact.text}”"
    assert "lf-current" in wage.get_attribute("class")

    # Keyboard focus on another highlight shows that one.
    other = next(m for m in marks if "lf-t-date" in m.get_attribute("class"))
    driver.execute_script("arguments[0].focus()", other)
    assert driver.switch_to.active_element == other
    got = shown(other)
    assert got["type"] == "date"
    assert got["text"] == f"“{got['expect_text']}”"
    # Tab moves to the next highlight in the text.
    from selenium.webdriver.common.keys import Keys

    other.send_keys(Keys.TAB)
    following = driver.switch_to.active_element
    assert following.get_attribute("data-fact")
    assert shown(following)["type"].split(" / ")[0] == shown(following)["expect_type"]

    # Sorting and filtering the run's table.
    driver.execute_script("arguments[0].scrollIntoView()", th)
    th.find_element(By.TAG_NAME, "button").click()
    assert th.get_attribute("aria-sort") == "ascending"
    select = driver.find_element(By.CSS_SELECTOR, "[data-for='facts-all'] [data-filter='type']")
    from selenium.webdriver.support.ui import Select

    Select(select).select_by_value("wage")
    visible = [
        r for r in driver.find_elements(By.CSS_SELECTOR, "#facts-all tbody tr") if r.is_displayed()
    ]
    n_wages = sum(1 for d in docs for f in d.facts if f.type == "wage")
    assert len(visible) == n_wages > 0
    # A row's link leads to its highlight and shows its record.
    visible[-1].find_element(By.TAG_NAME, "a").click()
    ref = visible[-1].get_attribute("data-ref")
    assert driver.execute_script("return location.hash") == f"#fact-{ref}"
    assert driver.find_element(By.ID, "lf-record").get_attribute("data-ref") == ref
    assert driver.switch_to.active_element.get_attribute("data-ref") == ref

    # At phone width the body does not overflow sideways.
    driver.set_window_size(*PHONE)
    driver.execute_script("window.scrollTo(0, 0)")
    widths = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.body.scrollWidth,"
        " document.documentElement.clientWidth]"
    )
    assert max(widths[0], widths[1]) <= widths[2], widths
    first = marks[1]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
    first.click()
    assert driver.find_element(By.ID, "lf-panel").is_displayed()
    # In print, the panel and the filters give way to the text and tables.
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not driver.find_element(By.ID, "lf-panel").is_displayed()
    assert not driver.find_element(By.CSS_SELECTOR, ".lf-filters").is_displayed()
    assert driver.find_element(By.CSS_SELECTOR, ".lf-text").is_displayed()
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    shot = tmp_path / "report-phone.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 1000
    print(f"screenshot: {shot}")
    record_property("screenshot", str(shot))
    keep = os.environ.get("LABORFACTS_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)


def test_the_panel_shows_where_subject_and_time_came_from(driver: object, tmp_path: Path) -> None:
    """A record's optional ``context`` is shown when present, and nothing when absent."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    from laborfacts.models import Document, Fact

    assert isinstance(driver, WebDriver)

    class FactWithContext(Fact):
        context: dict[str, str] | None = None

    text = "Pay at the Ostby depot\n\nDrivers there earn $26 an hour. The depot has 80 drivers.\n"

    def at(cls: type[Fact], surface: str, **extra: object) -> Fact:
        start = text.index(surface)
        return cls(
            doc="ostby", text=surface, start=start, end=start + len(surface), sentence=text,
            subject="Ostby depot", **extra,  # type: ignore[arg-type]
        )  # fmt: skip

    wage = at(
        FactWithContext, "$26", type="wage", unit="USD", value=26, per="hour",
        context={"subject": "title", "time": "publication date"},
    )  # fmt: skip
    drivers = at(Fact, "80", type="workforce", unit="count", value=80, item="driver")
    doc = Document(id="ostby", sha256="", chars=0, words=0, facts=[wage, drivers])
    page = tmp_path / "context.html"
    page.write_text(build_report([doc], {"ostby": text}), encoding="utf-8")
    driver.set_window_size(1280, 900)
    driver.get(page.as_uri())
    marks = driver.find_elements(By.CSS_SELECTOR, "[data-fact]")
    assert len(marks) == 2
    marks[0].click()
    got = driver.find_element(By.CSS_SELECTOR, "#lf-record > dd[data-field='context']")
    assert got.text == "subject: title; time: publication date"
    marks[1].click()
    assert driver.find_element(By.ID, "lf-record").get_attribute("data-ref") == "d0-1"
    assert not driver.find_elements(By.CSS_SELECTOR, "#lf-record dd[data-field='context']")

"""The built site in a real browser: headless Chromium (Debian's package), network off, two pages (Lemma 1 and
HPG's bound). Checks that MathJax rendered the math (``mjx-container`` elements, no raw ``$…$`` or ``\\(…\\)`` left,
no MathJax error), that every image loaded (``naturalWidth > 0``), that nothing came from the network, and saves a
full-page screenshot of each page under the test's temporary folder.

Skipped, saying so, where Chromium or its driver is absent (``.ci/run`` installs ``chromium`` and
``chromium-driver`` with apt when it can).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "docs" / "site"
sys.path.insert(0, str(SITE))

import sitebuild  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
PAGES = {"lemma1": "a/realizability/lemma1_menu_times.html", "hpg_bound": "b/bounds.html"}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--proxy-server=http://127.0.0.1:9", "--window-size=1280,1200"]
#: Text that is still LaTeX source after MathJax ran (outside code blocks).
RAW_MATH = re.compile(r"\$[^$\s][^$]*\$|\\\(|\\\[")

PAGE_STATE = """
const done = arguments[arguments.length - 1];
const ready = (window.MathJax && MathJax.startup && MathJax.startup.promise) || Promise.resolve();
ready.then(() => {
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container').forEach(e => e.remove());
  const math = Array.from(document.querySelectorAll('.math'));
  done({
    mathjax: !!(window.MathJax && MathJax.startup),
    containers: document.querySelectorAll('mjx-container').length,
    unrendered: math.filter(e => !e.querySelector('mjx-container')).length,
    errors: document.querySelectorAll('mjx-merror').length,
    text: clone.textContent,
    images: Array.from(document.images).map(i => [i.getAttribute('src').slice(0, 80), i.complete, i.naturalWidth]),
    resources: performance.getEntriesByType('resource').map(r => r.name),
    height: document.documentElement.scrollHeight,
  });
});
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (Path(CHROMIUM).is_file() and Path(DRIVER).is_file()):
        pytest.skip(f"Chromium or its driver is absent ({CHROMIUM}, {DRIVER}): install Debian's chromium and "
                    "chromium-driver (apt-get install -y chromium chromium-driver) to run the browser test")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the [docs] extra)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    driver.set_script_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def built():
    result = sitebuild.build()
    assert result["returncode"] == 0, f"make docs failed:\n{result['output'][-6000:]}"
    return result


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_renders_math_and_figures_offline(name, browser, built, tmp_path):
    path = sitebuild.OUT / PAGES[name]
    assert path.is_file(), f"the docs build made no {PAGES[name]}"
    browser.get(path.as_uri())
    state = browser.execute_async_script(PAGE_STATE)
    browser.set_window_size(1280, min(int(state["height"]) + 40, 16000))
    shot = tmp_path / f"{name}.png"
    browser.save_screenshot(str(shot))
    print(f"screenshot: {shot}")
    assert state["mathjax"], "MathJax did not start (is _static/mathjax bundled?)"
    assert state["containers"] > 0 and state["unrendered"] == 0 and state["errors"] == 0, state
    raw = RAW_MATH.findall(state["text"])
    assert not raw, f"raw LaTeX left on the page: {raw[:5]}"
    assert state["images"], "no figure on the page (the live evidence plots are missing)"
    assert all(complete and width > 0 for _, complete, width in state["images"]), state["images"]
    remote = [r for r in state["resources"] if not r.startswith("file:")]
    assert not remote, f"resources from the network: {remote}"
    assert shot.stat().st_size > 10_000

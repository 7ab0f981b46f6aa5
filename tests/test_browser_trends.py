"""The Trends page in a real browser, light and dark, on a phone: chart words readable, bars
under their labels, every chart named in words, nothing wider than the screen."""

import datetime as dt

import pytest
from browser_support import chromium_page, require_chromium, streamlit_server, wait_idle

from hamtrack import db as store
from hamtrack import demo

pytestmark = pytest.mark.browser

READ_CHARTS = """() => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const app = getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor;
  return {
    background: rgb(app),
    scrollWidth: document.documentElement.scrollWidth,
    charts: [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map((chart) => {
      const centre = (e) => { const r = e.getBoundingClientRect(); return r.left + r.width / 2; };
      return {
        name: [chart, ...chart.querySelectorAll('[role="graphics-document"]')]
          .map((e) => e.getAttribute('aria-label')).find(Boolean),
        words: [...chart.querySelectorAll('.role-axis-label text, .role-axis-title text')]
          .map((t) => rgb(getComputedStyle(t).fill)),
        labels: [...chart.querySelectorAll('.role-axis-label text')]
          .filter((t) => /[A-Z][a-z]{2}/.test(t.textContent)).map(centre),
        bars: [...chart.querySelectorAll('.mark-rect.role-mark path')]
          .filter((p) => p.getBoundingClientRect().height > 0).map(centre),
      };
    }),
  };
}"""

CHARTS_DRAWN = """(count) => {
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  const drawn = charts.filter((chart) => chart.querySelector('svg.marks .role-axis-label'));
  if (drawn.length < count) return false;
  // The sessions chart is drawn whole: a bar for every week labelled (Vega may draw a chart
  // again once its width is known, and the marks of that pass come after its axes).
  const first = charts[0];
  const labels = [...first.querySelectorAll('.role-axis-label text')]
    .filter((t) => /[A-Z][a-z]{2}/.test(t.textContent)).length;
  const bars = [...first.querySelectorAll('.mark-rect.role-mark path')]
    .filter((p) => p.getBoundingClientRect().height > 0).length;
  return labels >= 2 && bars === labels;
}"""


def contrast(one: list[float], other: list[float]) -> float:
    def luminance(rgb: list[float]) -> float:
        c = [v / 255 for v in rgb]
        r, g, b = (v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("theme", "time_zone"), [("light", "America/Los_Angeles"), ("dark", "Pacific/Auckland")]
)
def test_trends_on_a_phone_reads_in_either_theme(tmp_path, theme, time_zone):
    """West and east of Greenwich too: the browser's offset never slides a bar off its week."""
    require_chromium()
    db_path = tmp_path / "trends.db"
    db = store.open_database(db_path)
    today = dt.date.today()
    store.store_bundle(db, demo.generate(weeks=3, seed=7, today=today), today=today)
    db.close()
    options = ("--server.address", "127.0.0.1", "--theme.base", theme)
    with (
        streamlit_server(db_path, options=options) as url,
        chromium_page(width=390, height=900) as page,
    ):
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setTimezoneOverride", {"timezoneId": time_zone})
        page.goto(f"{url}/trends")
        wait_idle(page)
        # Each chart draws on its own after the script has finished: wait for all three, the
        # sessions chart with every bar.
        page.wait_for_function(CHARTS_DRAWN, arg=3)
        found = page.evaluate(READ_CHARTS)
        assert page.get_by_test_id("stException").count() == 0
        assert found["scrollWidth"] <= 390
        assert len(found["charts"]) >= 3
        for chart in found["charts"]:
            assert chart["name"], "a chart without a text alternative"
            assert "Latest" in chart["name"] or "Your first" in chart["name"]
            assert chart["words"]
            assert min(contrast(w, found["background"]) for w in chart["words"]) >= 4.5
        # Sessions: a short history's narrow bars each stand over their week's label.
        sessions = found["charts"][0]
        assert len(sessions["bars"]) == len(sessions["labels"]) >= 2
        for bar, label in zip(sessions["bars"], sessions["labels"], strict=True):
            assert abs(bar - label) <= 2

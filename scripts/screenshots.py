"""Screenshots of every page, light and dark, desktop and phone, from a fresh demo database.

    .venv/bin/python scripts/screenshots.py                      # every page, every variant
    .venv/bin/python scripts/screenshots.py --pages home check_in trends --widths 390

Starts the app on 127.0.0.1 with a new 16-week demo database (the same seed every time), opens
each page in Debian's Chromium with the device set to light or dark, and writes
docs/screenshots/<page>-<light|dark>-<width>.png. The README's pictures are made this way, so
they can be made again whenever a screen changes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT), str(PROJECT / "tests")]

from browser_support import (  # noqa: E402 (found through the path set just above)
    CHROMIUM,
    CHROMIUM_ARGS,
    streamlit_server,
    wait_idle,
)

from hamtrack import db as store  # noqa: E402
from hamtrack import demo  # noqa: E402
from hamtrack_menu import menu_pages  # noqa: E402

# Each page of the menu by the name its file is saved under, and its address ("" is Home).
PAGES = {Path(page.path).stem: page.address for page in menu_pages()}
SIZES = {1280: 800, 390: 844}  # a laptop's window, and a phone's screen
SCHEMES = ("light", "dark")


def _demo_database(folder: Path) -> Path:
    path = folder / "screenshots.db"
    today = dt.date.today()
    db = store.open_database(path)
    store.store_bundle(db, demo.generate(weeks=16, seed=1, today=today), today=today)
    db.conn.close()
    return path


def _shrink(path: Path) -> None:
    """Fewer colours, far fewer bytes: a screen of text and flat colour loses nothing visible."""
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with Streamlit; without it the PNG stays as taken
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _fit_height(page, width: int) -> None:
    # Streamlit scrolls inside its own container, so a "full page" shot of the window shows only
    # the first screen: the window is made as tall as the content instead.
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')]"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 8000)})
    page.wait_for_timeout(400)


def take(
    out: Path, pages: list[str], widths: list[int], schemes: list[str], *, full_page: bool
) -> list[Path]:
    """Write one PNG per page, scheme and width into `out`; return their paths."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as folder:
        db_path = _demo_database(Path(folder))
        with streamlit_server(db_path) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_context().new_page()
                page.goto(url)  # Home first: a fresh server routes deep links after that
                wait_idle(page)
                for scheme in schemes:
                    page.emulate_media(color_scheme=scheme)
                    for width in widths:
                        page.set_viewport_size({"width": width, "height": SIZES.get(width, 900)})
                        for name in pages:
                            page.goto(f"{url}/{PAGES[name]}")
                            wait_idle(page)
                            page.wait_for_timeout(800)  # charts and images draw after the script
                            target = out / f"{name}-{scheme}-{width}.png"
                            if full_page:
                                _fit_height(page, width)
                            page.screenshot(path=target)
                            _shrink(target)
                            written.append(target)
                            print(
                                target.relative_to(PROJECT)
                                if target.is_relative_to(PROJECT)
                                else target
                            )
            finally:
                browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT / "docs" / "screenshots")
    parser.add_argument("--pages", nargs="+", choices=list(PAGES), default=list(PAGES))
    parser.add_argument("--widths", nargs="+", type=int, default=list(SIZES))
    parser.add_argument("--schemes", nargs="+", choices=SCHEMES, default=list(SCHEMES))
    parser.add_argument(
        "--full-page", action="store_true", help="the whole page, not only the first screen"
    )
    args = parser.parse_args(argv)
    take(args.out, args.pages, args.widths, args.schemes, full_page=args.full_page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

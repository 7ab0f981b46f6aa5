"""The app's menu: every page, its title, icon and address, in the order the sidebar shows them.

`streamlit_app.py` builds its `st.navigation` from this list, and the benchmark measures the
same pages, so a page added here is routed and measured alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class MenuPage:
    """One page of the menu: its file (relative to the project), title, icon and URL path."""

    path: str
    title: str
    icon: str
    url_path: str | None = None
    """None: Streamlit's own, the file's name."""
    default: bool = False

    @property
    def address(self) -> str:
        """The path after the server's address ('' for the default page)."""
        if self.default:
            return ""
        return self.url_path if self.url_path is not None else Path(self.path).stem


MENU: dict[str, tuple[MenuPage, ...]] = {
    "Today": (
        MenuPage("pages/home.py", "Home", ":material/home:", default=True),
        MenuPage("pages/check_in.py", "Check-in", ":material/mood:"),
        MenuPage("pages/session.py", "Log exercises", ":material/fitness_center:"),
        MenuPage(
            "pages/questionnaire.py",
            "Back questionnaire",
            ":material/assignment:",
            url_path="questionnaire",
        ),
        MenuPage(
            "pages/psfs.py", "Activities I find hard", ":material/directions_run:", "activities"
        ),
    ),
    "Programme": (
        MenuPage("pages/programme.py", "My programme", ":material/event_note:", "programme"),
        MenuPage("pages/injury.py", "My injury", ":material/healing:", "injury"),
        MenuPage(
            "pages/return_to_sport.py", "Return to sport", ":material/sprint:", "return-to-sport"
        ),
        MenuPage("pages/library.py", "Exercise library", ":material/menu_book:", "library"),
    ),
    "Progress": (
        MenuPage("pages/trends.py", "Trends", ":material/monitoring:", "trends"),
        MenuPage("pages/history.py", "History", ":material/history:"),
    ),
    "Share": (MenuPage("pages/export.py", "Share & backup", ":material/ios_share:", "share"),),
}


def menu_pages() -> list[MenuPage]:
    """Every page of the menu, in the sidebar's order."""
    return [page for section in MENU.values() for page in section]

"""Running the app's pages with Streamlit's AppTest: shared by the app's test files."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def open_app(page: str | None = None, **params: str | list[str]) -> AppTest:
    """The app on a page (default Explore) with these query parameters, after its first run."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(f"ui/pages/{page}.py")
    return at.run()


def ok(at: AppTest) -> AppTest:
    """The AppTest, after checking that the page raised nothing."""
    assert not at.exception, [e.value for e in at.exception]
    return at

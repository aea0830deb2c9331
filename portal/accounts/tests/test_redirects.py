"""``next`` values: only a path on this origin is ever followed (spec section 7)."""

from __future__ import annotations

from urllib.parse import unquote, urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.accounts.redirects import safe_next

ORIGIN = "https://portal.aidial.example"


@pytest.mark.parametrize(
    "value",
    [
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example",
        "http:evil.example",
        "%2F%2Fevil.example",
        "/%2F/evil.example",
        "/%2f%2fevil.example",
        "/%252F%252Fevil.example",
        "/%09/evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/%0d%0aSet-Cookie:x=1",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " /dashboard",
        "/%5Cevil.example",
        "/\u2028/evil.example",
        "",
        "dashboard",
    ],
)
def test_values_that_could_leave_the_origin_are_refused(value: str) -> None:
    assert safe_next(value) is None


@pytest.mark.parametrize(
    "value", ["/dashboard", "/calls/42", "/calls?status=failed&page=2", "/settings#sessions", "/"]
)
def test_paths_on_this_origin_are_kept(value: str) -> None:
    assert safe_next(value) == value


def _stays_home(value: str) -> bool:
    for candidate in (value, unquote(value), unquote(unquote(value))):
        target = urlsplit(urljoin(ORIGIN + "/", candidate))
        if (target.scheme, target.netloc) != ("https", "portal.aidial.example"):
            return False
    return True


@settings(max_examples=3000, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60),
        st.text(alphabet="/\\%:.@?#ab2fFcC09\t\n ", max_size=30),
        st.from_regex(r"\A/[/\\%0-9a-fA-F:.@]{0,20}\Z"),
    )
)
def test_no_accepted_next_leaves_the_origin(value: str) -> None:
    accepted = safe_next(value)
    if accepted is not None:
        assert _stays_home(accepted)

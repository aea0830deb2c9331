"""A person's browser for tests that cross the portal and an identity provider over HTTP.

It keeps cookies, never follows a redirect by itself (tests look at each hop), and fills in
the first form on a page with its CSRF token and hidden fields.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

_FORM = re.compile(r'<form method="post" action="([^"]*)"')
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


class Browser:
    def __init__(self, user_agent: str = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0") -> None:
        self.http = requests.Session()
        self.http.headers["User-Agent"] = user_agent

    def get(self, url: str, **kwargs: object) -> requests.Response:
        return self.http.get(url, allow_redirects=False, timeout=15, **kwargs)  # type: ignore[arg-type]

    def post(
        self, url: str, data: dict[str, str], *, origin: str | None = None
    ) -> requests.Response:
        """A form post, with the ``Origin`` header a browser sends (the page's origin)."""
        parts = urlsplit(url)
        headers = {"Origin": origin or f"{parts.scheme}://{parts.netloc}"}
        return self.http.post(url, data=data, headers=headers, allow_redirects=False, timeout=15)

    def submit(
        self, page: requests.Response, form_index: int = 0, **fields: str
    ) -> requests.Response:
        """Post a form of the page with its hidden fields (CSRF token included) and ``fields``."""
        forms = list(_FORM.finditer(page.text))
        assert forms, page.text
        start = forms[form_index].start()
        end = forms[form_index + 1].start() if form_index + 1 < len(forms) else len(page.text)
        body = page.text[start:end]
        data = {k: html.unescape(v) for k, v in _HIDDEN.findall(body)}
        data.update(fields)
        target = urljoin(page.url, html.unescape(forms[form_index].group(1)))
        page_origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
        return self.post(target, data, origin=page_origin)

    def follow(self, response: requests.Response, *, until: str = "") -> requests.Response:
        """Follow redirects, stopping before a URL that starts with ``until`` (when given)."""
        while response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if until and target.startswith(until):
                return response
            response = self.get(target)
        return response


def location(response: requests.Response) -> str:
    return urljoin(response.url, str(response.headers["Location"]))


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}

from __future__ import annotations

from typing import Any

from portal.core.tests.conftest import redis_url  # noqa: F401 (a fixture for these tests)

#: Filled by the matrix test; reported at the end of the run.
MATRIX_CELLS: list[int] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if MATRIX_CELLS:
        terminalreporter.write_line(
            f"access matrix: {sum(MATRIX_CELLS)} cells checked "
            "(routes x roles x tenant status x MFA state x feature switch)"
        )

from __future__ import annotations

from typing import Any

#: Filled by the matrix test; reported at the end of the run.
MATRIX_CELLS: list[int] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if MATRIX_CELLS:
        terminalreporter.write_line(
            f"access matrix: {sum(MATRIX_CELLS)} cells checked "
            "(routes x roles x tenant status x MFA state x feature switch)"
        )

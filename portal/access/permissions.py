"""The Roles & permissions table, computed from the role table and the route declarations."""

from __future__ import annotations

from dataclasses import dataclass

from portal.access import roles
from portal.access.policy import Section, Surface, sections

#: The roles in the order of the specification's table (the role table's own order).
ROLE_ORDER: tuple[str, ...] = tuple(roles.CAPABILITIES)


@dataclass(frozen=True)
class Cell:
    text: str
    allowed: bool


def cell(role: str, section: Section) -> Cell:
    internal = role in roles.INTERNAL_ROLES
    if internal and section.surface is Surface.CUSTOMER:
        return Cell(f"→ {section.internal_redirect}", False)
    caps = roles.capabilities(role)
    if section.view not in caps:
        return Cell("Not available", False)
    if section.manage is None:
        return Cell("Yes", True)
    return Cell("Manage" if section.manage in caps else "View only", True)


def table() -> list[tuple[Section, list[Cell]]]:
    return [(section, [cell(role, section) for role in ROLE_ORDER]) for section in sections()]

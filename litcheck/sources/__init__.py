"""Sources: PubMed (E-utilities), openFDA, and local PubMed indexes, behind one interface."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litcheck.settings import Settings
    from litcheck.sources.base import Source


def build_sources(settings: Settings) -> dict[str, Source]:
    """Build the sources `settings.sources` names, keyed by name. Imports lazily."""
    raise NotImplementedError

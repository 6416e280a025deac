"""Sources: PubMed (E-utilities), openFDA, and local PubMed indexes, behind one interface."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litcheck.settings import Settings
    from litcheck.sources.base import Source


def build_sources(settings: Settings) -> dict[str, Source]:
    """Build the sources `settings.sources` names, keyed by name. Imports lazily.

    "pubmed" and "openfda" are the live services (base URLs from the environment); "sample" is
    the bundled PubMedQA index; "local:DIR" a `litcheck corpus build` index. When
    LITCHECK_LOCAL_INDEX is set, "pubmed" is answered by that local index instead.
    """
    sources: dict[str, Source] = {}
    for spec in settings.sources:
        if spec == "pubmed" and settings.local_index is not None:
            spec = f"local:{settings.local_index}"
        if spec == "pubmed":
            from litcheck.sources.pubmed.source import PubMedSource

            sources["pubmed"] = PubMedSource.from_settings(settings)
        elif spec == "openfda":
            from litcheck.sources.openfda.source import OpenFdaSource

            sources["openfda"] = OpenFdaSource.from_settings(settings)
        elif spec == "sample":
            from litcheck.sources.local.source import LocalSource

            sources["sample"] = LocalSource.sample()
        elif spec.startswith("local:"):
            from litcheck.sources.local.source import LocalSource

            sources[spec] = LocalSource.from_path(Path(spec.removeprefix("local:")))
    return sources

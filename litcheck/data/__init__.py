"""Data shipped inside the package: the PubMedQA sample index (see ATTRIBUTION.md)."""

"""litcheck/sources/pubmed."""

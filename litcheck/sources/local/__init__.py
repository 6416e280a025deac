"""litcheck/sources/local."""

"""litcheck/review."""

"""litcheck/check."""

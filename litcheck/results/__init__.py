"""litcheck/results."""

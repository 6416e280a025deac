"""litcheck/claims."""

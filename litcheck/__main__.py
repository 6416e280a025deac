"""`python -m litcheck`."""

from litcheck.cli import main

main()

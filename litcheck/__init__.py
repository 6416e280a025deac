"""litcheck: find, score, explain and flag the references behind health claims."""

__version__ = "0.1.0"
__all__ = ["__version__"]

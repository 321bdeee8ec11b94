"""hzcompare: what Hangzhou's districts promised, and what they delivered.

Kept import-light on purpose (pandas, matplotlib and papermill load only where used),
so the console script and worker processes start fast.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

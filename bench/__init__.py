"""The performance benchmark (`make bench`, i.e. `python bench/run.py`); see docs/performance.md."""

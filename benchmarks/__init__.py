"""HamTrack's performance benchmark: `python benchmarks/run.py` (see README-section.md)."""

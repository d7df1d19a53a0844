"""jixiao (绩效) — government budget performance targets: read, review, score, monitor, report."""

__version__ = "0.1.0"

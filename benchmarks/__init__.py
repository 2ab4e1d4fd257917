"""Benchmarks: measurements, never timed tests. See README-perf.md."""

"""Benchmarks: measurements, never timed tests. See README.md, "Performance"."""

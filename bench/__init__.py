"""Benchmarks (`make bench`): every figure is a ratio of two paths measured side by side in one run."""

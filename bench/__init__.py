"""Benchmarks and load tests of the build and of the published site."""

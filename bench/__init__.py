"""Benchmarks of the portal, run by hand (not part of `make test`)."""

"""Benchmarks for DigiPUFF's speed targets, run by `make bench`; each module offers `run() -> list[Result]`."""

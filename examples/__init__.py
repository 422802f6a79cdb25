"""Worked examples of the correctness oracle: fast implementations and planted bugs (see README.md)."""

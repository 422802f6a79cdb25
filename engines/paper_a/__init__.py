"""Lockstep replicates of paper A's interaction (issue 14)."""

"""Efficient HPG and the lockstep routing loop of paper B (issues 14 and 15)."""

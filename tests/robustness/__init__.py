"""Robustness: bad input, faults while publishing, and the safety of what is published."""

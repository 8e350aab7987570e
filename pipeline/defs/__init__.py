"""Dagster at the edge: assets, checks, automation, resources and the executor choice; everything else is plain Python."""

"""Small helpers shared by every stage: atomic writes, hashing, escaping, reading a release's manifest.

Nothing here imports Dagster or any other module of the pipeline.
"""

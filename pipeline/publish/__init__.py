"""Publishing: immutable release folders, their changes, the catalog page, the remote mirror, the row-count guard and corrections."""

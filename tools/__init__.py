"""Build-time tools that derive the shipped data from its sources (not in the wheel).

Run them from the repository root, e.g. ``python3 -m tools.gazetteer_index`` or
``python3 tools/derive_basemap.py``; see data/SOURCES.md for what each one rebuilds.
"""

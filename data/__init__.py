"""Data that ships with journey (see data/SOURCES.md)."""

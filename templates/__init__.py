"""Jinja2 templates for the HTML map (override with --template-dir)."""

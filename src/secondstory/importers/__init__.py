"""Importers: bring existing write-ups and incident timelines into the library."""

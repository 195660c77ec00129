"""secondstory: blameless postmortems as plain files in git."""

__version__ = "0.1.0"
FORMAT_VERSION = 1

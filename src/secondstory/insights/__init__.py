"""Learning across the library: similarity, failure mechanisms and recurring patterns."""

"""Track: action items to verified completion, and the outcome test."""

"""Models of the intermediaries app."""

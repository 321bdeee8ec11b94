"""The curated tables: their schema, checks, CSV I/O, number parsing and loaders."""

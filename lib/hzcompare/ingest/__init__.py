"""raw → clean text → extracted figures → curated CSV: the pipeline stages."""

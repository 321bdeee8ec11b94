"""Yearly packs: parameters, rendering notebooks in workers, and the pack files."""

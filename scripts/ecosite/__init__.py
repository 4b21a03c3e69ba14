"""Kunming eco-progress open data: load → validate → derive → render → site."""

"""Loaders turn files and pages into `Extraction`s and write them through the store protocol."""

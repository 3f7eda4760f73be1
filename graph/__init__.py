"""Threadline's core: the schema, the model, the stores and everything that reads the graph."""

__version__ = "0.1.0"

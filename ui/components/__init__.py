"""Building blocks the pages share: the graph component, search, evidence, reader, filters and URL state."""

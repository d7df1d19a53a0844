"""Documents in and out: readers (a format → grids of cells with provenance → plans) and writers."""

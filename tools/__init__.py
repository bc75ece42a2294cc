"""Tools for maintaining the course that are not tests: writing and running lessons, vendoring the spec, drawing figures."""

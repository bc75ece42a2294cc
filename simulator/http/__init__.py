"""The HTTP side of each route: reading requests (bodies, queries, lookups that 404) and validating them as the real API did."""

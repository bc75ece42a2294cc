"""One module per API resource; each exposes `routes`, a list of Starlette routes under /v1."""

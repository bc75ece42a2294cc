"""An offline, wire-compatible simulator of the OpenAI Assistants API (shut down on 2026-08-26).

The server is `simulator.app.create_app`; `python -m simulator` serves it. Importing this package
imports nothing else, so the course's helpers can use `simulator.launch` without loading the server.
"""

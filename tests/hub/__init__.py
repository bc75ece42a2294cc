"""The course on a real JupyterHub, two learners on loopback (make hub-test installs its parts)."""

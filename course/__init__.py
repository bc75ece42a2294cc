"""The course's commands for learners and teachers: lab, service (start/stop), reset, classroom. Notebooks import helpers/, not this."""

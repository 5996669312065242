"""Work off the request: the task worker that outlives database outages, and the scheduler."""

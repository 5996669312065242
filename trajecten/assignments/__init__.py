"""Final assignments of a trajectory's return day: the models, the checks
of an uploaded file (uploads.py) and the writes (services.py)."""

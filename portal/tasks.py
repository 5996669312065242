"""Work off the request (django-tasks): a worker does it when one runs
(`TASKS_BACKEND=database` and `manage.py db_worker`); with the immediate
backend of development and tests it happens on commit, in the same process."""

from django.db import transaction


def later(task_function, *args):
    """Enqueue once the change is committed, so the worker reads the new state."""
    transaction.on_commit(lambda: task_function.enqueue(*args))

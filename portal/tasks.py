"""Work off the request (django-tasks): a worker does it when one runs
(`TASKS_BACKEND=database` and `manage.py worker`); with the immediate
backend of development and tests it happens on commit, in the same process."""

from django.db import transaction
from django_tasks_db import DatabaseBackend


def later(task_function, *args):
    """Enqueue so that the worker reads the committed state, and nothing is lost.

    The database backend keeps its queue in the same database: the task is
    written in the caller's transaction, so it exists exactly when the change
    does, even if the database goes away right after the commit. Any other
    backend is handed the task once the change is committed (a failure to
    enqueue then is logged, never turned into an error for a change that is
    already saved)."""
    if isinstance(task_function.get_backend(), DatabaseBackend):
        task_function.enqueue(*args)
    else:
        transaction.on_commit(lambda: task_function.enqueue(*args), robust=True)

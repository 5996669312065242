"""The search backend in use: Elasticsearch when ELASTICSEARCH_URL is set,
otherwise the portal's own database."""

from django.conf import settings
from django.utils.module_loading import import_string

BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}


def get_backend():
    name = "elasticsearch" if getattr(settings, "ELASTICSEARCH_URL", "") else "database"
    return import_string(BACKENDS[name])()

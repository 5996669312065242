"""Reading the search page as a visitor does: the titles of the results."""

import re


def top3(client, path, query):
    """The titles of the first three results for `query` on the search page at `path`."""
    html = client.get(path, {"q": query}).content.decode().replace("&#x27;", "'")
    return re.findall(r'class="offer-item__title"><a href="[^"]+">([^<]+)</a>', html)[:3]

"""Creating any page of the offer in the admin fills the slug from the title,
as Wagtail's own pages do: the title input is wired to the slug field."""

from html.parser import HTMLParser

import pytest

from home.models import ContentPage
from tests.factories.offer import make_call_form, make_network, make_trajectory
from trajecten.models import (
    CallFormPage,
    ConferencePage,
    EditionPage,
    G50TrackPage,
    LearningNetworkPage,
    MeetingPage,
    ModulePage,
    OfferIndexPage,
    TrainingPage,
    TrajectoryPage,
    WorkstreamPage,
)

pytestmark = pytest.mark.django_db


class TitleInput(HTMLParser):
    """The attributes of the form's `title` input."""

    def __init__(self, html):
        super().__init__()
        self.attrs = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "input" and dict(attrs).get("name") == "title":
            self.attrs = dict(attrs)


def sync_wiring(client, model, parent):
    """How the title input of the create form reaches the slug (Wagtail's w-sync controller)."""
    meta = model._meta
    response = client.get(f"/admin/pages/add/{meta.app_label}/{meta.model_name}/{parent.pk}/")
    assert response.status_code == 200, model
    attrs = TitleInput(response.content.decode()).attrs
    assert attrs is not None, f"{model.__name__} has no title input"
    wiring = ["data-controller", "data-action", "data-w-sync-target-value"]
    return {name: attrs.get(name) for name in wiring}


def test_every_offer_page_type_fills_the_slug_from_the_title(client, editor, offer_index):
    index, _ = offer_index
    home = index.get_parent()
    trajectory, edition = make_trajectory(index, modules=1)
    network, _ = make_network(index)
    workstream = make_call_form(home).get_parent()
    track = workstream.get_parent()
    client.force_login(editor)
    # Wagtail's own page: the title panel of Page.content_panels.
    wagtails_own = sync_wiring(client, ContentPage, home)
    assert "w-sync" in wagtails_own["data-controller"]
    assert "w-sync#apply" in wagtails_own["data-action"]
    assert wagtails_own["data-w-sync-target-value"] == "#id_slug"

    for model, parent in [
        (OfferIndexPage, home),
        (TrainingPage, index),
        (TrajectoryPage, index),
        (EditionPage, trajectory),
        (ModulePage, edition),
        (LearningNetworkPage, index),
        (MeetingPage, network),
        (G50TrackPage, home),
        (WorkstreamPage, track),
        (ConferencePage, index),
        (CallFormPage, workstream),
    ]:
        assert sync_wiring(client, model, parent) == wagtails_own, model.__name__

"""An alias shows its original's content. In the tree of another language it
would show that language's text: a French visitor would read Dutch under
/fr/. wagtail-localize makes such aliases of the untranslated parents of a
page it translates, and of every new page when a locale is set to synchronise
from another; Wagtail publishes an alias with its original each time. Here
such an alias never goes live: it waits, as a draft, until an editor
translates it ("Translate" turns it into a translation) or converts it."""

from wagtail.models import Page


def keep_aliases_across_languages_offline(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, Page) or not (instance.alias_of_id and instance.live):
        return
    if update_fields is not None and "live" not in update_fields:
        return
    original_locale = (
        Page.objects.filter(pk=instance.alias_of_id).values_list("locale_id", flat=True).first()
    )
    if original_locale is not None and original_locale != instance.locale_id:
        instance.live = False


def connect_signals():
    from django.db.models.signals import pre_save

    pre_save.connect(keep_aliases_across_languages_offline, dispatch_uid="aliases-across-languages")

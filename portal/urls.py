"""URL configuration: the admin outside the language prefix, every public
route inside `/nl/` and `/fr/`."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.sitemaps import PortalSitemap
from portal.accounts import urls as member_urls
from portal.accounts import views as member_views
from portal.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Wagtail's own log-in form would skip allauth's two-factor step, its
    # e-mail verification and its rate limits: editors log in like members.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # One sitemap for both languages, at the root where search engines look for it.
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PortalSitemap}}, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include(member_urls)),
    path("", include("trajecten.urls")),
    path("", include("verhalen.urls")),
    path("", include("search.urls")),
    # Instead of Wagtail's log-in form for restricted pages (see the view).
    path("_util/login/", member_views.restricted_content_login),
    # Wagtail serves every other path from the page tree; it comes last.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

"""The member's stories: write one, follow its moderation, change it while
it is not published. Views stay thin; the writes are in services.py."""

import logging
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import WorkflowState

from home.taxonomy import GuidingPrinciple, Theme
from home.templatetags.formatting import moment

from . import rules, services
from .forms import StoryForm
from .models import StoryPage, StoryPicture

logger = logging.getLogger(__name__)


def moderation(story):
    """(state, editor's comment) of a member's story, as the member sees it."""
    if story.live:
        return "published", ""
    state = services.workflow_state(story)
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        task_state = state.current_task_state
        return "changes", task_state.get_comment() if task_state else ""
    if state is not None:
        return "submitted", ""
    return "draft", ""


def limit_error(request, *, group, rate, message):
    """The form error for a request one too many for `rate` (counted per
    member by django-ratelimit; each call counts), None if it may go on.
    `message(limit)` says the limit, with %(limit)d and %(moment)s, the
    moment the member may send again."""
    usage = get_usage(request, group=group, key="user", rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    if usage["time_left"] < 0:
        # django-ratelimit's answer when the cache could not count (a cache
        # that swallows its errors, during an outage): the member is not
        # refused for that; the editors still moderate what comes in.
        logger.warning("Story limit %s not counted: the cache did not answer", group)
        return None
    again = timezone.now() + timedelta(seconds=max(usage["time_left"], 0))
    return message(usage["limit"]) % {"limit": usage["limit"], "moment": moment(again)}


def picture_url(story):
    """Where the member sees the picture of their story (not yet live): the
    one waiting privately, or the library image it had when published."""
    picture = story.pending_picture()
    if picture is not None:
        return picture.get_absolute_url()
    image = story.get_latest_revision_as_object().image
    return get_rendition_or_not_found(image, "max-640x480").url if image else None


@login_required
def my_stories(request):
    stories = StoryPage.objects.filter(author=request.user).order_by(
        "-latest_revision_created_at", "-pk"
    )
    pictures = {
        picture.story_id: picture
        for picture in StoryPicture.objects.filter(story__in=stories).select_related(
            "story__locale"
        )
    }
    rows = [(story, *moderation(story), pictures.get(story.pk)) for story in stories]
    return render(request, "verhalen/member/stories.html", {"rows": rows})


def _add_error(form, error):
    """A domain error next to its field, if the form shows that field."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def new_story(request):
    form = StoryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        too_many = limit_error(
            request,
            group="verhalen:new-story",
            rate=rules.NEW_STORIES_RATE,
            message=lambda limit: ngettext(
                "You can share at most %(limit)d new story a day. You can share the next one from %(moment)s.",
                "You can share at most %(limit)d new stories a day. You can share the next one from %(moment)s.",
                limit,
            ),
        )
        if too_many:
            form.add_error(None, too_many)
            return render(request, "verhalen/member/story_form.html", {"form": form}, status=429)
        try:
            services.submit_story(user=request.user, draft=form.draft(), language=get_language())
        except services.StoryError as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you! Your story is sent to the editors, who read it before it is published."
                ),
            )
            return redirect("member_stories")
    return render(request, "verhalen/member/story_form.html", {"form": form})


def _initial(story):
    latest = story.get_latest_revision_as_object()
    text = "".join(block.value.source for block in latest.body if block.block_type == "paragraph")
    return {
        "title": latest.title,
        "teaser": latest.teaser,
        "text": text,
        "themes": Theme.objects.in_active_locale().filter(
            translation_key__in=[t.translation_key for t in latest.themes.all()]
        ),
        "principles": GuidingPrinciple.objects.in_active_locale().filter(
            translation_key__in=[p.translation_key for p in latest.principles.all()]
        ),
        "anonymous": latest.anonymous,
        "province": latest.author_province,
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit_story(request, pk):
    # A member only ever reaches their own stories: another's is a 404. By
    # `id`, an integer field, which Django answers "none" for a number past
    # 64 bits; the `pk` of a page type is its link to the page, which passes
    # such a number to the database (an error on SQLite).
    story = get_object_or_404(StoryPage, id=pk, author=request.user)
    state, comment = moderation(story)
    if state == "published":
        messages.info(
            request, _("A published story can no longer be changed here. Write to the editors.")
        )
        return redirect("member_stories")
    form = StoryForm(
        request.POST or None,
        request.FILES or None,
        initial=_initial(story),
        picture_url=picture_url(story),
    )
    context = {"form": form, "story": story, "comment": comment}
    if request.method == "POST" and form.is_valid():
        too_many = limit_error(
            request,
            group="verhalen:story-change",
            rate=rules.STORY_CHANGES_RATE,
            message=lambda limit: ngettext(
                "You can send at most %(limit)d change a day to the editors. You can send the next one from %(moment)s.",
                "You can send at most %(limit)d changes a day to the editors. You can send the next one from %(moment)s.",
                limit,
            ),
        )
        if too_many:
            form.add_error(None, too_many)
            return render(request, "verhalen/member/story_form.html", context, status=429)
        try:
            services.update_story(story=story, user=request.user, draft=form.draft())
        except services.StoryError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Your changes are sent to the editors."))
            return redirect("member_stories")
    return render(request, "verhalen/member/story_form.html", context)


@never_cache
@login_required
def story_picture(request, key):
    """The picture a member sent with a story not yet published, by its random
    key: for its author, and for an editor who may edit the story (whose
    permissions count only with the second factor, see portal/accounts/two_factor.py);
    to anyone else it does not exist."""
    picture = get_object_or_404(StoryPicture.objects.select_related("story"), key=key)
    story = picture.story
    user = request.user
    is_editor = user.has_perm("wagtailadmin.access_admin") and (
        story.permissions_for_user(user).can_edit()
    )
    if story.author_id != user.pk and not is_editor:
        raise Http404
    try:
        content = picture.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # the record outlived its file: nothing to show
    response = FileResponse(content, content_type=picture.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Shown in the portal's own pages only.
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

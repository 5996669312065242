"""The member's stories: write one, follow its moderation, change it while
it is not published. Views stay thin; the writes are in services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import WorkflowState

from home.taxonomy import GuidingPrinciple, Theme

from . import services
from .forms import StoryForm
from .models import StoryPage


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


@login_required
def my_stories(request):
    stories = StoryPage.objects.filter(author=request.user).order_by(
        "-latest_revision_created_at", "-pk"
    )
    rows = [(story, *moderation(story)) for story in stories]
    return render(request, "verhalen/member/stories.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def new_story(request):
    form = StoryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_story(user=request.user, draft=form.draft(), language=get_language())
        except services.StoryError as error:
            form.add_error(None, error.message)
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
    # A member only ever reaches their own stories: another's is a 404.
    story = get_object_or_404(StoryPage, pk=pk, author=request.user)
    state, comment = moderation(story)
    if state == "published":
        messages.info(
            request, _("A published story can no longer be changed here. Write to the editors.")
        )
        return redirect("member_stories")
    form = StoryForm(request.POST or None, request.FILES or None, initial=_initial(story))
    if request.method == "POST" and form.is_valid():
        services.update_story(story=story, user=request.user, draft=form.draft())
        messages.success(request, _("Your changes are sent to the editors."))
        return redirect("member_stories")
    return render(
        request,
        "verhalen/member/story_form.html",
        {"form": form, "story": story, "comment": comment},
    )

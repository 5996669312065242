"""Attendance is kept per session (SessionAttendance): the one mark a
registration had moves to its session, or, for a trajectory edition, to
each session of the edition's modules, with who marked it and when (the
history line of the mark); then the old field goes."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

NOTES = ["attendance: present", "attendance: absent"]


def _edition_sessions(apps, edition):
    """The sessions below the edition: they live on the source (Dutch) pages,
    under whichever translation of the edition the registration names."""
    Page = apps.get_model("wagtailcore", "Page")
    Session = apps.get_model("trajecten", "Session")
    below = models.Q(pk__in=[])
    for path in Page.objects.filter(translation_key=edition.translation_key).values_list(
        "path", flat=True
    ):
        below |= models.Q(page__path__startswith=path)
    return list(Session.objects.filter(below).values_list("pk", flat=True))


def marks_to_sessions(apps, schema_editor):
    Registration = apps.get_model("trajecten", "Registration")
    RegistrationEvent = apps.get_model("trajecten", "RegistrationEvent")
    SessionAttendance = apps.get_model("trajecten", "SessionAttendance")
    marked = Registration.objects.exclude(attendance="").select_related("edition")
    sessions_of_edition = {}
    rows = []
    for registration in marked.iterator(chunk_size=500):
        last = (
            RegistrationEvent.objects.filter(registration=registration, note__in=NOTES)
            .order_by("-at", "-pk")
            .first()
        )
        if registration.session_id:
            sessions = [registration.session_id]
        else:
            if registration.edition_id not in sessions_of_edition:
                sessions_of_edition[registration.edition_id] = _edition_sessions(
                    apps, registration.edition
                )
            sessions = sessions_of_edition[registration.edition_id]
        rows += [
            SessionAttendance(
                registration_id=registration.pk,
                session_id=session,
                attendance=registration.attendance,
                marked_by_id=last.actor_id if last else None,
                marked_at=last.at if last else registration.updated_at,
            )
            for session in sessions
        ]
    SessionAttendance.objects.bulk_create(rows, batch_size=500)


def marks_to_registrations(apps, schema_editor):
    """Back to one mark per registration: the latest of its sessions'."""
    Registration = apps.get_model("trajecten", "Registration")
    SessionAttendance = apps.get_model("trajecten", "SessionAttendance")
    latest = {}
    for registration_id, attendance in SessionAttendance.objects.order_by(
        "marked_at", "pk"
    ).values_list("registration_id", "attendance"):
        latest[registration_id] = attendance
    for registration_id, attendance in latest.items():
        Registration.objects.filter(pk=registration_id).update(attendance=attendance)


class Migration(migrations.Migration):
    dependencies = [
        ("trajecten", "0012_registration_rules_and_seat_offers"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SessionAttendance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "attendance",
                    models.CharField(
                        choices=[("present", "Present"), ("absent", "Absent")],
                        max_length=10,
                        verbose_name="attendance",
                    ),
                ),
                (
                    "marked_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="marked at"
                    ),
                ),
                (
                    "marked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="marked by",
                    ),
                ),
                (
                    "registration",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attendances",
                        to="trajecten.registration",
                        verbose_name="registration",
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attendances",
                        to="trajecten.session",
                        verbose_name="session",
                    ),
                ),
            ],
            options={
                "verbose_name": "attendance",
                "verbose_name_plural": "attendance",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("registration", "session"), name="one_attendance_per_session"
                    )
                ],
            },
        ),
        migrations.RunPython(marks_to_sessions, marks_to_registrations),
        migrations.RemoveField(model_name="registration", name="attendance"),
    ]

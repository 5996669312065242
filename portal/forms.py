"""One way to render a form field everywhere: our own forms, allauth's and
Wagtail's form pages all use the same accessible field template."""

from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"

"""Forms of contacts (GOV.UK markup through core.forms)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regulator.contacts.types import (
    ContactKind,
    EnquiryKind,
    EntityRole,
    InteractionKind,
    Language,
    LanguageSource,
    LawfulBasis,
    PauseReason,
)
from regulator.core.forms import GovukForm

PUBLIC_KINDS = [
    (EnquiryKind.GENERAL, _("A general question")),
    (EnquiryKind.ADVICE_FINANCIAL, _("Advice on reporting donations, loans or spending")),
    (EnquiryKind.ADVICE_REGISTRATION, _("Advice on registering")),
    (EnquiryKind.COMPLAINT_STAGE_1, _("A complaint about us")),
    (EnquiryKind.FOI, _("A freedom of information request")),
    (EnquiryKind.EIR, _("An environmental information request")),
    (EnquiryKind.SAR, _("A copy of the personal data we hold about you")),
]


class PublicContactForm(GovukForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    kind = forms.ChoiceField(
        label=_("What is it about?"), choices=PUBLIC_KINDS, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Your message"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    language = forms.ChoiceField(
        label=_("Which language should we reply in?"),
        help_text=_("We welcome correspondence in Welsh and will reply in Welsh."),
        choices=Language.choices,
        widget=forms.RadioSelect,
    )
    attachment = forms.FileField(
        label=_("Attach a file (optional)"),
        help_text=_("A document or photo, up to 10 MB."),
        required=False,
    )

    def __init__(
        self, *args: object, entities: list[tuple[int, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        if entities:
            self.fields["entity"] = forms.TypedChoiceField(
                label=_("Which of your organisations is it about?"),
                choices=[("", _("None of them")), *[(str(pk), name) for pk, name in entities]],
                coerce=int,
                empty_value=None,
                required=False,
            )

    def clean_attachment(self) -> object:
        return attachment_checked(self.cleaned_data.get("attachment"))


class ContactForm(GovukForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=255)
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=[("", _("Not known yet")), *Language.choices],
        required=False,
    )
    lawful_basis = forms.ChoiceField(label=_("Lawful basis"), choices=LawfulBasis.choices)


class LanguageForm(GovukForm):
    language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)
    source = forms.ChoiceField(label=_("How it was recorded"), choices=LanguageSource.choices)


class LinkForm(GovukForm):
    entity_id = forms.IntegerField(label=_("Regulated entity number"), min_value=1)
    role = forms.ChoiceField(label=_("Role"), choices=EntityRole.choices)


class MergeForm(GovukForm):
    duplicate = forms.IntegerField(label=_("Contact number of the duplicate"), min_value=1)
    reason = forms.CharField(
        label=_("Why they are the same"), widget=forms.Textarea(attrs={"rows": 3})
    )


class InteractionForm(GovukForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=InteractionKind.choices)
    summary = forms.CharField(label=_("Summary"), max_length=200)
    body = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    guidance_slug = forms.SlugField(
        label=_("Guidance relied on (its address)"), required=False, max_length=100
    )
    restricted = forms.ChoiceField(label=_("Who may see it"), required=False)
    attachment = forms.FileField(
        label=_("Attach a file (optional)"),
        help_text=_("Kept as a record of the correspondence, up to 10 MB."),
        required=False,
    )

    def __init__(
        self, *args: object, teams: list[tuple[str, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["restricted"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All staff")), *(teams or [])]

    def clean_attachment(self) -> object:
        return attachment_checked(self.cleaned_data.get("attachment"))


MAX_ATTACHMENT = 10 * 1024 * 1024


def attachment_checked(upload: object) -> object:
    if upload is not None and getattr(upload, "size", 0) > MAX_ATTACHMENT:
        raise forms.ValidationError(_("The file must be smaller than 10 MB."))
    return upload


class EnquiryForm(GovukForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=EnquiryKind.choices)
    contact = forms.IntegerField(label=_("Contact number"), min_value=1)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("What was asked"), widget=forms.Textarea(attrs={"rows": 5}))
    language = forms.ChoiceField(label=_("Language it was written in"), choices=Language.choices)
    entity_id = forms.IntegerField(
        label=_("Regulated entity number (optional)"), required=False, min_value=1
    )
    holds = forms.CharField(
        label=_("Records it names (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PauseForm(GovukForm):
    reason = forms.ChoiceField(label=_("Why the clock stops"), choices=PauseReason.choices)


class ExtendForm(GovukForm):
    by = forms.IntegerField(
        label=_("Extend by (working days, or months for subject access)"), min_value=1, max_value=40
    )
    reason = forms.CharField(
        label=_("Reason given to the requester"), widget=forms.Textarea(attrs={"rows": 3})
    )


class EscalateForm(GovukForm):
    reason = forms.CharField(
        label=_("What the requester asked for"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(GovukForm):
    assignee = forms.ChoiceField(label=_("Assign to"))

    def __init__(
        self, *args: object, people: list[tuple[str, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = people or []


class ReplyForm(GovukForm):
    language = forms.ChoiceField(
        label=_("Language of the reply"), choices=Language.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 10}))
    guidance_slug = forms.SlugField(
        label=_("Guidance relied on (its address)"), required=False, max_length=100
    )


class BulkForm(GovukForm):
    role = forms.ChoiceField(label=_("Send to everyone with the role"), choices=EntityRole.choices)
    register = forms.ChoiceField(
        label=_("Register"),
        choices=[
            ("", _("Any")),
            ("great-britain", _("Great Britain")),
            ("northern-ireland", _("Northern Ireland")),
        ],
        required=False,
    )
    subject_en = forms.CharField(label=_("Subject in English"), max_length=150)
    body_en = forms.CharField(
        label=_("Message in English"), widget=forms.Textarea(attrs={"rows": 5})
    )
    subject_cy = forms.CharField(label=_("Subject in Welsh"), max_length=150)
    body_cy = forms.CharField(label=_("Message in Welsh"), widget=forms.Textarea(attrs={"rows": 5}))

"""Forms of cases (GOV.UK markup through core.forms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regulator.cases.types import (
    ASSESSMENT_CHECKLIST,
    AssessmentOutcome,
    Derivation,
    EvidenceKind,
    Finding,
    NoticeKind,
    Obtained,
    Relevance,
    RepresentationsOutcome,
    SanctionKind,
    Sensitivity,
    Service,
    TrackKind,
)
from regulator.core.forms import GovukForm

MAX_ATTACHMENT = 10 * 1024 * 1024
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]


def choices_set(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    """Give a choice field the choices known only when the form is made."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class AllegationForm(GovukForm):
    subject_name = forms.CharField(
        label=_("Who is it about?"),
        help_text=_("The party, campaigner, candidate or person, as you know them."),
        max_length=255,
    )
    offence = forms.ChoiceField(label=_("What kind of breach do you think it is?"), required=False)
    matter = forms.CharField(label=_("In a sentence, what happened?"), max_length=300)
    details = forms.CharField(
        label=_("Tell us what you know"),
        help_text=_(
            "Dates, amounts and where you saw it. Do not include other people's personal data you do not need to."
        ),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    offence_date = forms.DateField(
        label=_("When did it happen? (if you know)"),
        help_text=_("For example, 27/3/2026"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    attachment = forms.FileField(
        label=_("Attach a file (optional)"),
        help_text=_("A document, photo or screenshot, up to 10 MB."),
        required=False,
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Your email address (optional)"),
        help_text=_("We will send your reference here."),
        max_length=254,
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Which language should we write to you in?"),
        choices=LANGUAGES,
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        offences: list[tuple[str, str]],
        entities: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices_set(self, "offence", [("", _("I am not sure")), *offences])
        if entities:
            # A signed-in officer reporting their own organisation files a self-report.
            self.fields["own_entity"] = forms.TypedChoiceField(
                label=_("Are you reporting your own organisation?"),
                help_text=_(
                    "Telling us of your own breach is a self-report: we take it into account."
                ),
                choices=[("", _("No, someone else")), *[(str(pk), name) for pk, name in entities]],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.order_fields(["own_entity", *[n for n in self.fields if n != "own_entity"]])

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload is not None and upload.size > MAX_ATTACHMENT:
            raise forms.ValidationError(_("The file must be smaller than 10 MB."))
        return upload


class AssignForm(GovukForm):
    investigator = forms.ChoiceField(label=_("Investigator"))
    decision_maker = forms.ChoiceField(label=_("Case decision maker"))

    def __init__(
        self,
        *args: Any,
        investigators: list[tuple[str, str]],
        deciders: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices_set(self, "investigator", investigators)
        choices_set(self, "decision_maker", deciders)


class TeamAddForm(GovukForm):
    user = forms.ChoiceField(label=_("Colleague to add to the team"))

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_set(self, "user", people)


class ConflictForm(GovukForm):
    reason = forms.CharField(
        label=_("Your conflict of interest"), widget=forms.Textarea(attrs={"rows": 3})
    )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class AssessmentForm(GovukForm):
    outcome = forms.ChoiceField(
        label=_("Outcome of the assessment"),
        choices=AssessmentOutcome.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, question in ASSESSMENT_CHECKLIST.items():
            self.fields[f"q_{key}"] = forms.ChoiceField(
                label=question, choices=YES_NO, widget=forms.RadioSelect
            )
        order = [f"q_{key}" for key in ASSESSMENT_CHECKLIST] + ["outcome", "reason"]
        self.order_fields(order)

    def answers(self) -> dict[str, bool]:
        return {key: self.cleaned_data[f"q_{key}"] == "yes" for key in ASSESSMENT_CHECKLIST}


class EvidenceForm(GovukForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=EvidenceKind.choices, widget=forms.RadioSelect
    )
    obtained = forms.ChoiceField(label=_("How it was obtained"), choices=Obtained.choices)
    obtained_from = forms.CharField(label=_("Obtained from"), max_length=255, required=False)


class DeriveForm(GovukForm):
    derivation = forms.ChoiceField(
        label=_("What is it?"),
        choices=[c for c in Derivation.choices if c[0]],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=_("The copy"))
    tool = forms.CharField(label=_("Tool used, with its version"), max_length=200)
    purpose = forms.CharField(label=_("What was done, and why"), max_length=300)


class EvidenceDecisionForm(GovukForm):
    relevance = forms.ChoiceField(
        label=_("Relevance"),
        choices=[c for c in Relevance.choices if c[0]],
        widget=forms.RadioSelect,
    )
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity"),
        choices=[("", _("Not relevant: no schedule")), *[c for c in Sensitivity.choices if c[0]]],
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class FindingsForm(GovukForm):
    finding = forms.ChoiceField(
        label=_("Finding"), choices=Finding.choices, widget=forms.RadioSelect
    )
    reasonable_excuse = forms.BooleanField(
        label=_("A reasonable excuse was accepted"), required=False
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))


class NoticeFields(GovukForm):
    recipient = forms.CharField(label=_("Served on"), max_length=255)
    served_by = forms.ChoiceField(
        label=_("How it is served"), choices=Service.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(
        label=_("Language of the notice"), choices=LANGUAGES, widget=forms.RadioSelect
    )


class PowerNoticeForm(NoticeFields):
    kind = forms.ChoiceField(
        label=_("Notice"),
        choices=[
            (NoticeKind.DISCLOSURE, NoticeKind.DISCLOSURE.label),
            (NoticeKind.INVESTIGATION, NoticeKind.INVESTIGATION.label),
        ],
        widget=forms.RadioSelect,
    )
    requirements = forms.CharField(
        label=_("What the notice requires"), widget=forms.Textarea(attrs={"rows": 4})
    )
    due_days = forms.IntegerField(label=_("Days to comply"), min_value=1, max_value=365)


class SanctionForm(NoticeFields):
    kind = forms.ChoiceField(
        label=_("Sanction"), choices=SanctionKind.choices, widget=forms.RadioSelect
    )
    act = forms.CharField(label=_("The act it is for"), max_length=300)
    amount = forms.DecimalField(
        label=_("Amount in pounds (variable penalty only)"),
        required=False,
        min_value=0,
        decimal_places=2,
    )
    details = forms.CharField(
        label=_("Reasons given in the notice"), widget=forms.Textarea(attrs={"rows": 4})
    )


class RepresentationsForm(GovukForm):
    text = forms.CharField(
        label=_("Representations received"), widget=forms.Textarea(attrs={"rows": 4})
    )


class RepresentationsDecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=RepresentationsOutcome.choices, widget=forms.RadioSelect
    )
    amount = forms.DecimalField(
        label=_("New amount in pounds (if changed)"), required=False, min_value=0, decimal_places=2
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))


class FinalNoticeForm(NoticeFields):
    details = forms.CharField(
        label=_("Reasons given in the notice"), widget=forms.Textarea(attrs={"rows": 4})
    )


class PaymentForm(GovukForm):
    amount = forms.DecimalField(label=_("Amount paid in pounds"), min_value=0, decimal_places=2)
    paid_on = forms.DateField(
        label=_("Date paid"),
        help_text=_("For example, 27/3/2026"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )


class AppealForm(GovukForm):
    lodged_on = forms.DateField(
        label=_("Date the appeal was lodged"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )


class AppealDecisionForm(GovukForm):
    upheld = forms.ChoiceField(
        label=_("Did the appeal succeed?"), choices=YES_NO, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("The court's reasons"), widget=forms.Textarea(attrs={"rows": 3})
    )


class TrackForm(GovukForm):
    kind = forms.ChoiceField(label=_("Track"), choices=TrackKind.choices, widget=forms.RadioSelect)
    body = forms.CharField(label=_("Court or body"), max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublishForm(GovukForm):
    summary_en = forms.CharField(
        label=_("Summary of reasons (English)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    summary_cy = forms.CharField(
        label=_("Summary of reasons (Welsh)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CloseForm(GovukForm):
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class PurposeForm(GovukForm):
    purpose = forms.CharField(label=_("Why you need it"), max_length=300)


class ReferralForm(GovukForm):
    entity = forms.IntegerField(
        label=_("Regulated entity number (if it is one)"), required=False, min_value=1
    )
    subject_name = forms.CharField(label=_("Who is it about?"), max_length=255, required=False)
    offence = forms.ChoiceField(label=_("Suspected offence"), required=False)
    matter = forms.CharField(label=_("In a sentence, what happened?"), max_length=300)
    details = forms.CharField(
        label=_("What you found, and where"), widget=forms.Textarea(attrs={"rows": 6})
    )
    offence_date = forms.DateField(
        label=_("When did it happen? (if you know)"),
        help_text=_("For example, 27/3/2026"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )

    def __init__(self, *args: Any, offences: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_set(self, "offence", [("", _("I am not sure")), *offences])

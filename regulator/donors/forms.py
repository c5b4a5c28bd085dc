"""Forms of the donors area."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from regulator.finance.types import DONOR_STATUSES


class DonorSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or donor id"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Type of donor"), required=False)

    def __init__(self, *args: Any, statuses: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("Any type"))] + [
            (value, DONOR_STATUSES.get(value, value)) for value in statuses
        ]
        self.fields["q"].error_messages["max_length"] = _(
            "Enter a name of 200 characters or fewer."
        )
        self.fields["status"].error_messages["invalid_choice"] = _(
            "Choose a type of donor from the list."
        )


class PairDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Are these the same donor?"),
        choices=[("same", _("Yes, the same donor")), ("different", _("No, different donors"))],
        error_messages={"required": _("Say whether these are the same donor.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Give the reason for the decision.")},
    )


class SplitForm(forms.Form):
    records = forms.MultipleChoiceField(
        label=_("Records to take out of this donor"),
        error_messages={
            "required": _("Choose the records that belong to a different donor."),
            "invalid_choice": _("Choose records that belong to this donor."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Give the reason for the decision.")},
    )

    def __init__(self, *args: Any, record_keys: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["records"]).choices = [
            (key, key) for key in record_keys
        ]


class MergeForm(forms.Form):
    donor_ids = forms.CharField(
        label=_("Donor ids to merge"),
        help_text=_("Two or more, separated by spaces or commas, for example D0000012 D0000034"),
        max_length=500,
        error_messages={"required": _("Enter the ids of the donors to merge.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Give the reason for the decision.")},
    )

    def clean_donor_ids(self) -> list[str]:
        from regulator.donors.selectors import donor_get

        raw = self.cleaned_data["donor_ids"].replace(",", " ").split()
        found = []
        for item in raw:
            donor = donor_get(item)
            if donor is None or not donor.active:
                raise forms.ValidationError(
                    _("%(id)s is not the id of a current donor.") % {"id": item[:20]}
                )
            found.append(donor.donor_id)
        unique = list(dict.fromkeys(found))
        if len(unique) < 2:
            raise forms.ValidationError(_("Enter at least two different donor ids."))
        return unique

"""The register's public types: kinds and statuses of regulated entities, officers and
applications, and the roles through which filers act for an entity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from regulator.core.hooks import Hook


class EntityType(models.TextChoices):
    POLITICAL_PARTY = "political-party", _("Political Party")
    THIRD_PARTY = "third-party", _("Third Party")
    REGULATED_DONEE = "regulated-donee", _("Regulated Donee")
    PERMITTED_PARTICIPANT = "permitted-participant", _("Permitted Participant")


class Register(models.TextChoices):
    GREAT_BRITAIN = "great-britain", _("Great Britain")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")
    NONE = "", _("None")


class EntityStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    DEREGISTERED = "deregistered", _("Deregistered")


class OfficerRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    TREASURER = "treasurer", _("Treasurer")
    NOMINATING_OFFICER = "nominating-officer", _("Nominating officer")
    CAMPAIGNS_OFFICER = "campaigns-officer", _("Campaigns officer")
    RESPONSIBLE_PERSON = "responsible-person", _("Responsible person")


class DoneeType(models.TextChoices):
    MP = "mp", _("MP - Member of Parliament")
    MSP = "msp", _("MSP - Member of the Scottish Parliament")
    MS = "ms", _("MS - Member of the Senedd")
    MLA = "mla", _("MLA - Member of the Legislative Assembly")
    MAYOR = "mayor", _("Mayor")
    COUNCILLOR = "councillor", _("Councillor")
    PCC = "pcc", _("Police and Crime Commissioner")
    MEMBERS_ASSOCIATION = "members-association", _("Members Association")
    PARTY_MEMBER = "party-member", _("Regulated Party Member")
    LEADERSHIP_CANDIDATE = "leadership-candidate", _("Leadership Candidate")


class ApplicationKind(models.TextChoices):
    PARTY_REGISTRATION = "party-registration", _("Register a political party")
    CAMPAIGNER_NOTIFICATION = "campaigner-notification", _("Notify as a non-party campaigner")
    TREASURER_CHANGE = "treasurer-change", _("Change of treasurer")
    ACCOUNTING_UNIT = "accounting-unit", _("New accounting unit")
    NAME_CHANGE = "name-change", _("Change of name")
    DEREGISTRATION = "deregistration", _("Voluntary deregistration")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting decision")
    CHANGES_REQUESTED = "changes-requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    REGISTERED = "registered", _("Registered")


NEW_ENTITY_KINDS = frozenset(
    {ApplicationKind.PARTY_REGISTRATION, ApplicationKind.CAMPAIGNER_NOTIFICATION}
)
OPEN_STATUSES = frozenset({ApplicationStatus.SUBMITTED})
EDITABLE_STATUSES = frozenset({ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED})


class MembershipRole(models.TextChoices):
    TREASURER = "treasurer", _("Treasurer")
    DEPUTY_TREASURER = "deputy-treasurer", _("Deputy treasurer")
    RESPONSIBLE_PERSON = "responsible-person", _("Responsible person")
    DONEE = "donee", _("Regulated donee")
    CAMPAIGNS_OFFICER = "campaigns-officer", _("Campaigns officer")
    AGENT = "agent", _("Agent")
    VIEWER = "viewer", _("Viewer")


# Those who may declare and submit a return (the law makes them answerable for it).
DECLARING_ROLES = frozenset(
    {
        MembershipRole.TREASURER,
        MembershipRole.DEPUTY_TREASURER,
        MembershipRole.RESPONSIBLE_PERSON,
        MembershipRole.DONEE,
    }
)
# Those who may prepare returns (create, edit, upload, remove documents, start amendments):
# every role but the read-only ones, viewer and agent.
WRITING_ROLES = frozenset(
    {
        MembershipRole.TREASURER,
        MembershipRole.DEPUTY_TREASURER,
        MembershipRole.RESPONSIBLE_PERSON,
        MembershipRole.DONEE,
        MembershipRole.CAMPAIGNS_OFFICER,
    }
)
# Read-only memberships: they see their entity's returns and change nothing.
READ_ONLY_ROLES = frozenset({MembershipRole.AGENT, MembershipRole.VIEWER})
# Those who may grant and revoke memberships for their entity.
GRANTING_ROLES = frozenset({MembershipRole.TREASURER, MembershipRole.RESPONSIBLE_PERSON})


@dataclass(frozen=True)
class EntityPageSection:
    """A part of an entity's public register page that a higher area owns (e.g. cases'
    published enforcement outcomes): a heading, a template and its context, by ``order``."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


# Called with the entity's id when its public page is shown; each subscriber returns an
# EntityPageSection, or None when it has nothing public to show for that entity.
ENTITY_PAGE_SECTIONS: Hook[int] = Hook("register.entity_page_sections")

"""Guidance documents, their versions and blocks, the search index and the polls whose
key dates are shown.

A version carries both languages: it is reviewed and published as one, with the Welsh
either ready or marked as to follow (``welsh_status``, ``welsh_expected_on``). Published
versions are never changed or deleted; "the guidance in force on date X" is the
published version with the latest ``effective_from`` on or before X.

Records (issue 16, built in parallel): a published version is a record of the
Commission's guidance and will be declared to ``records`` (its file plan and retention)
from ``services.version_publish`` once that area offers its door; until then nothing
here depends on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regulator.guidance.types import (
    Audience,
    BlockKind,
    Topic,
    VersionStatus,
    WelshStatus,
)


class Document(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    audience = models.CharField(max_length=40, choices=Audience.choices)
    topic = models.CharField(max_length=40, choices=Topic.choices)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class Version(models.Model):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    title_en = models.CharField(_("title in English"), max_length=200)
    title_cy = models.CharField(_("title in Welsh"), max_length=200, blank=True, default="")
    summary_en = models.TextField(_("summary in English"), blank=True, default="")
    summary_cy = models.TextField(_("summary in Welsh"), blank=True, default="")
    change_note_en = models.TextField(_("change note in English"), blank=True, default="")
    change_note_cy = models.TextField(_("change note in Welsh"), blank=True, default="")
    welsh_status = models.CharField(
        max_length=10, choices=WelshStatus.choices, default=WelshStatus.READY
    )
    welsh_expected_on = models.DateField(null=True, blank=True)
    effective_from = models.DateField(null=True, blank=True)
    publish_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True, default="")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="guidance_version_number")
        ]
        indexes = [models.Index(fields=["status", "effective_from"], name="guidance_ver_status")]

    def __str__(self) -> str:
        return f"{self.document.slug} v{self.number}"

    def title(self, language: str) -> str:
        return self.title_cy if language == "cy" and self.title_cy else self.title_en

    def summary(self, language: str) -> str:
        return self.summary_cy if language == "cy" else self.summary_en

    def change_note(self, language: str) -> str:
        return (
            self.change_note_cy if language == "cy" and self.change_note_cy else self.change_note_en
        )

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    @property
    def welsh_ready(self) -> bool:
        return self.welsh_status == WelshStatus.READY


class Block(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=BlockKind.choices)
    # A heading's anchor is permanent: it is kept from version to version so that links
    # (the rules catalogue, contacts' advice, bookmarks) keep pointing at the section.
    anchor = models.SlugField(max_length=100, blank=True, default="")
    text_en = models.TextField(blank=True, default="")
    text_cy = models.TextField(blank=True, default="")
    figure_code = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return f"{self.version} #{self.position} {self.kind}"

    def text(self, language: str) -> str:
        return self.text_cy if language == "cy" else self.text_en


class SearchEntry(models.Model):
    """One searchable text per document and language: the version in force today (the
    SQLite FTS5 table ``guidance_searchentry_fts`` mirrors it; PostgreSQL indexes the
    text itself, see the migration)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=2)
    title = models.CharField(max_length=200)
    body = models.TextField()
    # Title and body lower-cased with accents removed (PostgreSQL matches on it, so
    # "cwmniau" finds "cwmnïau" as FTS5's remove_diacritics does on SQLite).
    folded = models.TextField(default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "language"], name="guidance_search_doc")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}/{self.language}"


class Poll(models.Model):
    """A forthcoming poll whose key dates are shown (Democracy Club's election id)."""

    election_id = models.CharField(max_length=100, unique=True)
    country = models.CharField(max_length=20)
    name_en = models.CharField(max_length=200)
    name_cy = models.CharField(max_length=200)
    poll_date = models.DateField()
    general_election = models.BooleanField(default=False)

    class Meta:
        ordering = ["poll_date", "election_id"]

    def __str__(self) -> str:
        return self.election_id

    def name(self, language: str) -> str:
        return self.name_cy if language == "cy" else self.name_en

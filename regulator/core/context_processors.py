"""Values every page template needs: the service name and the language switch."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def service(request: HttpRequest) -> dict[str, object]:
    current = get_language() or settings.LANGUAGE_CODE
    other = "en" if current == "cy" else "cy"
    return {
        "service_name": settings.SERVICE_NAME,
        "current_language": current,
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
    }

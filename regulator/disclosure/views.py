"""Placeholder entry point; the published-data issue replaces it with the real search."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def search(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosure/search.html")

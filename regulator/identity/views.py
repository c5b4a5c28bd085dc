"""Placeholder entry points; the identity issue replaces them with the real sign-in flows."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def filer_start(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/filer_start.html")


def staff_sign_in(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/staff_sign_in.html")

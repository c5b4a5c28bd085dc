"""The step-by-step answers: one question a page (GET forms, no JavaScript), then a
result whose address holds every answer, so it can be shared or bookmarked."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from regulator.guidance import answer_flows, answers, selectors


def _flow(slug: str) -> answers.Flow:
    flow = answer_flows.FLOWS.get(slug)
    if flow is None:
        raise Http404
    return flow


def answer_list(request: HttpRequest) -> HttpResponse:
    flows = [
        (flow.title(), flow.intro(), reverse("guidance:answer", kwargs={"slug": flow.slug}))
        for flow in answer_flows.FLOWS.values()
    ]
    return render(request, "guidance/answers.html", {"flows": flows})


def answer(request: HttpRequest, slug: str) -> HttpResponse:
    flow = _flow(slug)
    try:
        given = answers.answers_read(flow, request.GET, submitted=request.GET.get("asked", ""))
    except answers.Incomplete as missing:
        question = missing.question
        try:
            earlier = answers.answers_read(flow, request.GET)
        except answers.Incomplete:
            earlier = {}
        # Only the answers before this question are carried on.
        names = [q.name for q in flow.questions]
        before = names[: names.index(question.name)]
        hidden = [
            (name, value)
            for name, value in answers.canonical(flow, _partial(flow, request))
            if name in before
        ]
        raw = request.GET.get(question.name, "")
        return render(
            request,
            "guidance/answer_question.html",
            {
                "flow": flow,
                "title": flow.title(),
                "question": question,
                "label": answer_flows.question_label(
                    flow, question, {**earlier, **_partial(flow, request)}
                ),
                "hint": question.hint(),
                "choices": question.choices(),
                "error": missing.error,
                "hidden": hidden,
                "value": raw,
                "date_parts": {
                    part: request.GET.get(f"{question.name}-{part}", "")
                    for part in ("day", "month", "year")
                },
                "start": not hidden and not missing.error,
            },
            status=400 if missing.error else 200,
        )
    query = urlencode(answers.canonical(flow, given))
    return redirect(reverse("guidance:answer_result", kwargs={"slug": slug}) + f"?{query}")


def _partial(flow: answers.Flow, request: HttpRequest) -> answers.Answers:
    """The answers that are valid, in order, up to the first missing or bad one."""
    out: answers.Answers = {}
    for question in flow.questions:
        if not question.asked(out):
            continue
        try:
            out[question.name] = answers.clean_answer(
                question, answers.raw_answer(request.GET, question)
            )
        except ValueError:
            break
    return out


def answer_result(request: HttpRequest, slug: str) -> HttpResponse:
    flow = _flow(slug)
    try:
        given = answers.answers_read(flow, request.GET)
    except answers.Incomplete:
        query = request.GET.urlencode()
        return redirect(
            reverse("guidance:answer", kwargs={"slug": slug}) + (f"?{query}" if query else "")
        )
    outcome = flow.decide(given)
    canonical = answers.canonical(flow, given)
    summary = []
    for question in flow.questions:
        if question.name not in given:
            continue
        others = [(name, value) for name, value in canonical if name != question.name]
        summary.append(
            {
                "label": answer_flows.question_label(flow, question, given),
                "value": answers.display(question, given[question.name]),
                "change_url": reverse("guidance:answer", kwargs={"slug": slug})
                + "?"
                + urlencode(others),
                "name": question.name,
            }
        )
    sections = [
        {
            "url": selectors.section_url(ref),
            "title": selectors.reference_label(ref, _language(request)),
        }
        for ref in dict.fromkeys(outcome.sections)
    ]
    return render(
        request,
        "guidance/answer_result.html",
        {
            "flow": flow,
            "title": flow.title(),
            "outcome": outcome,
            "summary": summary,
            "sections": sections,
            "share_url": request.build_absolute_uri(),
            "restart_url": reverse("guidance:answer", kwargs={"slug": slug}),
        },
    )


def _language(request: HttpRequest) -> str:
    return "cy" if getattr(request, "LANGUAGE_CODE", "en") == "cy" else "en"

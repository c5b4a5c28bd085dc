"""The notices' templates, versioned: a change of wording is a new version, and each
notice keeps the version it was made from. Placeholders are filled from the case:
reference, recipient, subject, provision, offence, amount, issued, received, due, body."""

from __future__ import annotations

from dataclasses import dataclass

from regulator.cases.types import NoticeKind


@dataclass(frozen=True)
class NoticeTemplate:
    version: str
    en: str
    cy: str

    def text(self, language: str) -> str:
        return self.cy if language == "cy" else self.en


_SERVED_EN = "To: %(recipient)s\n\nCase %(reference)s, about %(subject)s. Issued on %(issued)s; treated as received on %(received)s."
_SERVED_CY = "At: %(recipient)s\n\nAchos %(reference)s, ynghylch %(subject)s. Dyddiad cyhoeddi: %(issued)s; ystyrir iddo ddod i law ar %(received)s."

TEMPLATES = {
    NoticeKind.DISCLOSURE: NoticeTemplate(
        "2026-1",
        _SERVED_EN
        + "\n\nUnder paragraph 1 of Schedule 19B to the Political Parties, Elections and Referendums Act 2000 the Electoral Commission requires you to produce the documents and give the explanations set out below by %(due)s.\n\n%(body)s\n\nFailing without reasonable excuse to comply with this notice is an offence.",
        _SERVED_CY
        + "\n\nO dan baragraff 1 o Atodlen 19B i Ddeddf Pleidiau Gwleidyddol, Etholiadau a Refferenda 2000 mae'r Comisiwn Etholiadol yn ei gwneud yn ofynnol i chi gyflwyno'r dogfennau a rhoi'r esboniadau a nodir isod erbyn %(due)s.\n\n%(body)s\n\nMae methu â chydymffurfio â'r hysbysiad hwn heb esgus rhesymol yn drosedd.",
    ),
    NoticeKind.INVESTIGATION: NoticeTemplate(
        "2026-1",
        _SERVED_EN
        + "\n\nThe Commission has reasonable grounds to suspect that an offence or contravention has been committed under %(provision)s (%(offence)s). Under paragraph 3 of Schedule 19B you are required to provide the documents, information and explanations set out below by %(due)s.\n\n%(body)s",
        _SERVED_CY
        + "\n\nMae gan y Comisiwn sail resymol dros amau bod trosedd neu dor-rheol wedi'i chyflawni o dan %(provision)s (%(offence)s). O dan baragraff 3 o Atodlen 19B mae'n ofynnol i chi ddarparu'r dogfennau, y wybodaeth a'r esboniadau a nodir isod erbyn %(due)s.\n\n%(body)s",
    ),
    NoticeKind.INTENT: NoticeTemplate(
        "2026-1",
        _SERVED_EN
        + "\n\nThe Commission is satisfied beyond reasonable doubt that an offence has been committed under %(provision)s: %(offence)s. It proposes a sanction of %(amount)s.\n\n%(body)s\n\nYou may make written representations and objections to the Commission by %(due)s. Where this notice proposes a fixed monetary penalty you may discharge your liability by paying %(amount)s by that date.",
        _SERVED_CY
        + "\n\nMae'r Comisiwn yn fodlon y tu hwnt i amheuaeth resymol bod trosedd wedi'i chyflawni o dan %(provision)s: %(offence)s. Mae'n cynnig cosb o %(amount)s.\n\n%(body)s\n\nGallwch gyflwyno sylwadau a gwrthwynebiadau ysgrifenedig i'r Comisiwn erbyn %(due)s. Os yw'r hysbysiad hwn yn cynnig cosb ariannol benodedig, gallwch ryddhau eich atebolrwydd drwy dalu %(amount)s erbyn y dyddiad hwnnw.",
    ),
    NoticeKind.FINAL: NoticeTemplate(
        "2026-1",
        _SERVED_EN
        + "\n\nHaving considered any representations, the Commission imposes a sanction of %(amount)s for the offence under %(provision)s: %(offence)s.\n\n%(body)s\n\nPayment is due by %(due)s. A fixed monetary penalty not paid in time increases by 25%%, and by 50%% if unpaid 56 days after receipt of this notice. You may appeal within 28 days of receiving this notice.",
        _SERVED_CY
        + "\n\nAr ôl ystyried unrhyw sylwadau, mae'r Comisiwn yn gosod cosb o %(amount)s am y drosedd o dan %(provision)s: %(offence)s.\n\n%(body)s\n\nRhaid talu erbyn %(due)s. Os na chaiff cosb ariannol benodedig ei thalu mewn pryd, bydd yn cynyddu 25%%, a 50%% os na chaiff ei thalu 56 diwrnod ar ôl i'r hysbysiad hwn ddod i law. Gallwch apelio o fewn 28 diwrnod i'r hysbysiad hwn ddod i law.",
    ),
    NoticeKind.COMPLIANCE: NoticeTemplate(
        "2026-1",
        _SERVED_EN
        + "\n\nThe Commission requires you to take the following steps, by %(due)s, to secure that the offence under %(provision)s does not continue or recur.\n\n%(body)s\n\nYou may appeal within 28 days.",
        _SERVED_CY
        + "\n\nMae'r Comisiwn yn ei gwneud yn ofynnol i chi gymryd y camau canlynol, erbyn %(due)s, i sicrhau nad yw'r drosedd o dan %(provision)s yn parhau nac yn digwydd eto.\n\n%(body)s\n\nGallwch apelio o fewn 28 diwrnod.",
    ),
    NoticeKind.RESTORATION: NoticeTemplate(
        "2026-1",
        _SERVED_EN
        + "\n\nThe Commission requires you to take the following steps, by %(due)s, to restore the position to what it would have been had the offence under %(provision)s not been committed.\n\n%(body)s\n\nYou may appeal within 28 days.",
        _SERVED_CY
        + "\n\nMae'r Comisiwn yn ei gwneud yn ofynnol i chi gymryd y camau canlynol, erbyn %(due)s, i adfer y sefyllfa i'r hyn a fyddai wedi bod pe na bai'r drosedd o dan %(provision)s wedi'i chyflawni.\n\n%(body)s\n\nGallwch apelio o fewn 28 diwrnod.",
    ),
    NoticeKind.STOP: NoticeTemplate(
        "2026-1",
        _SERVED_EN
        + "\n\nThe Commission prohibits you from carrying on the activity set out below until you have taken the steps it specifies. Grounds, steps and consequences:\n\n%(body)s\n\nYou may appeal. A completion certificate is decided within 14 days of your application.",
        _SERVED_CY
        + "\n\nMae'r Comisiwn yn eich gwahardd rhag cyflawni'r gweithgaredd a nodir isod nes i chi gymryd y camau y mae'n eu nodi. Seiliau, camau a chanlyniadau:\n\n%(body)s\n\nGallwch apelio. Penderfynir ar dystysgrif cwblhau o fewn 14 diwrnod i'ch cais.",
    ),
    NoticeKind.UNDERTAKING: NoticeTemplate(
        "2026-1",
        _SERVED_EN
        + "\n\nThe Commission accepts the enforcement undertaking below. Its terms, the period for completing it, how compliance will be judged and the consequences of not complying:\n\n%(body)s",
        _SERVED_CY
        + "\n\nMae'r Comisiwn yn derbyn yr ymgymeriad gorfodi isod. Ei delerau, y cyfnod ar gyfer ei gwblhau, sut y bernir cydymffurfiaeth a chanlyniadau peidio â chydymffurfio:\n\n%(body)s",
    ),
    NoticeKind.CERTIFICATE: NoticeTemplate(
        "2026-1",
        _SERVED_EN
        + "\n\nThe Commission certifies that the steps required have been completed.\n\n%(body)s",
        _SERVED_CY
        + "\n\nMae'r Comisiwn yn ardystio bod y camau gofynnol wedi'u cwblhau.\n\n%(body)s",
    ),
}

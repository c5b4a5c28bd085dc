"""The guidance the platform ships with: one document or more for each audience, in
English and Welsh, whose sections the rules catalogue links to
(``filings/rules/guidance_links.py``). ``demo.py`` loads it through the services (drafted,
reviewed by a second person, published), and tests load it the same way.

Figures are never written here: ``[[code]]`` shows the statutory figure in force on the
date the page is read for, and a ``figure`` block shows one with its date of effect.

Each block: (kind, anchor, English, Welsh, figure code).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

H, P, S, E, T, M, SH, W, F = (
    "heading",
    "paragraph",
    "step",
    "example",
    "table",
    "must",
    "should",
    "warning",
    "figure",
)


def _b(
    kind: str, en: str, cy: str, anchor: str = "", figure: str = ""
) -> tuple[str, str, str, str, str]:
    return (kind, anchor, en, cy, figure)


DONATIONS_V1 = [
    _b(H, "What is a donation", "Beth yw rhodd", "what-is-a-donation"),
    _b(
        P,
        "A donation is money, goods or services given to you free or on better than commercial terms. Anything worth [[donation_minimum]] or less is not a donation under the law.",
        "Rhodd yw arian, nwyddau neu wasanaethau a roddir i chi am ddim neu ar delerau gwell na thelerau masnachol. Nid yw unrhyw beth sy'n werth [[donation_minimum]] neu lai yn rhodd o dan y gyfraith.",
    ),
    _b(H, "Reporting thresholds", "Trothwyon adrodd", "reporting-thresholds"),
    _b(
        M,
        "The central party must report a donation over [[central_reporting_threshold]], and an accounting unit one over [[accounting_unit_threshold]].",
        "Rhaid i'r blaid ganolog adrodd rhodd dros [[central_reporting_threshold]], a rhaid i uned gyfrifyddu adrodd un dros [[accounting_unit_threshold]].",
    ),
    _b(
        F,
        "Reporting threshold for the central party:",
        "Trothwy adrodd ar gyfer y blaid ganolog:",
        figure="central_reporting_threshold",
    ),
    _b(H, "Who can give", "Pwy gaiff roi", "who-can-give"),
    _b(
        P,
        "You may accept a donation only from a permissible source: an individual on a UK electoral register, a UK company carrying on business in the UK, a registered party, a trade union, a building society, a limited liability partnership, a friendly society or an unincorporated association based in the UK.",
        "Dim ond gan ffynhonnell a ganiateir y cewch dderbyn rhodd: unigolyn ar gofrestr etholiadol yn y DU, cwmni yn y DU sy'n cynnal busnes yn y DU, plaid gofrestredig, undeb llafur, cymdeithas adeiladu, partneriaeth atebolrwydd cyfyngedig, cymdeithas gyfeillgar neu gymdeithas anghorfforedig yn y DU.",
    ),
    _b(H, "Impermissible donations", "Rhoddion nas caniateir", "impermissible-donations"),
    _b(
        M,
        "You must return an impermissible donation within [[impermissible_return_days]] of receiving it, and record what you did and when.",
        "Rhaid i chi ddychwelyd rhodd nas caniateir o fewn [[impermissible_return_days]] i'w chael, a chofnodi beth wnaethoch chi a phryd.",
    ),
    _b(H, "Individuals on the register", "Unigolion ar y gofrestr", "individuals-on-the-register"),
    _b(
        S,
        "Check that the donor is on a UK electoral register on the date you receive the gift.",
        "Gwiriwch fod y rhoddwr ar gofrestr etholiadol yn y DU ar y dyddiad y cewch y rhodd.",
    ),
    _b(S, "Keep a record of how you checked.", "Cadwch gofnod o sut y gwnaethoch wirio."),
    _b(H, "Checking company donors", "Gwirio rhoddwyr sy'n gwmnïau", "checking-company-donors"),
    _b(
        P,
        "A company must be registered and incorporated in the UK and carrying on business in the UK on the date of the gift. Give its Companies House number, for example 01234567.",
        "Rhaid i gwmni fod wedi'i gofrestru a'i gorffori yn y DU ac yn cynnal busnes yn y DU ar ddyddiad y rhodd. Rhowch ei rif yn Nhŷ'r Cwmnïau, er enghraifft 01234567.",
    ),
    _b(
        W,
        "A company that files dormant accounts may not be carrying on business. Check before you accept.",
        "Efallai nad yw cwmni sy'n cyflwyno cyfrifon segur yn cynnal busnes. Gwiriwch cyn derbyn.",
    ),
    _b(H, "Irish sources", "Ffynonellau Gwyddelig", "irish-sources"),
    _b(
        P,
        "Parties and campaigners in Northern Ireland may also accept donations from certain Irish sources. Elsewhere these are not permissible.",
        "Caiff pleidiau ac ymgyrchwyr yng Ngogledd Iwerddon hefyd dderbyn rhoddion gan rai ffynonellau Gwyddelig. Mewn mannau eraill ni chaniateir y rhain.",
    ),
    _b(
        H,
        "Unincorporated associations",
        "Cymdeithasau anghorfforedig",
        "unincorporated-associations",
    ),
    _b(
        M,
        "An unincorporated association that gives more than [[unincorporated_association_registration]] in a calendar year must register with the Commission.",
        "Rhaid i gymdeithas anghorfforedig sy'n rhoi mwy na [[unincorporated_association_registration]] mewn blwyddyn galendr gofrestru gyda'r Comisiwn.",
    ),
    _b(H, "Recording the value", "Cofnodi'r gwerth", "recording-the-value"),
    _b(
        P,
        "Record the value in pounds. For goods and services, use the market value: what you would have paid on commercial terms.",
        "Cofnodwch y gwerth mewn punnoedd. Ar gyfer nwyddau a gwasanaethau, defnyddiwch werth y farchnad: yr hyn y byddech wedi'i dalu ar delerau masnachol.",
    ),
    _b(
        E,
        "Free use of an office worth £3,000 for the year is a donation of £3,000.",
        "Mae defnyddio swyddfa am ddim sy'n werth £3,000 am y flwyddyn yn rhodd o £3,000.",
    ),
]

DONATIONS_V2 = [
    *DONATIONS_V1[:5],
    _b(
        T,
        "Who receives | Report a gift over\nCentral party | [[central_reporting_threshold]]\nAccounting unit | [[accounting_unit_threshold]]\nAfter a first report in the year | [[further_gift_threshold]]",
        "Pwy sy'n cael | Adrodd rhodd dros\nY blaid ganolog | [[central_reporting_threshold]]\nUned gyfrifyddu | [[accounting_unit_threshold]]\nAr ôl adroddiad cyntaf yn y flwyddyn | [[further_gift_threshold]]",
    ),
    _b(H, "Adding up gifts from one source", "Adio rhoddion gan un ffynhonnell", "aggregation"),
    _b(
        M,
        "You must add up gifts over [[donation_minimum]] from the same source in a calendar year, donations and loans together. When the total passes the threshold, report each of them and mark them as aggregated.",
        "Rhaid i chi adio rhoddion dros [[donation_minimum]] gan yr un ffynhonnell mewn blwyddyn galendr, rhoddion a benthyciadau gyda'i gilydd. Pan fydd y cyfanswm yn mynd dros y trothwy, adroddwch bob un ohonynt a nodwch eu bod wedi'u cyfuno.",
    ),
    _b(
        SH,
        "You should keep a running total for each source so that you know when you pass the threshold.",
        "Dylech gadw cyfanswm cyfredol ar gyfer pob ffynhonnell er mwyn gwybod pryd y byddwch yn mynd dros y trothwy.",
    ),
    *DONATIONS_V1[5:],
]

DOCUMENTS: list[dict[str, Any]] = [
    {
        "slug": "donations-to-parties",
        "audience": "parties",
        "topic": "donations",
        "versions": [
            {
                "effective_from": dt.date(2023, 1, 1),
                "title": ("Donations to political parties", "Rhoddion i bleidiau gwleidyddol"),
                "summary": (
                    "What counts as a donation, who may give, and when to report it.",
                    "Beth sy'n cyfrif fel rhodd, pwy gaiff roi, a phryd i'w hadrodd.",
                ),
                "note": ("First published.", "Cyhoeddwyd gyntaf."),
                "blocks": DONATIONS_V1,
            },
            {
                "effective_from": dt.date(2024, 1, 1),
                "title": ("Donations to political parties", "Rhoddion i bleidiau gwleidyddol"),
                "summary": (
                    "What counts as a donation, who may give, and when to report it.",
                    "Beth sy'n cyfrif fel rhodd, pwy gaiff roi, a phryd i'w hadrodd.",
                ),
                "note": (
                    "Thresholds raised from 1 January 2024 (S.I. 2023/1235); new section on adding up gifts from one source and a table of thresholds.",
                    "Codwyd y trothwyon o 1 Ionawr 2024 (O.S. 2023/1235); adran newydd ar adio rhoddion gan un ffynhonnell a thabl o drothwyon.",
                ),
                "blocks": DONATIONS_V2,
            },
        ],
    },
    {
        "slug": "loans-to-parties",
        "audience": "parties",
        "topic": "loans",
        "versions": [
            {
                "effective_from": dt.date(2024, 1, 1),
                "title": ("Loans to political parties", "Benthyciadau i bleidiau gwleidyddol"),
                "summary": (
                    "Reporting loans, credit facilities and securities.",
                    "Adrodd benthyciadau, cyfleusterau credyd a gwarantau.",
                ),
                "note": ("First published.", "Cyhoeddwyd gyntaf."),
                "blocks": [
                    _b(H, "Reporting loans", "Adrodd benthyciadau", "reporting-loans"),
                    _b(
                        P,
                        "A loan over [[donation_minimum]] is regulated. Report it by the same thresholds as donations.",
                        "Mae benthyciad dros [[donation_minimum]] yn cael ei reoleiddio. Adroddwch ef yn ôl yr un trothwyon â rhoddion.",
                    ),
                    _b(H, "Loan details", "Manylion y benthyciad", "loan-details"),
                    _b(
                        M,
                        "You must give the start date, the rate of interest, and the amounts repaid, converted and outstanding. They must add up to the value of the loan.",
                        "Rhaid i chi roi'r dyddiad dechrau, y gyfradd llog, a'r symiau a ad-dalwyd, a drowyd yn rhodd ac sy'n weddill. Rhaid iddynt ddod i werth y benthyciad.",
                    ),
                    _b(H, "Loan status", "Statws y benthyciad", "loan-status"),
                    _b(
                        P,
                        "Mark a loan as ended only when nothing is outstanding.",
                        "Nodwch fod benthyciad wedi dod i ben dim ond pan nad oes dim yn weddill.",
                    ),
                ],
            }
        ],
    },
    {
        "slug": "party-reporting-deadlines",
        "audience": "parties",
        "topic": "reporting",
        "versions": [
            {
                "effective_from": dt.date(2024, 1, 1),
                "title": (
                    "Reports and deadlines for parties",
                    "Adroddiadau a dyddiadau cau ar gyfer pleidiau",
                ),
                "summary": (
                    "Quarterly and pre-poll reports, periods and late reports.",
                    "Adroddiadau chwarterol a chyn y bleidlais, cyfnodau ac adroddiadau hwyr.",
                ),
                "note": ("First published.", "Cyhoeddwyd gyntaf."),
                "blocks": [
                    _b(H, "Quarterly reports", "Adroddiadau chwarterol", "quarterly-reports"),
                    _b(
                        M,
                        "You must send each quarterly report within [[quarterly_report_days]] of the end of the quarter, even when you have nothing to report.",
                        "Rhaid i chi anfon pob adroddiad chwarterol o fewn [[quarterly_report_days]] i ddiwedd y chwarter, hyd yn oed pan nad oes gennych ddim i'w adrodd.",
                    ),
                    _b(
                        H,
                        "Weekly pre-poll reports",
                        "Adroddiadau wythnosol cyn y bleidlais",
                        "pre-poll-reports",
                    ),
                    _b(
                        P,
                        "At a UK general election, send a report for each week from dissolution to polling day within [[prepoll_report_days]] of the week's end.",
                        "Mewn etholiad cyffredinol yn y DU, anfonwch adroddiad ar gyfer pob wythnos o'r diddymu hyd at y diwrnod pleidleisio o fewn [[prepoll_report_days]] i ddiwedd yr wythnos.",
                    ),
                    _b(H, "Dates and periods", "Dyddiadau a chyfnodau", "dates-and-periods"),
                    _b(
                        P,
                        "A quarterly report lists the gifts you accepted in the quarter. Give the date you received each gift and the date you accepted it; the date of receipt cannot be after acceptance.",
                        "Mae adroddiad chwarterol yn rhestru'r rhoddion a dderbyniwyd gennych yn y chwarter. Rhowch y dyddiad y cawsoch bob rhodd a'r dyddiad y'i derbyniwyd; ni all y dyddiad cael fod ar ôl y dyddiad derbyn.",
                    ),
                    _b(H, "Late reports", "Adroddiadau hwyr", "late-reports"),
                    _b(
                        W,
                        "A report is late from the day after its due date, UK time. Send it as soon as you can: a late report can lead to a fine.",
                        "Mae adroddiad yn hwyr o'r diwrnod ar ôl ei ddyddiad cau, amser y DU. Anfonwch ef cyn gynted ag y gallwch: gall adroddiad hwyr arwain at ddirwy.",
                    ),
                    _b(H, "Filing online", "Cyflwyno ar-lein", "filing-online"),
                    _b(
                        S,
                        "Download our template or use the Commission's layout.",
                        "Lawrlwythwch ein templed neu defnyddiwch gynllun y Comisiwn.",
                    ),
                    _b(
                        S,
                        "Write dates as dd/mm/yyyy, amounts in pounds such as 2500.00, and True or False.",
                        "Ysgrifennwch ddyddiadau fel dd/mm/bbbb, symiau mewn punnoedd fel 2500.00, a True neu False.",
                    ),
                    _b(
                        S,
                        "Put only your own entity's rows in the file.",
                        "Rhowch resi eich endid eich hun yn unig yn y ffeil.",
                    ),
                ],
            }
        ],
    },
    {
        "slug": "party-campaign-spending",
        "audience": "parties",
        "topic": "spending",
        "versions": [
            {
                "effective_from": dt.date(2024, 1, 1),
                "title": ("Campaign spending by parties", "Gwariant ymgyrchu gan bleidiau"),
                "summary": (
                    "Spending returns, limits, claims and invoices.",
                    "Ffurflenni gwariant, terfynau, hawliadau ac anfonebau.",
                ),
                "note": ("First published.", "Cyhoeddwyd gyntaf."),
                "blocks": [
                    _b(H, "Spending returns", "Ffurflenni gwariant", "spending-returns"),
                    _b(
                        M,
                        "You must deliver the spending return within [[spending_return_months]] of polling day, or [[spending_return_months_audited]] when you spent more than [[spending_audit_threshold]] and need an auditor's report.",
                        "Rhaid i chi gyflwyno'r ffurflen wariant o fewn [[spending_return_months]] i'r diwrnod pleidleisio, neu [[spending_return_months_audited]] pan wnaethoch wario mwy na [[spending_audit_threshold]] a bod angen adroddiad archwilydd.",
                    ),
                    _b(H, "Amounts by nation", "Symiau fesul gwlad", "amounts-by-nation"),
                    _b(
                        P,
                        "Give the total of each item and how much of it was spent in England, Scotland, Wales and Northern Ireland. The four amounts must add up to the total.",
                        "Rhowch gyfanswm pob eitem a faint ohono a wariwyd yn Lloegr, yr Alban, Cymru a Gogledd Iwerddon. Rhaid i'r pedwar swm ddod i'r cyfanswm.",
                    ),
                    _b(H, "The regulated period", "Y cyfnod a reoleiddir", "regulated-period"),
                    _b(
                        P,
                        "At a UK general election the regulated period is the [[spending_regulated_period_days]] before polling day. Say which election each item is for.",
                        "Mewn etholiad cyffredinol yn y DU y cyfnod a reoleiddir yw'r [[spending_regulated_period_days]] cyn y diwrnod pleidleisio. Dywedwch ar gyfer pa etholiad y mae pob eitem.",
                    ),
                    _b(H, "Claims and payments", "Hawliadau a thaliadau", "claims-and-payments"),
                    _b(
                        M,
                        "Suppliers must claim within [[spending_claim_days]] of polling day and you must pay within [[spending_payment_days]].",
                        "Rhaid i gyflenwyr hawlio o fewn [[spending_claim_days]] i'r diwrnod pleidleisio a rhaid i chi dalu o fewn [[spending_payment_days]].",
                    ),
                    _b(H, "Spending limits", "Terfynau gwariant", "spending-limits"),
                    _b(
                        P,
                        "In each part of the UK the limit is the greater of [[party_spending_limit_per_seat]] for each constituency you contest there and that part's fixed sum.",
                        "Ym mhob rhan o'r DU y terfyn yw'r mwyaf o [[party_spending_limit_per_seat]] am bob etholaeth yr ydych yn ymladd yno a swm penodol y rhan honno.",
                    ),
                    _b(
                        F,
                        "Limit for each constituency contested:",
                        "Terfyn ar gyfer pob etholaeth a ymleddir:",
                        figure="party_spending_limit_per_seat",
                    ),
                    _b(
                        H,
                        "Invoices and receipts",
                        "Anfonebau a derbynebau",
                        "invoices-and-receipts",
                    ),
                    _b(
                        M,
                        "Every payment over £200 must be supported by an invoice or receipt attached to its row.",
                        "Rhaid i bob taliad dros £200 gael ei ategu gan anfoneb neu dderbynneb sydd wedi'i hatodi i'w res.",
                    ),
                ],
            }
        ],
    },
    {
        "slug": "statements-of-accounts",
        "audience": "parties",
        "topic": "accounts",
        "versions": [
            {
                "effective_from": dt.date(2024, 1, 1),
                "title": ("Statements of accounts", "Datganiadau o gyfrifon"),
                "summary": (
                    "When a party's annual accounts are due and when they need an audit.",
                    "Pryd mae cyfrifon blynyddol plaid yn ddyledus a phryd mae angen eu harchwilio.",
                ),
                "note": ("First published.", "Cyhoeddwyd gyntaf."),
                "blocks": [
                    _b(
                        H,
                        "When accounts are due",
                        "Pryd mae cyfrifon yn ddyledus",
                        "accounts-deadlines",
                    ),
                    _b(
                        M,
                        "You must send the statement of accounts within [[accounts_report_months]] of the end of the financial year, or [[accounts_report_months_audited]] when it must be audited.",
                        "Rhaid i chi anfon y datganiad o gyfrifon o fewn [[accounts_report_months]] i ddiwedd y flwyddyn ariannol, neu [[accounts_report_months_audited]] pan fo rhaid ei archwilio.",
                    ),
                    _b(H, "Audits", "Archwiliadau", "audits"),
                    _b(
                        P,
                        "Accounts with income or spending over [[accounts_audit_threshold]] must be audited.",
                        "Rhaid archwilio cyfrifon sydd ag incwm neu wariant dros [[accounts_audit_threshold]].",
                    ),
                ],
            }
        ],
    },
    {
        "slug": "non-party-campaigners",
        "audience": "non-party-campaigners",
        "topic": "registration",
        "versions": [
            {
                "effective_from": dt.date(2024, 1, 1),
                "title": (
                    "Non-party campaigners: notifying the Commission",
                    "Ymgyrchwyr nad ydynt yn bleidiau: hysbysu'r Comisiwn",
                ),
                "summary": (
                    "When you must notify, and who may give to you.",
                    "Pryd mae'n rhaid i chi hysbysu, a phwy gaiff roi i chi.",
                ),
                "note": ("First published.", "Cyhoeddwyd gyntaf."),
                "blocks": [
                    _b(H, "When to notify", "Pryd i hysbysu", "when-to-notify"),
                    _b(
                        M,
                        "You must notify the Commission before you spend more than [[npc_notification_england]] in England, or more than [[npc_notification_other]] in Scotland, Wales or Northern Ireland, on regulated campaign activity.",
                        "Rhaid i chi hysbysu'r Comisiwn cyn i chi wario mwy na [[npc_notification_england]] yn Lloegr, neu fwy na [[npc_notification_other]] yn yr Alban, Cymru neu Ogledd Iwerddon, ar weithgarwch ymgyrchu a reoleiddir.",
                    ),
                    _b(H, "Eligibility", "Cymhwystra", "eligibility"),
                    _b(
                        P,
                        "If you spend more than [[npc_eligibility_uk]] across the UK you must be an eligible campaigner, even if you need not notify.",
                        "Os ydych yn gwario mwy na [[npc_eligibility_uk]] ar draws y DU rhaid i chi fod yn ymgyrchydd cymwys, hyd yn oed os nad oes angen i chi hysbysu.",
                    ),
                    _b(
                        H,
                        "Donations to campaigners",
                        "Rhoddion i ymgyrchwyr",
                        "donations-to-campaigners",
                    ),
                    _b(
                        W,
                        "A registered party may not give to a non-party campaigner for regulated campaign activity.",
                        "Ni chaiff plaid gofrestredig roi i ymgyrchydd nad yw'n blaid ar gyfer gweithgarwch ymgyrchu a reoleiddir.",
                    ),
                ],
            }
        ],
    },
    {
        "slug": "candidates-and-agents",
        "audience": "candidates",
        "topic": "spending",
        "versions": [
            {
                "effective_from": dt.date(2024, 1, 1),
                "title": (
                    "Candidates and agents: donations and spending",
                    "Ymgeiswyr ac asiantiaid: rhoddion a gwariant",
                ),
                "summary": (
                    "What candidates must check and report.",
                    "Beth mae'n rhaid i ymgeiswyr ei wirio a'i adrodd.",
                ),
                "note": ("First published.", "Cyhoeddwyd gyntaf."),
                "blocks": [
                    _b(H, "Donations to candidates", "Rhoddion i ymgeiswyr", "candidate-donations"),
                    _b(
                        M,
                        "A donation over £50 to a candidate must come from a permissible source.",
                        "Rhaid i rodd dros £50 i ymgeisydd ddod gan ffynhonnell a ganiateir.",
                    ),
                    _b(H, "Spending returns", "Ffurflenni gwariant", "candidate-spending-returns"),
                    _b(
                        P,
                        "The agent sends the spending return to the returning officer after the result is declared.",
                        "Mae'r asiant yn anfon y ffurflen wariant at y swyddog canlyniadau ar ôl i'r canlyniad gael ei gyhoeddi.",
                    ),
                ],
            }
        ],
    },
    {
        "slug": "regulated-donees-reporting",
        "audience": "regulated-donees",
        "topic": "reporting",
        "versions": [
            {
                "effective_from": dt.date(2024, 1, 1),
                "title": (
                    "Regulated donees: reporting donations",
                    "Rhoddeion a reoleiddir: adrodd rhoddion",
                ),
                "summary": (
                    "For elected office holders, members associations and party members.",
                    "Ar gyfer deiliaid swyddi etholedig, cymdeithasau aelodau ac aelodau pleidiau.",
                ),
                "note": ("First published.", "Cyhoeddwyd gyntaf."),
                "blocks": [
                    _b(H, "What to report", "Beth i'w adrodd", "donee-reporting"),
                    _b(
                        P,
                        "Report each donation or loan over [[accounting_unit_threshold]] from a permissible source, and every impermissible one.",
                        "Adroddwch bob rhodd neu fenthyciad dros [[accounting_unit_threshold]] gan ffynhonnell a ganiateir, a phob un nas caniateir.",
                    ),
                    _b(H, "When to report", "Pryd i adrodd", "donee-deadline"),
                    _b(
                        M,
                        "You must report within [[donee_report_days]] of accepting the donation.",
                        "Rhaid i chi adrodd o fewn [[donee_report_days]] i dderbyn y rhodd.",
                    ),
                ],
            }
        ],
    },
    {
        "slug": "electoral-administrators",
        "audience": "electoral-administrators",
        "topic": "reporting",
        "versions": [
            {
                "effective_from": dt.date(2024, 1, 1),
                "title": (
                    "Electoral administrators: timetables and returns",
                    "Gweinyddwyr etholiadol: amserlenni a ffurflenni",
                ),
                "summary": (
                    "Election timetables and the candidates' returns you receive.",
                    "Amserlenni etholiadau a ffurflenni'r ymgeiswyr a gewch.",
                ),
                "note": ("First published.", "Cyhoeddwyd gyntaf."),
                "blocks": [
                    _b(H, "Election timetables", "Amserlenni etholiadau", "election-timetables"),
                    _b(
                        P,
                        "The key dates page lists the statutory timetable of each forthcoming poll, computed from the polling day and bank holidays.",
                        "Mae'r dudalen dyddiadau allweddol yn rhestru amserlen statudol pob etholiad sydd ar ddod, wedi'i chyfrifo o'r diwrnod pleidleisio a gwyliau banc.",
                    ),
                    _b(H, "Candidates' returns", "Ffurflenni ymgeiswyr", "candidate-returns"),
                    _b(
                        SH,
                        "You should make candidates' spending returns available for inspection as soon as you receive them.",
                        "Dylech sicrhau bod ffurflenni gwariant ymgeiswyr ar gael i'w harchwilio cyn gynted ag y byddwch yn eu cael.",
                    ),
                ],
            }
        ],
    },
]

POLLS = [
    (
        "local.2027-05-06",
        "england",
        "Local elections in England, May 2027",
        "Etholiadau lleol yn Lloegr, Mai 2027",
        False,
    ),
    (
        "nia.2027-05-06",
        "northern-ireland",
        "Northern Ireland Assembly election, May 2027",
        "Etholiad Cynulliad Gogledd Iwerddon, Mai 2027",
        False,
    ),
    (
        "parl.2029-05-03",
        "england",
        "UK Parliamentary general election (latest expected date)",
        "Etholiad cyffredinol Senedd y DU (y dyddiad disgwyliedig olaf)",
        True,
    ),
]

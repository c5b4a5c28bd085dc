"""Normalising donor names, company numbers and postcodes for record linkage.

The published data spells one donor many ways: ' Peter  Bennett', 'Mr Peter Bennett',
'Lord Michael Hintze' / 'Sir Michael Hintze', 'IPGL Ltd' / 'IPGL Limited',
'J.C. Bamford Excavators Ltd' / 'JC Bamford Excavators Ltd', 'M & M Supplies (UK) PLC',
and company numbers that lost their leading zeros. These pure functions map the variants
that carry no identifying information to one form; what remains (typos, initials, middle
names, word order) is left to the probabilistic model in ``linkage``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from regulator.core.cells import normalise_company_number as _ec_company_number
from regulator.core.errors import InvalidValueError

# Titles, honours and post-nominals that say nothing about who the donor is. Lower case,
# without punctuation. "Lord Smith" and "Sir John Smith" are one person at different times.
TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "doctor",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "baron",
        "baroness",
        "viscount",
        "viscountess",
        "earl",
        "countess",
        "marquess",
        "duke",
        "duchess",
        "rt",
        "right",
        "hon",
        "honourable",
        "rev",
        "revd",
        "reverend",
        "cllr",
        "councillor",
        "mp",
        "msp",
        "ms p",
        "mla",
        "mep",
        "cbe",
        "obe",
        "mbe",
        "kbe",
        "dbe",
        "gbe",
        "kc",
        "qc",
        "frs",
        "freng",
        "kcmg",
        "cmg",
        "cb",
        "kcb",
        "cvo",
        "kcvo",
        "lvo",
        "dl",
        "jp",
        "bt",
        "bart",
        "esq",
        "phd",
    }
)
# Words that end a person's name but are part of it ("Robert Doumar Jnr"), kept.
# Legal-form words of organisations, folded to one spelling each or dropped.
_LEGAL_FORMS = {
    "limited": "",
    "ltd": "",
    "plc": "",
    "llp": "",
    "lp": "",
    "inc": "",
    "incorporated": "",
    "co": "company",
    "cic": "",
    "uk": "uk",
}
_STOP_ORG = frozenset({"the"})

# Given names that are one another's familiar forms ("Bill" for "William").
_NICKNAMES: dict[str, str] = {
    "bill": "william",
    "will": "william",
    "billy": "william",
    "bob": "robert",
    "rob": "robert",
    "bobby": "robert",
    "jim": "james",
    "jimmy": "james",
    "jamie": "james",
    "mike": "michael",
    "mick": "michael",
    "dave": "david",
    "tony": "anthony",
    "andy": "andrew",
    "drew": "andrew",
    "joe": "joseph",
    "tom": "thomas",
    "tommy": "thomas",
    "dick": "richard",
    "rick": "richard",
    "rich": "richard",
    "steve": "stephen",
    "chris": "christopher",
    "nick": "nicholas",
    "pete": "peter",
    "ed": "edward",
    "ted": "edward",
    "ben": "benjamin",
    "sam": "samuel",
    "dan": "daniel",
    "danny": "daniel",
    "matt": "matthew",
    "alex": "alexander",
    "sandy": "alexander",
    "charlie": "charles",
    "harry": "henry",
    "jack": "john",
    "johnny": "john",
    "jon": "jonathan",
    "kate": "katherine",
    "katie": "katherine",
    "cathy": "catherine",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "sue": "susan",
    "jenny": "jennifer",
    "maggie": "margaret",
    "meg": "margaret",
    "pat": "patricia",
    "tim": "timothy",
    "greg": "gregory",
    "phil": "philip",
    "ken": "kenneth",
    "ray": "raymond",
    "fred": "frederick",
    "geoff": "geoffrey",
    "jeff": "jeffrey",
    "nat": "nathaniel",
    "zac": "zachary",
}

_PUNCT = re.compile(r"[^\w\s&]")
_SPACES = re.compile(r"\s+")
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$")

# Donor statuses whose names are people's names; every other status names an organisation.
PERSON_STATUSES = frozenset({"individual"})


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(name: str) -> list[str]:
    """Lower-case word tokens: accents folded, '&' as 'and', punctuation removed except
    that 'J.C.' becomes 'jc' and 'Knight-Adams' becomes 'knightadams' (one surname)."""
    text = _ascii_fold(name).lower().replace("&", " and ")
    # Hyphens and apostrophes join the parts of one word; dots join initials ("J.C.").
    text = re.sub(r"(?<=\w)[-'\u2019.](?=\w)", "", text)
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip().split()


def is_person(donor_status: str) -> bool:
    return donor_status.strip().lower() in PERSON_STATUSES


@dataclass(frozen=True)
class PersonName:
    """A person's name without titles and honours, in the order written."""

    parts: tuple[str, ...]

    @property
    def surname(self) -> str:
        return self.parts[-1] if self.parts else ""

    @property
    def given(self) -> tuple[str, ...]:
        return self.parts[:-1]


def person_parts(name: str) -> tuple[str, ...]:
    """'The Rt Hon Jeremy R Hunt MP' → ('jeremy', 'r', 'hunt'); 'Mr Mark J C  Bamford' →
    ('mark', 'j', 'c', 'bamford'); run-together initials ('RS') are split."""
    parts: list[str] = []
    raw = tokens(name)
    for index, token in enumerate(raw):
        if token in TITLES or (token == "the" and index == 0):  # noqa: S105
            continue
        if token in {"of", "and"}:
            continue
        # 'Jeremy RS Hunt', 'Antony GDB Harris': two or three capitals written together
        # in the middle of a name are initials.
        if (
            0 < index < len(raw) - 1
            and len(token) <= 3
            and token.isalpha()
            and not any(ch in "aeiouy" for ch in token)
        ):
            parts.extend(token)
            continue
        parts.append(token)
    # A title that doubles as a surname ("Mr John Lord") is the surname after all.
    if not parts and raw:
        parts = [raw[-1]]
    return tuple(parts)


def organisation_parts(name: str) -> tuple[str, ...]:
    """'  KGL (Estates)  Ltd ' → ('kgl', 'estates'); 'Association of Conservative Clubs
    Limited (The)' → ('association', 'of', 'conservative', 'clubs');
    'M & M Supplies (UK) PLC' → ('m', 'and', 'm', 'supplies', 'uk')."""
    parts: list[str] = []
    for token in tokens(name):
        if token in _STOP_ORG:
            continue
        if token in _LEGAL_FORMS:
            folded = _LEGAL_FORMS[token]
            if folded:
                parts.append(folded)
            continue
        parts.append(token)
    # Single letters written apart are one acronym: 'J C Bamford' and 'H & C Whitehead'
    # → 'jc bamford', 'hc whitehead'.
    merged: list[str] = []
    joining = False
    index = 0
    while index < len(parts):
        token = parts[index]
        if token == "and" and joining and index + 1 < len(parts) and len(parts[index + 1]) == 1:  # noqa: S105
            index += 1
            token = parts[index]
        if len(token) == 1 and token.isalpha() and joining:
            merged[-1] += token
        else:
            merged.append(token)
            joining = len(token) == 1 and token.isalpha()
        index += 1
    return tuple(merged)


def name_key(name: str, donor_status: str) -> str:
    """The normalised name, words in written order, one space apart."""
    parts = person_parts(name) if is_person(donor_status) else organisation_parts(name)
    return " ".join(parts)


def name_sorted_key(name: str, donor_status: str) -> str:
    """The normalised words in alphabetical order: 'Smith John' and 'John Smith' agree."""
    parts = person_parts(name) if is_person(donor_status) else organisation_parts(name)
    return " ".join(sorted(parts))


def canonical_given(token: str) -> str:
    return _NICKNAMES.get(token, token)


def _similar(a: str, b: str) -> bool:
    """Two written-out given names that are the same name (a nickname or one typo)."""
    if a == b or canonical_given(a) == canonical_given(b):
        return True
    if min(len(a), len(b)) < 4:
        return False
    return _edit_distance_at_most_one(a, b) or (len(a) == len(b) and _one_transposition(a, b))


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = 0
    edits = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1


def _one_transposition(a: str, b: str) -> bool:
    diffs = [k for k in range(len(a)) if a[k] != b[k]]
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and a[diffs[1]] == b[diffs[0]]
    )


def given_names_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two people's names (``person_parts``) can be one person.

    Words are paired off when equal, nicknames of one another, one typo apart, or an
    initial against a word that starts with it. The names conflict when both keep a word
    nobody paired: 'Simon Acland' / 'Serena Acland' conflict; 'Peter Hall' / 'Peter James
    Hall', 'Bill Bottriell' / 'William Bottriell' and 'Jeremy M Isaacs' / 'Jeremy Isaacs'
    do not."""
    if a == b or not a or not b:
        return True
    left = list(a)
    right = list(b)
    # Pair whole words first, then initials, so an initial cannot steal a word's partner.
    for want_initials in (False, True):
        for word in list(left):
            if (len(word) == 1) != want_initials:
                continue
            for other in right:
                if len(word) == 1 or len(other) == 1:
                    ok = word[0] == other[0]
                else:
                    ok = _similar(word, other)
                if ok:
                    left.remove(word)
                    right.remove(other)
                    break
    for word in list(right):
        if len(word) == 1:
            for other in left:
                if other[0] == word:
                    left.remove(other)
                    right.remove(word)
                    break
    return not (left and right)


def normalise_company_number(text: str) -> str:
    """The 8 characters Companies House uses, or '' for blank or unusable input (a typed
    'N/A' or a charity number must not stop the run; it simply links on nothing)."""
    try:
        return _ec_company_number(text or "")
    except InvalidValueError:
        return ""


def normalise_postcode(text: str) -> str:
    """'sw1a1aa', ' SW1A  1AA ' → 'SW1A 1AA'; anything not shaped like a UK postcode is
    kept upper-cased without spaces, and blank stays blank."""
    value = re.sub(r"\s+", "", (text or "")).upper()
    if not value:
        return ""
    match = _POSTCODE.match(value)
    if not match:
        return value
    return f"{match.group(1)} {match.group(2)}"


def postcode_district(postcode: str) -> str:
    """The outward code: 'SW1A 1AA' → 'SW1A'."""
    return postcode.split(" ")[0] if " " in postcode else ""


# Public bodies and the regulator are known non-donors in the private sense: the public
# funds they pay (Short and Cranborne money, policy development grants) come from
# distinct offices that share an address (SW1A 0AA) and recipients. Two of them whose
# names differ are distinct by rule, never a pair for an analyst (issue 15).
PUBLIC_FUND_STATUS = "public fund"
PUBLIC_BODY_PHRASES = (
    "fees office",
    "house of commons",
    "house of lords",
    "electoral commission",
    "scottish parliament",
    "senedd",
    "welsh parliament",
    "national assembly for wales",
    "northern ireland assembly",
    "cabinet office",
)


def is_public_body(*, status_key: str, name_key: str) -> bool:
    """A public body or the regulator: reported as a public fund, or so named (both
    folded as the linkage folds them)."""
    if status_key == PUBLIC_FUND_STATUS:
        return True
    return any(phrase in name_key for phrase in PUBLIC_BODY_PHRASES)


_STATUS_LABELS = {
    "individual": "Individual",
    "company": "Company",
    "trade union": "Trade Union",
    "unincorporated association": "Unincorporated Association",
    "limited liability partnership": "Limited Liability Partnership",
    "registered political party": "Registered Political Party",
    "friendly society": "Friendly Society",
    "public fund": "Public Fund",
    "building society": "Building Society",
    "impermissible donor": "Impermissible Donor",
    "unidentifiable donor": "Unidentifiable Donor",
    "trust": "Trust",
    "other": "Other",
}


def display_status(statuses: Counter[str]) -> str:
    """The commonest of a donor's statuses (folded), as published."""
    if not statuses:
        return ""
    status = statuses.most_common(1)[0][0]
    return _STATUS_LABELS.get(status, status.title())

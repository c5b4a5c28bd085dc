"""Synthetic donation records with known donors: the ground truth for measuring linkage.

Each synthetic donor has a canonical name and a few of the spellings seen in the real
published files: leading, trailing and doubled spaces; titles and honours; initials for
given names or a dropped middle initial; nicknames; 'Ltd' / 'Limited' / 'LTD' / 'PLC';
'&' / 'and'; 'The' in front; capitals; company numbers that lost their leading zeros or
were left out; typos; surname first. Families share a surname (and often the recipient)
but not a given name, which the resolver must keep apart. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from regulator.donors.linkage import DonorRecord

FORENAMES = [
    "james",
    "john",
    "robert",
    "michael",
    "william",
    "david",
    "richard",
    "joseph",
    "thomas",
    "charles",
    "christopher",
    "daniel",
    "matthew",
    "anthony",
    "mark",
    "donald",
    "steven",
    "paul",
    "andrew",
    "joshua",
    "kenneth",
    "kevin",
    "brian",
    "george",
    "timothy",
    "ronald",
    "edward",
    "jason",
    "jeffrey",
    "ryan",
    "jacob",
    "gary",
    "nicholas",
    "eric",
    "jonathan",
    "stephen",
    "larry",
    "justin",
    "scott",
    "brandon",
    "benjamin",
    "samuel",
    "gregory",
    "alexander",
    "patrick",
    "frank",
    "raymond",
    "jack",
    "dennis",
    "jerry",
    "tyler",
    "aaron",
    "henry",
    "adam",
    "douglas",
    "nathan",
    "peter",
    "zachary",
    "kyle",
    "walter",
    "harold",
    "jeremy",
    "ethan",
    "carl",
    "keith",
    "roger",
    "gerald",
    "christian",
    "terry",
    "sean",
    "arthur",
    "austin",
    "noah",
    "lawrence",
    "jesse",
    "joe",
    "bryan",
    "billy",
    "jordan",
    "albert",
    "dylan",
    "bruce",
    "willie",
    "gabriel",
    "alan",
    "juan",
    "logan",
    "wayne",
    "ralph",
    "roy",
    "eugene",
    "randy",
    "vincent",
    "russell",
    "louis",
    "philip",
    "bobby",
    "johnny",
    "bradley",
    "mary",
    "patricia",
    "jennifer",
    "linda",
    "elizabeth",
    "barbara",
    "susan",
    "jessica",
    "sarah",
    "karen",
    "nancy",
    "lisa",
    "betty",
    "margaret",
    "sandra",
    "ashley",
    "kimberly",
    "emily",
    "donna",
    "michelle",
    "dorothy",
    "carol",
    "amanda",
    "melissa",
    "deborah",
    "stephanie",
    "rebecca",
    "sharon",
    "laura",
    "cynthia",
    "kathleen",
    "amy",
    "shirley",
    "angela",
    "helen",
    "anna",
    "brenda",
    "pamela",
    "nicole",
    "emma",
    "samantha",
    "katherine",
    "christine",
    "debra",
    "rachel",
    "catherine",
    "carolyn",
    "janet",
    "ruth",
    "maria",
    "heather",
    "diane",
    "virginia",
    "julie",
    "joyce",
    "victoria",
    "olivia",
    "kelly",
    "christina",
    "lauren",
    "joan",
    "evelyn",
    "judith",
    "megan",
    "cheryl",
    "andrea",
    "hannah",
    "martha",
    "jacqueline",
    "frances",
    "gloria",
    "ann",
    "teresa",
    "kathryn",
    "sara",
    "janice",
    "jean",
    "alice",
    "madison",
    "doris",
    "abigail",
    "julia",
    "judy",
    "grace",
    "denise",
    "amber",
    "marilyn",
    "beverly",
    "danielle",
    "theresa",
    "sophie",
    "marie",
    "diana",
    "brittany",
    "natalie",
    "isabella",
    "charlotte",
    "rose",
    "alexis",
    "kayla",
    "rhys",
    "gareth",
    "dafydd",
    "siobhan",
    "fiona",
    "morag",
    "hamish",
    "alasdair",
    "iain",
    "callum",
    "eilidh",
    "niamh",
    "aoife",
    "ciaran",
    "padraig",
]

COMMON_SURNAMES = [
    "smith",
    "jones",
    "williams",
    "taylor",
    "brown",
    "davies",
    "evans",
    "wilson",
    "thomas",
    "johnson",
    "roberts",
    "robinson",
    "thompson",
    "wright",
    "walker",
    "white",
    "edwards",
    "hughes",
    "green",
    "hall",
    "lewis",
    "harris",
    "clarke",
    "patel",
    "jackson",
    "wood",
    "turner",
    "martin",
    "cooper",
    "hill",
    "ward",
    "morris",
    "moore",
    "clark",
    "lee",
    "king",
    "baker",
    "harrison",
    "morgan",
    "allen",
    "james",
    "scott",
    "phillips",
    "watson",
    "davis",
    "parker",
    "price",
    "bennett",
    "young",
    "griffiths",
    "mitchell",
    "kelly",
    "cook",
    "carter",
    "richardson",
    "bailey",
    "collins",
    "bell",
    "shaw",
    "murphy",
    "miller",
    "cox",
    "richards",
    "khan",
    "marshall",
    "anderson",
    "simpson",
    "ellis",
    "adams",
    "singh",
    "begum",
    "wilkinson",
    "foster",
    "chapman",
    "powell",
    "webb",
    "rogers",
    "gray",
    "mason",
    "ali",
    "hunt",
    "hussain",
    "campbell",
    "matthews",
    "owen",
    "palmer",
    "holmes",
    "mills",
    "barnes",
    "knight",
    "lloyd",
    "butler",
    "russell",
    "barker",
    "fisher",
    "stevens",
    "jenkins",
    "murray",
    "dixon",
    "harvey",
    "graham",
    "pearson",
    "ahmed",
    "fletcher",
    "walsh",
    "kaur",
    "gibson",
    "howard",
    "andrews",
    "stewart",
    "elliott",
    "reynolds",
    "saunders",
    "payne",
    "fox",
    "ford",
    "pearce",
    "day",
    "brooks",
    "west",
    "lawrence",
    "cole",
    "atkinson",
    "bradley",
    "spencer",
    "gill",
    "dawson",
    "ball",
    "burton",
    "obrien",
    "watts",
    "rose",
    "booth",
    "perry",
    "ryan",
    "grant",
    "wells",
    "armstrong",
    "francis",
    "rees",
    "hayes",
    "hart",
    "hudson",
    "newman",
    "barrett",
    "webster",
    "hunter",
    "gregory",
    "carr",
    "lowe",
    "page",
    "marsh",
    "riley",
    "dunn",
    "woods",
    "parsons",
    "berry",
    "stone",
    "reid",
    "holland",
    "hawkins",
    "harding",
    "porter",
    "robertson",
    "newton",
    "oliver",
    "reed",
    "kennedy",
    "williamson",
    "bird",
    "gardner",
    "shah",
    "dean",
    "lane",
    "cooke",
    "bates",
    "henderson",
    "parry",
    "burgess",
    "bishop",
    "walton",
    "burns",
    "nicholson",
    "shepherd",
    "ross",
    "cross",
    "long",
    "freeman",
    "warren",
    "nicholls",
    "hamilton",
    "byrne",
    "sutton",
    "mcdonald",
    "yates",
]

_SYLLABLES = [
    "ash",
    "bar",
    "ber",
    "bly",
    "bran",
    "brook",
    "burn",
    "by",
    "cal",
    "carr",
    "cot",
    "dal",
    "den",
    "don",
    "dun",
    "el",
    "ers",
    "fair",
    "far",
    "ford",
    "gar",
    "gate",
    "ham",
    "har",
    "hay",
    "hol",
    "hurst",
    "ing",
    "kel",
    "ken",
    "kin",
    "lan",
    "ley",
    "lin",
    "lock",
    "low",
    "mar",
    "mer",
    "mont",
    "more",
    "ney",
    "nor",
    "ock",
    "pen",
    "per",
    "ran",
    "ridge",
    "rock",
    "ros",
    "ry",
    "sel",
    "shaw",
    "stead",
    "ston",
    "ter",
    "thorn",
    "ton",
    "ver",
    "wald",
    "well",
    "wick",
    "win",
    "worth",
    "wyn",
]

NICKNAMES = {
    "william": "bill",
    "robert": "bob",
    "james": "jim",
    "michael": "mike",
    "david": "dave",
    "anthony": "tony",
    "andrew": "andy",
    "thomas": "tom",
    "richard": "dick",
    "stephen": "steve",
    "christopher": "chris",
    "nicholas": "nick",
    "edward": "ed",
    "samuel": "sam",
    "daniel": "dan",
    "alexander": "alex",
    "joseph": "joe",
    "elizabeth": "liz",
    "katherine": "kate",
    "margaret": "maggie",
    "timothy": "tim",
    "philip": "phil",
}

ORG_WORDS = [
    "acorn",
    "albion",
    "anchor",
    "apex",
    "arden",
    "ashford",
    "atlas",
    "aurora",
    "avon",
    "beacon",
    "bedford",
    "birch",
    "blackwood",
    "bramble",
    "bridge",
    "brook",
    "cairn",
    "caledonian",
    "capital",
    "cardinal",
    "castle",
    "cedar",
    "central",
    "chiltern",
    "clarion",
    "cobalt",
    "compass",
    "crown",
    "crystal",
    "dales",
    "delta",
    "dover",
    "eagle",
    "eastgate",
    "elm",
    "ember",
    "enfield",
    "falcon",
    "fenwick",
    "firth",
    "forth",
    "fountain",
    "fulcrum",
    "galaxy",
    "garnet",
    "gateway",
    "granite",
    "greenfield",
    "harbour",
    "harrow",
    "hawthorn",
    "heritage",
    "highland",
    "horizon",
    "ivory",
    "jasper",
    "juniper",
    "kestrel",
    "keystone",
    "lakeside",
    "landmark",
    "laurel",
    "lion",
    "lomond",
    "maple",
    "marlow",
    "meadow",
    "mercia",
    "meridian",
    "milestone",
    "monarch",
    "navigator",
    "neptune",
    "northgate",
    "oak",
    "orchard",
    "orion",
    "oxford",
    "paragon",
    "pembroke",
    "pennine",
    "phoenix",
    "pinnacle",
    "quantum",
    "quarry",
    "raven",
    "redwood",
    "regent",
    "ridgeway",
    "riverside",
    "rowan",
    "sapphire",
    "saxon",
    "sentinel",
    "severn",
    "sherwood",
    "silver",
    "solent",
    "sovereign",
    "spire",
    "sterling",
    "summit",
    "tamar",
    "thames",
    "trent",
    "trinity",
    "tudor",
    "union",
    "valley",
    "vanguard",
    "vector",
    "venture",
    "victoria",
    "viking",
    "wessex",
    "westbury",
    "willow",
    "windsor",
    "york",
    "zenith",
]
ORG_KINDS = [
    "holdings",
    "properties",
    "developments",
    "investments",
    "estates",
    "services",
    "group",
    "consulting",
    "capital",
    "partners",
    "logistics",
    "engineering",
    "trading",
    "systems",
    "media",
    "foods",
]

TITLES = ["Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Dame", "The Rt Hon", "Baroness"]
HONOURS = ["OBE", "CBE", "MBE", "KC", "MP"]
ORG_STATUSES = [
    ("Company", 70),
    ("Trade Union", 6),
    ("Unincorporated Association", 12),
    ("Limited Liability Partnership", 4),
    ("Friendly Society", 2),
    ("Trust", 3),
    ("Registered Political Party", 3),
]
POSTCODE_AREAS = [
    "AB",
    "B",
    "BA",
    "BN",
    "BS",
    "CB",
    "CF",
    "CH",
    "CM",
    "CV",
    "DE",
    "E",
    "EC",
    "EH",
    "G",
    "GL",
    "GU",
    "KT",
    "L",
    "LS",
    "M",
    "N",
    "NE",
    "NG",
    "NW",
    "OX",
    "PO",
    "RG",
    "S",
    "SE",
    "SW",
    "W",
    "WC",
    "YO",
]


@dataclass(frozen=True)
class SyntheticDonor:
    number: int
    status: str
    spellings: tuple[str, ...]  # the canonical name first
    company_number: str
    postcode: str
    recipients: tuple[str, ...]


def _surnames(rng: random.Random, count: int) -> list[str]:
    made: set[str] = set(COMMON_SURNAMES)
    out = list(COMMON_SURNAMES)
    while len(out) < count:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
        if word not in made:
            made.add(word)
            out.append(word)
    return out


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.random()
    if kind < 0.4:  # swap two letters
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.7:  # drop one
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # double one


def _person_spellings(rng: random.Random, given: str, middle: str, surname: str) -> tuple[str, ...]:
    g, s = given.capitalize(), surname.capitalize()
    m = middle.upper()
    canonical = f"{g} {m} {s}" if m else f"{g} {s}"
    options = [
        f" {canonical}",
        f"{rng.choice(TITLES)} {canonical}",
        f"{canonical} {rng.choice(HONOURS)}",
        f"{g} {s}",
        f"{g[0]} {m} {s}".replace("  ", " ") if m else f"{g[0]} {s}",
        f"Mr {g}  {s}",
        f"{s} {g}",
        canonical.upper(),
        f"{_typo(rng, g)} {m} {s}".replace("  ", " ") if m else f"{_typo(rng, g)} {s}",
        f"{g} {_typo(rng, s)}",
    ]
    if given in NICKNAMES:
        options.append(f"{NICKNAMES[given].capitalize()} {s}")
    count = rng.choice((0, 1, 1, 2, 2, 3, 4))
    return (canonical, *rng.sample(options, count))


def _org_spellings(rng: random.Random, words: list[str], status: str) -> tuple[str, ...]:
    base = " ".join(w.capitalize() for w in words)
    if status == "Company":
        suffix = rng.choice(("Ltd", "Limited", "PLC"))
        canonical = f"{base} {suffix}"
        other = {"Ltd": "Limited", "Limited": "Ltd", "PLC": "plc"}[suffix]
        options = [
            f"{base} {other}",
            f"{base.upper()} {suffix.upper()}",
            f"The {canonical}",
            f"  {base}  {suffix} ",
            f"{base} {suffix}.",
            f"{' '.join(_typo(rng, w) if i == len(words) - 1 else w.capitalize() for i, w in enumerate(words))} {suffix}",
        ]
        if len(words) >= 2:
            options.append(
                f"{words[0].capitalize()} & {' '.join(w.capitalize() for w in words[1:])} {suffix}"
            )
    else:
        canonical = base
        options = [
            f"The {base}",
            base.upper(),
            f" {base}",
            " ".join(_typo(rng, w) if i == 0 else w.capitalize() for i, w in enumerate(words)),
        ]
    count = rng.choice((0, 1, 1, 2, 2, 3))
    return (canonical, *rng.sample(options, min(count, len(options))))


def _postcode(rng: random.Random) -> str:
    area = rng.choice(POSTCODE_AREAS)
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return (
        f"{area}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def donors(count: int, *, seed: int = 7, recipients: int = 400) -> list[SyntheticDonor]:
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    surnames = _surnames(rng, max(2_000, count // 2))
    used_people: set[tuple[str, str]] = set()
    used_orgs: set[tuple[str, ...]] = set()
    used_numbers: set[str] = set()
    out: list[SyntheticDonor] = []
    org_statuses = [s for s, _ in ORG_STATUSES]
    org_weights = [w for _, w in ORG_STATUSES]
    while len(out) < count:
        number = len(out)
        favourite = tuple(str(rng.randint(1, recipients)) for _ in range(rng.choice((1, 1, 2, 3))))
        if rng.random() < 0.7:
            # A family member of the previous person, sometimes: same surname, same
            # recipient, another given name.
            previous = out[-1] if out and out[-1].status == "Individual" else None
            if previous is not None and rng.random() < 0.15:
                surname = previous.spellings[0].split()[-1].lower()
                favourite = previous.recipients
            else:
                pool = COMMON_SURNAMES if rng.random() < 0.3 else surnames
                surname = rng.choice(pool)
            given = rng.choice(FORENAMES)
            if (given, surname) in used_people:
                continue
            used_people.add((given, surname))
            middle = rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.5 else ""
            out.append(
                SyntheticDonor(
                    number=number,
                    status="Individual",
                    spellings=_person_spellings(rng, given, middle, surname),
                    company_number="",
                    postcode="",
                    recipients=favourite,
                )
            )
            continue
        status = rng.choices(org_statuses, org_weights)[0]
        words = (*rng.sample(ORG_WORDS, rng.choice((1, 2, 2))), rng.choice(ORG_KINDS))
        if words in used_orgs:
            continue
        used_orgs.add(words)
        company_number = ""
        if status in {"Company", "Limited Liability Partnership"}:
            prefix = rng.choices(("", "SC", "NI", "OC"), (85, 8, 3, 4))[0]
            if status == "Limited Liability Partnership":
                prefix = "OC"
            digits = 8 - len(prefix)
            company_number = prefix + str(rng.randint(1, 10**digits - 1)).zfill(digits)
            if company_number in used_numbers:
                continue
            used_numbers.add(company_number)
        out.append(
            SyntheticDonor(
                number=number,
                status=status,
                spellings=_org_spellings(rng, list(words), status),
                company_number=company_number,
                postcode=_postcode(rng) if rng.random() < 0.9 else "",
                recipients=favourite,
            )
        )
    return out


def _reported_company_number(rng: random.Random, number: str) -> str:
    roll = rng.random()
    if not number or roll < 0.05:
        return ""
    if roll < 0.35 and number[0] == "0":
        return number.lstrip("0")  # lost its leading zeros, as in the real files
    if roll < 0.4:
        return number.lower()
    return number


def records(
    n: int, *, seed: int = 7, records_per_donor: float = 8.0
) -> tuple[list[DonorRecord], dict[str, str]]:
    """``n`` donation records and the truth (record key → synthetic donor number)."""
    out: list[DonorRecord] = []
    truth: dict[str, str] = {}
    for record, donor in iter_records(n, seed=seed, records_per_donor=records_per_donor):
        out.append(record)
        truth[record.record_key] = str(donor)
    return out, truth


def iter_records(
    n: int, *, seed: int = 7, records_per_donor: float = 8.0
) -> Iterator[tuple[DonorRecord, int]]:
    rng = random.Random(seed + 1)  # noqa: S311 (test data, not secrets)
    people = donors(max(1, round(n / records_per_donor)), seed=seed)
    # A few donors give often, most give once or twice (Pareto-shaped weights).
    weights = [rng.paretovariate(1.5) for _ in people]
    chosen = rng.choices(range(len(people)), weights, k=n)
    # Every donor appears at least once when there is room.
    for i in range(min(n, len(people))):
        chosen[i] = i
    start = dt.date(2001, 2, 16)
    for i, index in enumerate(chosen):
        donor = people[index]
        if rng.random() < 0.55 or len(donor.spellings) == 1:
            name = donor.spellings[0]
        else:
            name = rng.choice(donor.spellings[1:])
        postcode = donor.postcode
        if postcode and rng.random() < 0.2:
            postcode = rng.choice((postcode.replace(" ", "").lower(), ""))
        yield (
            DonorRecord(
                record_key=f"donation:{i + 1}",
                name=name,
                donor_status=donor.status,
                company_number=_reported_company_number(rng, donor.company_number),
                postcode=postcode,
                recipient_entity_id=rng.choice(donor.recipients),
                date=start + dt.timedelta(days=rng.randrange(9_000)),
            ),
            donor.number,
        )

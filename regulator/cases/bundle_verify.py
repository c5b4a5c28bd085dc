"""Check a case's referral bundle with nothing but Python 3.11+ and its standard library.

    python bundle_verify.py CAS-2026-0001.zip

Exit 0 with one line "OK ..." when every file matches the manifest, and the case's audit
events, all of them from its opening on, give the tree root of a checkpoint whose Ed25519
signature holds; otherwise exit 1 and one line per problem, naming the file or the event
(by its number) found wrong.
"""

import base64
import hashlib
import json
import sys
import zipfile
import zlib

MANIFEST, SUMS = "manifest.json", "MANIFEST.sha256"
EVENTS, LEAVES, STACK, CASE_EVENTS, CHECKPOINT = (
    "audit/events.jsonl",
    "audit/leaves.jsonl",
    "audit/stack.json",
    "audit/case_events.json",
    "audit/checkpoint.json",
)
HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_type",
    "actor_id",
    "actor_label",
    "action",
    "subject_type",
    "subject_id",
    "payload",
    "prev_hash",
)
SIGNED_FIELDS = ("size", "head_hash", "tree_root", "created_at", "key_id")
OPENED = "cases.case_opened"
COMPELLED = {"disclosure-notice", "investigation-notice"}  # Schedule 19B notices


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


# Ed25519 verification, RFC 8032 section 5.1.7 (after the reference code of section 6).
P = 2**255 - 19
Q = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def point_add(a, b):
    e, h = (a[1] - a[0]) * (b[1] - b[0]) % P, (a[1] + a[0]) * (b[1] + b[0]) % P
    c, f = 2 * a[3] * b[3] * D % P, 2 * a[2] * b[2] % P
    e, f, g, h = h - e, f - c, f + c, h + e
    return (e * f, g * h, f * g, e * h)


def point_mul(scalar, point):
    result = (0, 1, 1, 0)
    while scalar > 0:
        if scalar & 1:
            result = point_add(result, point)
        point, scalar = point_add(point, point), scalar >> 1
    return result


def recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    return P - x if (x & 1) != sign else x


def decompress(data):
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


BASE_Y = 4 * pow(5, P - 2, P) % P
BASE = (recover_x(BASE_Y, 0), BASE_Y, 1, recover_x(BASE_Y, 0) * BASE_Y % P)


def ed25519_valid(public, message, signature):
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = decompress(public), decompress(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= Q:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % Q
    left, right = point_mul(s, BASE), point_add(r, point_mul(k, a))
    return (left[0] * right[2] - right[0] * left[2]) % P == 0 and (
        left[1] * right[2] - right[1] * left[2]
    ) % P == 0


def read_bundle(path, problems):
    """Every member's bytes; a member that cannot be read (bad CRC, bad data) is named."""
    files: dict = {}  # a member that cannot be read is None
    with zipfile.ZipFile(path) as bundle:
        for info in bundle.infolist():
            if info.filename in files:
                problems.append(f"added: {info.filename} appears twice in the bundle")
                continue
            try:
                files[info.filename] = bundle.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                problems.append(f"changed: {info.filename} cannot be read ({error})")
                files[info.filename] = None
    return files


def check_manifest(files, problems):
    try:
        manifest = json.loads(files[MANIFEST])
        listed = {entry["path"]: entry for entry in manifest["files"]}
        sums = {}
        for line in files[SUMS].decode().splitlines():
            digest, name = line.split("  ", 1)
            sums[name] = digest
    except (KeyError, TypeError, ValueError) as error:
        problems.append(
            f"removed or changed: {MANIFEST} or {SUMS} is missing or unreadable ({error})"
        )
        return {}
    if files[MANIFEST] is not None and sums.get(MANIFEST) != sha256(files[MANIFEST]):
        problems.append(f"changed: {MANIFEST} does not match its SHA-256 in {SUMS}")
    for path, entry in sorted(listed.items()):
        data = files.get(path)
        if path not in files:
            problems.append(f"removed: {path} is in the manifest but not in the bundle")
        elif data is not None and (sha256(data) != entry["sha256"] or len(data) != entry["size"]):
            problems.append(f"changed: {path} does not match its SHA-256 in the manifest")
        if sums.get(path) != entry["sha256"]:
            problems.append(f"changed: {SUMS} and {MANIFEST} disagree about {path}")
    for path in sorted(set(files) - set(listed) - {MANIFEST, SUMS}):
        problems.append(f"added: {path} is not in the manifest")
    for path in sorted(set(sums) - set(listed) - {MANIFEST}):
        problems.append(f"changed: {SUMS} lists {path}, which the manifest does not")
    return manifest


def check_checkpoint(checkpoint, problems):
    fields, public = checkpoint["checkpoint"], bytes.fromhex(checkpoint["public_key"]["raw_hex"])
    if sha256(public)[:16] != fields["key_id"]:
        problems.append(f"{CHECKPOINT}: the public key given is not key {fields['key_id']}")
    statement = canonical({name: fields[name] for name in SIGNED_FIELDS}).encode()
    try:
        signature = base64.b64decode(fields["signature"], validate=True)
    except ValueError:
        signature = b""
    if not ed25519_valid(public, statement, signature):
        problems.append(f"{CHECKPOINT}: the checkpoint's signature does not verify with its key")
    return fields


def leaf_hash(leaf):
    """RFC 6962 leaf hash of an event's subject and hash (docs/audit.md)."""
    data = {name: leaf[name] for name in ("hash", "subject_id", "subject_type")}
    return hashlib.sha256(b"\x00" + canonical(data).encode()).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def tree_root(stack, leaves):
    """Grow the tree from its subtree roots at stack["size"] by the leaves; its root."""
    roots, size = [bytes.fromhex(h) for h in stack["roots"]], stack["size"]
    for leaf in leaves:
        roots.append(leaf_hash(leaf))
        size, merges = size + 1, size + 1
        while merges % 2 == 0 and len(roots) > 1:
            right = roots.pop()
            roots.append(node_hash(roots.pop(), right))
            merges //= 2
    if not roots:
        return hashlib.sha256(b"").hexdigest()
    root = roots[-1]
    for left in reversed(roots[:-1]):
        root = node_hash(left, root)
    return root.hex()


def check_events(events, leaves, stack, checkpoint, case, problems):
    """Each of the case's events hashes to itself and is its leaf; every leaf about the
    case has its event; the leaves run from the case's opening to the checkpoint and,
    grown from the stack, give the checkpoint's signed tree root."""
    ours = (case["subject_type"], case["subject_id"])
    expected = list(range(stack["size"] + 1, checkpoint["size"] + 1))
    if [leaf["seq"] for leaf in leaves] != expected:
        problems.append(
            f"{LEAVES} does not run from #{stack['size'] + 1} to the checkpoint's "
            f"#{checkpoint['size']}, one leaf an event"
        )
    by_seq = {leaf["seq"]: leaf for leaf in leaves}
    for event in events:
        seq = event["seq"]
        computed = sha256(canonical({n: event[n] for n in HASHED_FIELDS}).encode())
        leaf = by_seq.get(seq)
        if computed != event["hash"]:
            problems.append(
                f"audit event #{seq} ({event['action']}) was edited: it hashes to {computed}"
            )
        elif (event["subject_type"], event["subject_id"]) != ours:
            problems.append(f"added: audit event #{seq} is not about {case['reference']}")
        elif leaf is None or (leaf["hash"], leaf["subject_type"], leaf["subject_id"]) != (
            computed,
            *ours,
        ):
            problems.append(f"audit event #{seq} is not the event the tree has at #{seq}")
    present = {event["seq"] for event in events}
    for leaf in leaves:
        if (leaf["subject_type"], leaf["subject_id"]) == ours and leaf["seq"] not in present:
            problems.append(
                f"removed: audit event #{leaf['seq']} is about {case['reference']} "
                f"but is not in {EVENTS}"
            )
    if not events or events[0]["action"] != OPENED or events[0]["seq"] != stack["size"] + 1:
        problems.append(f"removed: {EVENTS} does not start with the case's opening ({OPENED})")
    if tree_root(stack, leaves) != checkpoint["tree_root"]:
        problems.append(
            f"{LEAVES} and {STACK} do not give the signed checkpoint's tree root "
            f"{checkpoint['tree_root']}: an event was added, removed or changed"
        )
    for seq in sorted(set(case["seqs"]) - present):
        problems.append(f"{CASE_EVENTS} lists #{seq}, which is not in {EVENTS}")
    for seq in sorted(present - set(case["seqs"])):
        problems.append(f"audit event #{seq} is in {EVENTS} but {CASE_EVENTS} leaves it out")


def acquisitions(events, case):
    """The case's items as the chain recorded them when acquired, by label (E1, E2, ...)."""
    return {
        e["payload"].get("evidence"): e
        for e in events
        if e["action"] == "cases.evidence_acquired"
        and (e["subject_type"], e["subject_id"]) == (case["subject_type"], case["subject_id"])
    }


def compelled(label, acquired):
    """Obtained under a Schedule 19B notice, or made from something that was."""
    event = acquired.get(label)
    if event is None:
        return False
    origin = acquired.get(event["payload"].get("derived_from"), event)
    return (
        COMPELLED & {event["payload"].get("obtained"), origin["payload"].get("obtained")} != set()
    )


def check_evidence(files, events, case, kind, problems):
    """Each evidence file has the SHA-256 its acquisition event recorded in the chain, and
    every item acquired is there (a sanction bundle: every item not compelled)."""
    acquired, present = acquisitions(events, case), set[str]()
    for path in sorted(p for p in files if p.startswith("evidence/E") and files[p] is not None):
        label = path.split("/", 1)[1].split("-", 1)[0]
        event, present = acquired.get(label), present | {label}
        if event is None:
            problems.append(f"added: {path}: no acquisition of {label} among the case's events")
        elif event["payload"].get("sha256") != sha256(files[path]):
            problems.append(
                f"changed: {path} is not what audit event #{event['seq']} recorded for {label}"
            )
        elif kind == "sanction" and compelled(label, acquired):
            problems.append(f"{path} was obtained under compulsion: not in a sanction bundle")
    for label, event in sorted(acquired.items(), key=lambda item: item[1]["seq"]):
        if label not in present and not (kind == "sanction" and compelled(label, acquired)):
            problems.append(
                f"removed: {label} (acquired in audit event #{event['seq']}) is not in the bundle"
            )


def check(path: str) -> tuple[list[str], dict]:
    """(problems, counts) for the bundle at ``path``."""
    problems: list[str] = []
    try:
        files = read_bundle(path, problems)
    except (OSError, zipfile.BadZipFile) as error:
        return [f"{path}: not a readable ZIP file ({error})"], {}
    try:
        manifest = check_manifest(files, problems)
        checkpoint = check_checkpoint(json.loads(files[CHECKPOINT]), problems)
        events = [json.loads(line) for line in files[EVENTS].decode("utf-8").splitlines()]
        leaves = [json.loads(line) for line in files[LEAVES].decode("utf-8").splitlines()]
        stack = json.loads(files[STACK])
        case = json.loads(files[CASE_EVENTS])
        check_events(events, leaves, stack, checkpoint, case, problems)
        check_evidence(files, events, case, manifest.get("kind"), problems)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        problems.append(f"the bundle is incomplete or malformed ({error!r})")
        return problems, {}
    if manifest.get("case") != case["reference"]:
        problems.append(
            f"{MANIFEST} names case {manifest.get('case')}, the proof {case['reference']}"
        )
    counts = {"files": len(files), "events": len(leaves), "case_events": len(events)}
    return problems, {**counts, "size": checkpoint["size"], "case": case["reference"]}


def verify(zip_path: str) -> list[str]:
    """The problems found in the bundle, first found first; empty when it is intact."""
    return check(zip_path)[0]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) != 1:
        print("usage: python bundle_verify.py BUNDLE.zip", file=sys.stderr)
        return 2
    problems, counts = check(args[0])
    for problem in problems:
        print(f"FAILED: {problem}")
    if problems:
        return 1
    print(
        f"OK: {counts['case']}: {counts['files']} files match the manifest; "
        f"the case's {counts['case_events']} audit events, all of them among the "
        f"{counts['events']} from its opening to the signed checkpoint of size "
        f"{counts['size']}, give its tree root"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a case expected against what the other end did: the outcome and the reasons.

Outcomes, as the Autobahn|Testsuite uses them: PASS (what RFC 6455 requires), NON-STRICT (a
variation the RFC allows, e.g. failing the connection by closing TCP without the close frame
it SHOULD send, or failing a UTF-8 message later than the first invalid byte), FAIL.
"""

from dataclasses import dataclass, field

PASS = "PASS"
NON_STRICT = "NON-STRICT"
FAIL = "FAIL"
_RANK = {PASS: 0, NON_STRICT: 1, FAIL: 2}

# How long the other end may take for each step before it counts as not answering.
STEP_TIMEOUT = 3.0


@dataclass
class Verdict:
    outcome: str
    observed: str
    reasons: list = field(default_factory=list)
    # For a client under test: the exit status its command line must end with, when the case
    # decides one (0 after the server's 1000 close, 1 after it failed the connection).
    expected_exit: int = None

    def add(self, outcome, reason):
        if _RANK[outcome] > _RANK[self.outcome]:
            self.outcome = outcome
        if reason:
            self.reasons.append(reason)


def passed(observed):
    return Verdict(PASS, observed)


@dataclass
class Expect:
    """before: the events, in order, the other end must produce before the end, as
    (kind, data) pairs. end: 'close' (this side started the closing handshake; the other
    must answer with a close frame whose code is in codes) or 'fail' (the other must fail
    the connection, with a close code in codes)."""
    before: list = field(default_factory=list)
    end: str = "close"
    codes: tuple = (1000,)
    nonstrict_codes: tuple = ()
    # Autobahn's NON-STRICT: an event of `before` may be missing (an echo racing a failure).
    missing_ok: bool = False


def summarize(events):
    """The events as one line, runs of equal kind and size collapsed ('text 16 B x1000')."""
    parts = []
    for e in events:
        text = e.describe()
        key = (e.kind, len(e.data)) if e.kind in ("text", "binary") else None
        if parts and key is not None and parts[-1][0] == key:
            parts[-1][2] += 1
        else:
            parts.append([key, text if key is None else f"{e.kind} {len(e.data)} B", 1, text])
    out = []
    for key, short, count, full in parts:
        out.append(full if count == 1 else f"{short} x{count}")
    return ", ".join(out) if out else "nothing"


def _is_subsequence(got, want):
    it = iter(want)
    return all(any(g == w for w in it) for g in got)


def _describe_pair(pair):
    kind, data = pair
    shown = data if len(data) <= 24 else data[:16] + b"..."
    return f"{kind} {len(data)} B {shown!r}"


def judge(events, expect):
    verdict = Verdict(PASS, summarize(events))
    for e in events:
        if e.kind == "bad":
            verdict.add(FAIL, e.data.decode(errors="replace"))
    end_at = next((i for i, e in enumerate(events)
                   if e.kind in ("close", "eof", "timeout", "bad")), len(events))
    got = [(e.kind, e.data) for e in events[:end_at]]
    want = [(k, d.encode() if isinstance(d, str) else d) for k, d in expect.before]
    if got != want:
        if expect.missing_ok and len(got) < len(want) and _is_subsequence(got, want):
            missing = [_describe_pair(w) for w in want if w not in got]
            verdict.add(NON_STRICT, "missing before the close: " + ", ".join(missing[:3]))
        else:
            first = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]),
                         min(len(got), len(want)))
            wanted = _describe_pair(want[first]) if first < len(want) else "nothing more"
            seen = _describe_pair(got[first]) if first < len(got) else "nothing more"
            verdict.add(FAIL, f"event {first + 1}: expected {wanted}, got {seen}")
    end = events[end_at] if end_at < len(events) else None
    kind = end.kind if end else "nothing"
    if kind == "close":
        if end.code in expect.codes:
            pass
        elif end.code in expect.nonstrict_codes:
            verdict.add(NON_STRICT, f"close code {end.code}; {_codes(expect.codes)} expected")
        else:
            verdict.add(FAIL, f"close code {end.code}; {_codes(expect.codes)} expected")
        after = events[end_at + 1:]
        if after and after[0].kind == "timeout":
            verdict.add(NON_STRICT, "TCP not closed after the closing handshake (section 7.1.1)")
    elif expect.end == "close":
        verdict.add(FAIL, f"no close frame in answer to ours ({kind}; section 5.5.1)")
    elif kind == "eof":
        verdict.add(NON_STRICT, "failed by closing TCP without a close frame (section 7.1.7 "
                                "SHOULD send one)")
    elif kind == "timeout":
        verdict.add(FAIL, "the connection was not failed")
    return verdict


def _codes(codes):
    return "/".join("none" if c is None else str(c) for c in codes)

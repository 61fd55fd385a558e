"""Results: the known failures they are held against, and the JSON and Markdown written."""

import json
import os
import re
from dataclasses import asdict, dataclass, field

from judge import FAIL

# A known failure that failed, and one that passed (the list must then be trimmed); a known
# failure marked flaky (a race: it fails in some runs) that passed is FLAKY-PASS, which does
# not fail the run.
XFAIL = "XFAIL"
XPASS = "XPASS"
FLAKY_PASS = "FLAKY-PASS"
ORDER = ["PASS", "NON-STRICT", XFAIL, FLAKY_PASS, FAIL, XPASS]


@dataclass
class Result:
    side: str
    id: str
    title: str
    expected: str
    outcome: str  # PASS, NON-STRICT or FAIL: what the case found
    observed: str
    reasons: list = field(default_factory=list)
    seconds: float = 0.0
    defect: str = None  # the issue 7 defect it is a known failure of
    flaky: bool = False  # listed as a known failure that depends on a race
    status: str = None  # outcome, or XFAIL / XPASS / FLAKY-PASS for a known failure

    @property
    def key(self):
        return f"{self.side}:{self.id}"


def load_known(path):
    """known_failures.txt: 'side:case-id  defect  [flaky]  # note' per line. Returns
    {side:case-id: (defect, flaky)}."""
    known = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            parts = line.split("#", 1)[0].split()
            if not parts:
                continue
            if len(parts) not in (2, 3) or ":" not in parts[0] or parts[2:] not in ([], ["flaky"]):
                raise ValueError(f"{path}:{number}: expected 'side:case-id defect [flaky]'")
            known[parts[0]] = (parts[1], len(parts) == 3)
    return known


def classify(results, known):
    for r in results:
        r.defect, r.flaky = known.get(r.key, (None, False))
        if r.defect is None:
            r.status = r.outcome
        elif r.outcome == FAIL:
            r.status = XFAIL
        else:
            r.status = FLAKY_PASS if r.flaky else XPASS
    return results


def failed(results):
    """What makes the run fail: unexpected failures, and known failures that passed."""
    return [r for r in results if r.status in (FAIL, XPASS)]


def counts(results):
    tally = {s: sum(1 for r in results if r.status == s) for s in ORDER}
    return ", ".join(f"{n} {s}" for s, n in tally.items() if n)


def _cell(text):
    return re.sub(r"\s+", " ", str(text)).replace("|", "\\|")


def status_text(r):
    if r.status == XFAIL:
        return f"FAIL (known: defect {r.defect})"
    if r.status == XPASS:
        return f"XPASS ({r.outcome}; listed as defect {r.defect}: trim the list)"
    if r.status == FLAKY_PASS:
        return f"{r.outcome} (known flaky failure: defect {r.defect}; failed in other runs)"
    return r.status


def markdown(results):
    lines = []
    for side in dict.fromkeys(r.side for r in results):
        rows = [r for r in results if r.side == side]
        lines += [f"## {side} ({len(rows)} cases: {counts(rows)})", "",
                  "| case | expected | observed | outcome |", "|---|---|---|---|"]
        for r in rows:
            observed = r.observed + (" — " + "; ".join(r.reasons) if r.reasons else "")
            lines.append(f"| {_cell(r.id)}: {_cell(r.title)} | {_cell(r.expected)} | "
                         f"{_cell(observed)} | {_cell(status_text(r))} |")
        lines.append("")
    return "\n".join(lines)


def write(results, directory):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "results.json"), "w", encoding="utf-8") as f:
        json.dump([asdict(r) for r in results], f, indent=1)
    with open(os.path.join(directory, "results.md"), "w", encoding="utf-8") as f:
        f.write("# Conformance results\n\n" + markdown(results))

"""Section 6 of the Autobahn case list: UTF-8 in text messages (RFC 6455 section 8.1: text
that is not UTF-8 fails the connection, close 1007 (section 7.4.1)), and what wsclient-cli
reports for it."""

import re

import frames as F
from case import CLIENT, Case
from closing import finish_failed, send_and_echo, send_and_fail, text
from judge import FAIL, NON_STRICT
from payloads import KOSME

FAIL_1007 = "fails, close 1007 (sections 8.1, 7.4.1)"
HELLO_UTF8 = "Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!".encode()
INVALID_KOSME = bytes.fromhex("cebae1bdb9cf83cebcceb5eda080656469746564")

# (Autobahn group, what it holds, [sequences]) for single-frame messages.
# (Autobahn group, what it holds, [sequences]) for single-frame messages; the groups follow
# Autobahn's (after Markus Kuhn's UTF-8 stress test), the samples in each are ours.
VALID = [
    ("6.5", "correct UTF-8 text", [KOSME, HELLO_UTF8]),
    ("6.7", "first code point of each length", [b"\x00", b"\xc2\x80", b"\xe0\xa0\x80",
                                                b"\xf0\x90\x80\x80"]),
    ("6.9", "last code point of each length", [b"\x7f", b"\xdf\xbf", b"\xef\xbf\xbf",
                                               b"\xf4\x8f\xbf\xbf"]),
    ("6.11", "other boundaries", [b"\xed\x9f\xbf", b"\xee\x80\x80", b"\xef\xbf\xbd"]),
    ("6.22", "noncharacters (valid UTF-8)", [b"\xef\xbf\xbe", b"\xef\xb7\x90",
                                             b"\xf0\x9f\xbf\xbe", b"\xf4\x8f\xbf\xbe"]),
    ("6.23", "the replacement character", [b"\xef\xbf\xbd"]),
]
INVALID = [
    ("6.8", "5- and 6-byte forms", [b"\xf8\x88\x80\x80\x80", b"\xfc\x84\x80\x80\x80\x80"]),
    ("6.10", "last of 4-6 byte forms, above U+10FFFF", [b"\xf4\x90\x80\x80",
                                                        b"\xf7\xbf\xbf\xbf",
                                                        b"\xfb\xbf\xbf\xbf\xbf",
                                                        b"\xfd\xbf\xbf\xbf\xbf\xbf"]),
    ("6.12", "unexpected continuation bytes", [b"\x80", b"\xbf", b"\x80\xbf",
                                               b"\x80\xbf\x80\xbf"]),
    ("6.13", "lonely start bytes", [b"\xc0 ", b"\xe0 ", b"\xf0 ", b"\xf8 ", b"\xfc "]),
    ("6.14", "last continuation byte missing", [b"\xc2", b"\xe0\xa0", b"\xf0\x90\x80",
                                                b"\xdf", b"\xef\xbf", b"\xf4\x8f\xbf"]),
    ("6.15", "incomplete sequences concatenated", [b"\xc2\xe0\xa0\xf0\x90\x80\xdf\xef\xbf"]),
    ("6.16", "impossible bytes", [b"\xfe", b"\xff", b"\xfe\xfe\xff\xff"]),
    ("6.17", "overlong ASCII", [b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf0\x80\x80\xaf"]),
    ("6.18", "maximum overlong", [b"\xc1\xbf", b"\xe0\x9f\xbf", b"\xf0\x8f\xbf\xbf"]),
    ("6.19", "overlong NUL", [b"\xc0\x80", b"\xe0\x80\x80", b"\xf0\x80\x80\x80"]),
    ("6.20", "single UTF-16 surrogates", [b"\xed\xa0\x80", b"\xed\xad\xbf", b"\xed\xae\x80",
                                          b"\xed\xaf\xbf", b"\xed\xb0\x80", b"\xed\xbe\x80",
                                          b"\xed\xbf\xbf"]),
    ("6.21", "paired UTF-16 surrogates", [b"\xed\xa0\x80\xed\xb0\x80",
                                          b"\xed\xaf\xbf\xed\xbf\xbf"]),
]


def _is_utf8(data):
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _one_frame(peer, data):
    if _is_utf8(data):
        return send_and_echo(peer, peer.frame(F.TEXT, data), echoes=[text(data)])
    return send_and_fail(peer, peer.frame(F.TEXT, data), codes=(1007,))


def _byte_fragments(peer, data):
    """One fragment per byte: a split sequence stays valid (section 5.6 judges the whole
    message)."""
    frames_ = [peer.frame(F.TEXT if i == 0 else F.CONTINUATION, data[i:i + 1],
                          fin=i == len(data) - 1) for i in range(len(data))]
    if _is_utf8(data):
        return send_and_echo(peer, *frames_, echoes=[text(data)])
    return send_and_fail(peer, *frames_, codes=(1007,))


def _fail_fast(peer, parts, chop=None):
    """Three fragments, the second makes the message invalid. Failing after the second
    (before the third is sent) is PASS; failing only after the whole message is NON-STRICT
    (Autobahn 6.4). Each fragment is known to be processed before the next one goes, by a
    ping answered in between."""
    peer.send(peer.frame(F.TEXT, parts[0], fin=False))
    if not peer.sync():
        return finish_failed(peer, (1007,))  # failed on valid data: judged as such
    peer.send(peer.frame(F.CONTINUATION, parts[1], fin=False), chop=chop)
    if not peer.sync():
        return finish_failed(peer, (1007,))
    peer.send(peer.frame(F.CONTINUATION, parts[2]))
    verdict = finish_failed(peer, (1007,))
    verdict.add(NON_STRICT, "failed at the end of the message, not at the invalid fragment")
    return verdict


def _ends_inside_then_empty(peer, data):
    """The message's last non-empty fragment ends inside a sequence, and an empty final
    fragment follows: the message is not UTF-8 (section 8.1)."""
    return send_and_fail(peer, peer.frame(F.TEXT, data, fin=False),
                         peer.frame(F.CONTINUATION, b""), codes=(1007,))


def _note_delivery(run, verdict):
    """Says whether the invalid message reached the application (issue 7 defect 1)."""
    if run.stdout:
        verdict.observed += f"; the CLI printed {run.stdout.strip()[:40]!r}"


def _cli_reports_1007(run, verdict):
    """wsclient-cli's last line names the close code that went on the wire."""
    if not re.search(r"\b1007\b", run.last_line):
        verdict.add(FAIL, f"the CLI reported {run.last_line!r}; the close on the wire was 1007")


def cases():
    cases = [
        Case("6.1.1", "empty text frame", "echoed (section 5.6)",
             lambda p: send_and_echo(p, p.frame(F.TEXT), echoes=[text("")])),
        Case("6.1.2", "text in 3 empty fragments", "echoed as one empty message",
             lambda p: send_and_echo(p, p.frame(F.TEXT, fin=False),
                                     p.frame(F.CONTINUATION, fin=False),
                                     p.frame(F.CONTINUATION), echoes=[text("")])),
        Case("6.1.3", "text: empty, non-empty, empty fragments", "echoed as one message",
             lambda p: send_and_echo(p, p.frame(F.TEXT, fin=False),
                                     p.frame(F.CONTINUATION, "middle frame payload", fin=False),
                                     p.frame(F.CONTINUATION),
                                     echoes=[text("middle frame payload")])),
        Case("6.2.1", "valid UTF-8 in one frame", "echoed",
             lambda p: _one_frame(p, HELLO_UTF8)),
        Case("6.2.2", "valid UTF-8 in 2 fragments split at a code point", "echoed",
             lambda p: send_and_echo(p, p.frame(F.TEXT, HELLO_UTF8[:12], fin=False),
                                     p.frame(F.CONTINUATION, HELLO_UTF8[12:]),
                                     echoes=[text(HELLO_UTF8)])),
        Case("6.2.3", "valid UTF-8, one byte per fragment", "echoed",
             lambda p: _byte_fragments(p, HELLO_UTF8)),
        Case("6.2.4", "valid UTF-8 (kosme), one byte per fragment", "echoed",
             lambda p: _byte_fragments(p, KOSME)),
        Case("6.3.1", "invalid UTF-8 (a surrogate inside kosme) in one frame", FAIL_1007,
             lambda p: _one_frame(p, INVALID_KOSME)),
        Case("6.3.2", "as 6.3.1, one byte per fragment", FAIL_1007,
             lambda p: _byte_fragments(p, INVALID_KOSME)),
        Case("6.4.1", "3 fragments, the 2nd holds a code point above U+10FFFF",
             "fails with 1007 at the 2nd fragment; at the end is NON-STRICT",
             lambda p: _fail_fast(p, [KOSME, b"\xf4\x90\x80\x80", b"edited"])),
        Case("6.4.2", "3 fragments, the invalid byte at the start of the 2nd",
             "fails with 1007 at the 2nd fragment; at the end is NON-STRICT",
             lambda p: _fail_fast(p, [KOSME + b"\xf4", b"\x90", b"\x80\x80edited"])),
        Case("6.4.3", "as 6.4.1, the 2nd fragment byte by byte",
             "fails with 1007 at the 2nd fragment; at the end is NON-STRICT",
             lambda p: _fail_fast(p, [KOSME, b"\xf4\x90\x80\x80", b"edited"], "octets")),
        Case("6.4.4", "as 6.4.2, the 2nd fragment byte by byte",
             "fails with 1007 at the 2nd fragment; at the end is NON-STRICT",
             lambda p: _fail_fast(p, [KOSME + b"\xf4", b"\x90", b"\x80\x80edited"], "octets")),
    ]
    # 6.6: every prefix of kosme, one frame each; the ones ending inside a sequence fail.
    for i in range(1, len(KOSME) + 1):
        data = KOSME[:i]
        cases.append(Case(f"6.6.{i}", f"the first {i} bytes of kosme",
                          "echoed" if _is_utf8(data) else FAIL_1007,
                          lambda p, d=data: _one_frame(p, d)))
    for group, title, samples in VALID + INVALID:
        for i, data in enumerate(samples, 1):
            expected = "echoed (RFC 3629)" if _is_utf8(data) else FAIL_1007
            cases.append(Case(f"{group}.{i}", f"{title}: {data.hex(' ')}", expected,
                              lambda p, d=data: _one_frame(p, d)))
            cases.append(Case(f"{group}.{i}.fragmented", f"{title}: {data.hex(' ')}, "
                              "one byte per fragment", expected,
                              lambda p, d=data: _byte_fragments(p, d)))
    for name, tail in (("2", b"\xce"), ("3", b"\xe1\xbd"), ("4", b"\xf0\x9f\x98")):
        cases.append(Case(
            f"6.ends-inside-{name}-byte-then-empty-final",
            f"text fragment ending inside a {name}-byte sequence, then an empty final frame",
            FAIL_1007, lambda p, d=KOSME + tail: _ends_inside_then_empty(p, d),
            cli_check=_note_delivery))
    cases.append(Case(
        "6.ends-inside-final", "text whose final (non-empty) frame ends inside a sequence",
        FAIL_1007, lambda p: send_and_fail(p, p.frame(F.TEXT, KOSME, fin=False),
                                           p.frame(F.CONTINUATION, b"abc\xce"),
                                           codes=(1007,))))
    cases.append(Case(
        "6.cli-reports-1007", "invalid UTF-8: what wsclient-cli reports",
        "fails with 1007, and the CLI's last line says 1007, as on the wire",
        lambda p: _one_frame(p, INVALID_KOSME), sides=(CLIENT,), cli_check=_cli_reports_1007))
    return cases

"""Every case, in report order."""

import functools

import cases_cli
import cases_close
import cases_deflate
import cases_fragments
import cases_framing
import cases_handshake_client
import cases_handshake_server
import cases_limits
import cases_resources
import cases_utf8
import selftest

SECTIONS = (cases_framing, cases_fragments, cases_utf8, cases_close, cases_cli, cases_limits,
            cases_resources, cases_deflate, cases_handshake_client, cases_handshake_server,
            selftest)


@functools.lru_cache(maxsize=None)
def all_cases():
    return tuple(case for section in SECTIONS for case in section.cases())

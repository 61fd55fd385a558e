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
import cases_utf8
import selftest


@functools.lru_cache(maxsize=None)
def all_cases():
    return tuple(cases_framing.cases() + cases_fragments.cases() + cases_utf8.cases()
                 + cases_close.cases() + cases_cli.cases() + cases_limits.cases()
                 + cases_deflate.cases() + cases_handshake_client.cases()
                 + cases_handshake_server.cases() + selftest.cases())

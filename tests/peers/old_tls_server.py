#!/usr/bin/python3
"""A TLS server that speaks only TLS 1.0 and 1.1, for the test that a client which requires
TLS 1.2 or newer fails at once instead of retrying.

Usage: old_tls_server.py CERT KEY. Binds 127.0.0.1 on a free port and prints
"listening on 127.0.0.1:PORT" once bound; then tries a TLS handshake with every connection
and closes it. Debian's OpenSSL refuses TLS 1.0/1.1 at its default security level: the
server lowers it to 0 (`@SECLEVEL=0`), as an old server does.
"""

import socket
import ssl
import sys
import warnings


def main():
    cert, key = sys.argv[1], sys.argv[2]
    warnings.simplefilter("ignore", DeprecationWarning)  # TLSv1/TLSv1_1 are deprecated: the point
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1
    ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    ctx.load_cert_chain(cert, key)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    print(f"listening on 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    while True:
        conn, _ = listener.accept()
        try:
            ctx.wrap_socket(conn, server_side=True).close()
        except (OSError, ssl.SSLError):
            conn.close()


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""A real third-party WebSocket peer (Python `websockets` 10.4) driven by the C++ tests.

Protocol: one JSON command per line on stdin, exactly one JSON response line on stdout per
command (flushed). Commands run one at a time, in order; connections stay open between
commands, and the websockets library keeps reading frames and answering pings in the
background meanwhile. Every response carries "ok"; when it is false, "error" says why.
A bad command never ends the program: it is answered with ok=false.

Run with /usr/bin/python3: Debian's python3-websockets is only visible to that interpreter.
"""

import asyncio
import base64
import hashlib
import http.client
import json
import os
import socket
import ssl
import struct
import sys
import urllib.parse

import websockets
import websockets.exceptions

# Connection id -> WebSocketClientProtocol.
CONNECTIONS = {}

# Commands can carry a 1 MiB+ message in base64: the default 64 KiB line limit is too small.
STDIN_LINE_LIMIT = 256 * 1024 * 1024


class CommandError(Exception):
    """A command that cannot be carried out; the text goes back as "error"."""


def b64(data):
    return base64.b64encode(data).decode("ascii")


def headers_to_dict(headers):
    """Lower-cased names; repeated headers are joined with ", " as HTTP allows."""
    result = {}
    if headers is None:
        return result
    if hasattr(headers, "raw_items"):  # websockets.datastructures.Headers
        items = headers.raw_items()
    elif hasattr(headers, "items"):
        items = headers.items()
    else:  # http.client's list of (name, value) pairs
        items = headers
    for name, value in items:
        key = name.lower()
        result[key] = result[key] + ", " + value if key in result else value
    return result


def ssl_context(cmd):
    """Client TLS context: verifies against cmd["ca"] if given; "insecure": true skips checks."""
    ctx = ssl.create_default_context(cafile=cmd.get("ca"))
    if cmd.get("insecure"):
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def connection(cmd):
    cid = cmd.get("id")
    if cid not in CONNECTIONS:
        raise CommandError(f"unknown connection id {cid!r}")
    return CONNECTIONS[cid]


def close_info(ws, exc=None):
    """Close code and reason as the peer saw them; 1006 when the connection died abnormally."""
    code = ws.close_code
    reason = ws.close_reason
    if code is None and exc is not None:
        rcvd = getattr(exc, "rcvd", None)
        code = rcvd.code if rcvd is not None else 1006
        reason = rcvd.reason if rcvd is not None else ""
    return {"code": code if code is not None else 1006, "reason": reason or ""}


def closed_error(ws, exc):
    result = {"ok": False, "error": f"connection closed: {exc}"}
    result.update(close_info(ws, exc))
    return result


def timeout_of(cmd, default):
    value = cmd.get("timeout", default)
    return None if value is None else float(value)


async def op_connect(cmd):
    cid = cmd.get("id")
    if not isinstance(cid, str):
        raise CommandError('connect needs a string "id"')
    old = CONNECTIONS.get(cid)
    if old is not None and not old.closed:
        raise CommandError(f"connection id {cid!r} is still open; close it first")
    url = cmd["url"]
    kwargs = {
        "max_size": None,  # 1 MiB+ messages must arrive
        "open_timeout": timeout_of(cmd, 10),
        # Tests decide when pings happen; a background keepalive would make them racy.
        "ping_interval": cmd.get("ping_interval", None),
    }
    if "ping_timeout" in cmd:
        kwargs["ping_timeout"] = cmd["ping_timeout"]
    if "close_timeout" in cmd:
        kwargs["close_timeout"] = cmd["close_timeout"]
    if "max_queue" in cmd:
        kwargs["max_queue"] = cmd["max_queue"]
    if cmd.get("compression", True) is False:
        kwargs["compression"] = None
    if cmd.get("subprotocols"):
        kwargs["subprotocols"] = list(cmd["subprotocols"])
    if cmd.get("headers"):
        kwargs["extra_headers"] = dict(cmd["headers"])
    if url.startswith("wss:"):
        kwargs["ssl"] = ssl_context(cmd)
    try:
        ws = await websockets.connect(url, **kwargs)
    except websockets.exceptions.InvalidStatusCode as exc:
        result = {"ok": False, "error": str(exc), "status": exc.status_code}
        if getattr(exc, "headers", None) is not None:
            result["headers"] = headers_to_dict(exc.headers)
        return result
    except asyncio.TimeoutError:
        return {"ok": False, "error": "timeout"}
    except Exception as exc:  # any handshake or socket failure is a normal test outcome
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    CONNECTIONS[cid] = ws
    return {
        "ok": True,
        "subprotocol": ws.subprotocol,
        "extensions": [type(ext).__name__ for ext in ws.extensions],
        "response_headers": headers_to_dict(ws.response_headers),
    }


async def op_send(cmd):
    ws = connection(cmd)
    if "text" in cmd:
        message = cmd["text"]
    elif "binary" in cmd:
        message = base64.b64decode(cmd["binary"], validate=True)
    elif "text_repeat" in cmd:
        unit, count = cmd["text_repeat"]
        message = str(unit) * int(count)
    elif "binary_repeat" in cmd:
        unit, count = cmd["binary_repeat"]
        message = base64.b64decode(unit, validate=True) * int(count)
    else:
        raise CommandError('send needs "text", "binary", "text_repeat" or "binary_repeat"')
    try:
        await asyncio.wait_for(ws.send(message), timeout_of(cmd, 20))
    except asyncio.TimeoutError:
        return {"ok": False, "error": "timeout"}
    except websockets.exceptions.ConnectionClosed as exc:
        return closed_error(ws, exc)
    return {"ok": True}


async def op_send_many(cmd):
    ws = connection(cmd)
    size = int(cmd.get("binary_size", 65536))
    count = int(cmd["count"])
    # Random bytes so that permessage-deflate cannot shrink the flood to nothing.
    payload = os.urandom(size)
    sent = 0

    async def flood():
        nonlocal sent
        for _ in range(count):
            await ws.send(payload)
            sent += 1

    try:
        await asyncio.wait_for(flood(), timeout_of(cmd, 20))
    except asyncio.TimeoutError:
        return {"ok": False, "error": "timeout", "sent": sent}
    except websockets.exceptions.ConnectionClosed as exc:
        result = closed_error(ws, exc)
        result["sent"] = sent
        return result
    return {"ok": True, "sent": sent}


def build_frame(fin, opcode, data, rsv1=False, mask=True):
    """Serialises one frame by hand, so that nothing (UTF-8, sizes, extensions) is checked."""
    first = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | (opcode & 0x0F)
    mask_bit = 0x80 if mask else 0
    length = len(data)
    if length < 126:
        header = struct.pack("!BB", first, mask_bit | length)
    elif length < 65536:
        header = struct.pack("!BBH", first, mask_bit | 126, length)
    else:
        header = struct.pack("!BBQ", first, mask_bit | 127, length)
    if not mask:
        return header + data
    key = os.urandom(4)
    # XOR as one big integer: a per-byte Python loop takes ~0.3 s per MiB.
    keystream = (key * (length // 4 + 1))[:length]
    masked = int.from_bytes(data, "big") ^ int.from_bytes(keystream, "big")
    return header + key + masked.to_bytes(length, "big")


async def op_send_raw_frame(cmd):
    ws = connection(cmd)
    if ws.transport is None or ws.transport.is_closing():
        return {"ok": False, "error": "connection closed", **close_info(ws)}
    data = base64.b64decode(cmd.get("data", ""), validate=True)
    frame = build_frame(
        bool(cmd.get("fin", True)),
        int(cmd["opcode"]),
        data,
        rsv1=bool(cmd.get("rsv1", False)),
        mask=bool(cmd.get("mask", True)),
    )
    ws.transport.write(frame)
    try:
        await asyncio.wait_for(ws.drain(), timeout_of(cmd, 10))
    except asyncio.TimeoutError:
        return {"ok": False, "error": "timeout"}
    except websockets.exceptions.ConnectionClosed as exc:
        return closed_error(ws, exc)
    return {"ok": True}


async def op_recv(cmd):
    ws = connection(cmd)
    try:
        message = await asyncio.wait_for(ws.recv(), timeout_of(cmd, 5))
    except asyncio.TimeoutError:
        return {"ok": False, "error": "timeout"}
    except websockets.exceptions.ConnectionClosed as exc:
        return {"ok": True, "type": "closed", **close_info(ws, exc)}
    summary = bool(cmd.get("summary", False))
    if isinstance(message, str):
        raw = message.encode("utf-8")
        result = {"ok": True, "type": "text", "size": len(raw)}
        if not summary:
            result["data"] = message
    else:
        raw = bytes(message)
        result = {"ok": True, "type": "binary", "size": len(raw)}
        if not summary:
            result["data"] = b64(raw)
    result["sha256"] = hashlib.sha256(raw).hexdigest()
    return result


async def op_close(cmd):
    ws = connection(cmd)
    code = int(cmd.get("code", 1000))
    reason = str(cmd.get("reason", ""))
    try:
        await asyncio.wait_for(ws.close(code, reason), timeout_of(cmd, 15))
    except asyncio.TimeoutError:
        return {"ok": False, "error": "timeout"}
    return {"ok": True, **close_info(ws)}


async def op_abort(cmd):
    """Drops the TCP connection without a close frame (the server should see 1006)."""
    ws = connection(cmd)
    if ws.transport is not None:
        ws.transport.abort()
    try:
        await asyncio.wait_for(ws.wait_closed(), timeout_of(cmd, 5))
    except asyncio.TimeoutError:
        return {"ok": False, "error": "timeout"}
    return {"ok": True, **close_info(ws)}


async def op_wait_closed(cmd):
    ws = connection(cmd)
    try:
        await asyncio.wait_for(ws.wait_closed(), timeout_of(cmd, 5))
    except asyncio.TimeoutError:
        return {"ok": False, "error": "timeout"}
    return {"ok": True, **close_info(ws)}


async def op_state(cmd):
    ws = connection(cmd)
    result = {"ok": True, "open": ws.open, "closed": ws.closed}
    if ws.closed:
        result.update(close_info(ws))
    return result


async def op_ping(cmd):
    ws = connection(cmd)
    data = cmd.get("data")
    try:
        waiter = await ws.ping(data.encode("utf-8") if isinstance(data, str) else None)
    except websockets.exceptions.ConnectionClosed as exc:
        return closed_error(ws, exc)
    try:
        # shield: a timeout must not cancel the waiter websockets keeps in its own table.
        await asyncio.wait_for(asyncio.shield(waiter), timeout_of(cmd, 1))
    except asyncio.TimeoutError:
        return {"ok": True, "pong": False}
    except websockets.exceptions.ConnectionClosed as exc:
        return closed_error(ws, exc)
    return {"ok": True, "pong": True}


def http_request(cmd):
    url = cmd["url"]
    parts = urllib.parse.urlsplit(url)
    # Everything after scheme://netloc goes out byte for byte: "/../secret" must not be
    # normalised, since tests use it to probe path traversal.
    prefix = f"{parts.scheme}://{parts.netloc}"
    target = url[len(prefix):] if url.startswith(prefix) else parts.path
    if not target:
        target = "/"
    timeout = timeout_of(cmd, 5)
    host = parts.hostname or "127.0.0.1"
    port = parts.port
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl_context(cmd))
    elif parts.scheme == "http":
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    else:
        raise CommandError(f"unsupported scheme {parts.scheme!r}")
    if "body_b64" in cmd:
        body = base64.b64decode(cmd["body_b64"], validate=True)
    else:
        body = str(cmd.get("body", "")).encode("utf-8")
    try:
        conn.request(
            str(cmd.get("method", "GET")),
            target,
            body=body if body else None,
            headers=dict(cmd.get("headers") or {}),
        )
        response = conn.getresponse()
        payload = response.read()
        return {
            "ok": True,
            "status": response.status,
            "reason": response.reason,
            "headers": headers_to_dict(response.getheaders()),
            "body": payload.decode("utf-8", errors="replace"),
            "body_b64": b64(payload),
        }
    finally:
        conn.close()


async def op_http(cmd):
    # http.client blocks: run it on a thread so the loop keeps serving open WebSockets.
    try:
        return await asyncio.to_thread(http_request, cmd)
    except (OSError, http.client.HTTPException) as exc:
        error = "timeout" if isinstance(exc, socket.timeout) else f"{type(exc).__name__}: {exc}"
        return {"ok": False, "error": error}


async def op_raw(cmd):
    host = cmd.get("host", "127.0.0.1")
    port = int(cmd["port"])
    data = base64.b64decode(cmd.get("data", ""), validate=True)
    timeout = timeout_of(cmd, 3)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    kwargs = {}
    if cmd.get("tls"):
        kwargs["ssl"] = ssl_context(cmd)
        kwargs["server_hostname"] = cmd.get("server_hostname", host)
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, limit=STDIN_LINE_LIMIT, **kwargs), timeout
        )
    except asyncio.TimeoutError:
        return {"ok": False, "error": "timeout"}
    except OSError as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    received = bytearray()
    eof = False
    try:
        writer.write(data)
        await asyncio.wait_for(writer.drain(), max(0.0, deadline - loop.time()))
        if cmd.get("half_close") and writer.can_write_eof():
            writer.write_eof()
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            chunk = await asyncio.wait_for(reader.read(65536), remaining)
            if not chunk:
                eof = True
                break
            received += chunk
    except asyncio.TimeoutError:
        pass  # whatever arrived before the deadline is the answer
    except (ConnectionError, ssl.SSLError) as exc:
        # A reset after the server answered is still an answer; report what arrived.
        eof = True
        sys.stderr.write(f"ws_peer: raw connection ended with {exc!r}\n")
    finally:
        writer.close()
    return {
        "ok": True,
        "data": b64(bytes(received)),
        "text": bytes(received).decode("latin-1"),
        "eof": eof,
    }


OPS = {
    "connect": op_connect,
    "send": op_send,
    "send_many": op_send_many,
    "send_raw_frame": op_send_raw_frame,
    "recv": op_recv,
    "close": op_close,
    "abort": op_abort,
    "wait_closed": op_wait_closed,
    "state": op_state,
    "ping": op_ping,
    "http": op_http,
    "raw": op_raw,
}


async def handle(cmd):
    op = cmd.get("op")
    if op not in OPS:
        return {"ok": False, "error": f"unknown op {op!r}"}
    try:
        return await OPS[op](cmd)
    except CommandError as exc:
        return {"ok": False, "error": str(exc)}
    except Exception as exc:  # never crash on a bad command: the tests read the error instead
        return {"ok": False, "error": f"{op}: {type(exc).__name__}: {exc}"}


def with_seq(cmd, response):
    """Echoes the command's "seq", so that a client that gave up waiting for an answer can
    recognise it when it arrives late instead of taking it for the next command's answer."""
    if "seq" in cmd:
        response["seq"] = cmd["seq"]
    return response


def respond(response):
    try:
        sys.stdout.buffer.write(json.dumps(response).encode("utf-8") + b"\n")
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # The test process stopped reading (it exited or gave up): nothing left to serve.
        os._exit(0)


async def stdin_reader():
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=STDIN_LINE_LIMIT)
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    except ValueError:
        # Not a pipe (a file or a terminal): read lines on a thread instead.
        return None
    return reader


async def read_line(reader):
    """Returns (line, error); line is b"" at EOF."""
    if reader is None:
        return await asyncio.to_thread(sys.stdin.buffer.readline), None
    try:
        return await reader.readline(), None
    except ValueError:
        # Over the limit: asyncio drops the buffered part; answer instead of dying.
        return b"\n", "command line too long"


async def shutdown():
    """Closes what is still open, without letting an unresponsive server delay exit."""
    pending = [ws.close() for ws in CONNECTIONS.values() if not ws.closed]
    if pending:
        try:
            await asyncio.wait_for(asyncio.gather(*pending, return_exceptions=True), 2)
        except asyncio.TimeoutError:
            pass


async def main():
    reader = await stdin_reader()
    while True:
        line, error = await read_line(reader)
        if error is not None:
            respond({"ok": False, "error": error})
            continue
        if not line:
            break  # EOF: the test process is gone or done
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            respond({"ok": False, "error": "command is not UTF-8"})
            continue
        try:
            cmd = json.loads(text)
        except ValueError as exc:
            respond({"ok": False, "error": f"bad JSON: {exc}"})
            continue
        if not isinstance(cmd, dict):
            respond({"ok": False, "error": "command must be a JSON object"})
            continue
        if cmd.get("op") == "quit":
            respond(with_seq(cmd, {"ok": True}))
            break
        respond(with_seq(cmd, await handle(cmd)))
    await shutdown()


if __name__ == "__main__":
    asyncio.run(main())
    sys.exit(0)

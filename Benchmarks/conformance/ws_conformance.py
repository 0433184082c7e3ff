"""RFC 6455 conformance cases against `fanout serve --echo`, in the spirit of the Autobahn TestSuite.

The Autobahn TestSuite itself could not run here (see README, "Live gateway"): this script drives the
same kinds of cases with hand-built frames over raw sockets (framing, pings, reserved bits, opcodes,
fragmentation, UTF-8, the closing handshake, limits, masking) and prints one line per case:
OK, NON-STRICT (the right outcome, later than a strict reading of the RFC asks) or FAILED.

Usage: python3 ws_conformance.py [--host 127.0.0.1] [--port 9001]
against:  fanout serve --port 9001 --no-auth --allowed-origin '*' --echo --rate-limit 100000 --rate-burst 100000
Exit status 0 when no case FAILED.
"""

import argparse
import base64
import os
import socket
import struct
import sys
import time

HOST, PORT = "127.0.0.1", 9001


def frame(opcode, payload=b"", fin=True, rsv=0, mask=True, length_override=None):
    first = (0x80 if fin else 0) | (rsv << 4) | opcode
    n = len(payload) if length_override is None else length_override
    header = bytes([first])
    m = 0x80 if mask else 0
    if n < 126:
        header += bytes([m | n])
    elif n < 65536:
        header += bytes([m | 126]) + struct.pack("!H", n)
    else:
        header += bytes([m | 127]) + struct.pack("!Q", n)
    if not mask:
        return header + payload
    key = os.urandom(4)
    return header + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


class Peer:
    def __init__(self):
        self.sock = socket.create_connection((HOST, PORT), timeout=5)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET / HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: http://localhost\r\n\r\n"
            ).encode()
        )
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("handshake: connection closed")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(f"handshake: {head.splitlines()[0]!r}")

    def send(self, data):
        try:
            self.sock.sendall(data)
        except OSError:
            pass

    def _need(self, n, deadline):
        while len(self.buffer) < n:
            self.sock.settimeout(max(0.01, deadline - time.time()))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buffer += chunk

    def read_frame(self, timeout=2.0):
        """(opcode, payload), ('eof', None) or ('timeout', None)."""
        deadline = time.time() + timeout
        try:
            self._need(2, deadline)
            b0, b1 = self.buffer[0], self.buffer[1]
            n, offset = b1 & 0x7F, 2
            if n == 126:
                self._need(4, deadline)
                n, offset = struct.unpack("!H", self.buffer[2:4])[0], 4
            elif n == 127:
                self._need(10, deadline)
                n, offset = struct.unpack("!Q", self.buffer[2:10])[0], 10
            self._need(offset + n, deadline)
            payload = self.buffer[offset : offset + n]
            self.buffer = self.buffer[offset + n :]
            return b0 & 0x0F, payload
        except EOFError:
            return "eof", None
        except (socket.timeout, TimeoutError):
            return "timeout", None
        except ConnectionResetError:
            return "eof", None

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def expect_close(peer, codes, timeout=2.0):
    """True if the next non-pong frame is a close with one of `codes` (or the socket ends after it)."""
    while True:
        op, payload = peer.read_frame(timeout)
        if op == 0xA:
            continue
        if op == 0x8:
            code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
            return code in codes, f"close {code}"
        return False, f"got {op}"


def expect_echo(peer, opcode, payload):
    op, got = peer.read_frame()
    return (op == opcode and got == payload), f"got opcode {op}, {len(got) if got is not None else 0} bytes"


CASES = []


def case(section, name):
    def register(fn):
        CASES.append((section, name, fn))
        return fn

    return register


# 1 Framing: text and binary messages of boundary lengths echo back.
for opcode, kind in [(0x1, "text"), (0x2, "binary")]:
    for n in [0, 1, 125, 126, 127, 128, 65535, 65536]:

        def run(peer, opcode=opcode, n=n):
            payload = b"*" * n
            peer.send(frame(opcode, payload))
            return expect_echo(peer, opcode, payload)

        case("1 framing", f"{kind} {n} bytes")(run)

# 2 Pings and pongs.
for n in [0, 10, 125]:

    def run(peer, n=n):
        payload = os.urandom(n)
        peer.send(frame(0x9, payload))
        return expect_echo(peer, 0xA, payload)

    case("2 pings", f"ping {n} bytes answered by pong")(run)


@case("2 pings", "ping 126 bytes closes 1002")
def _(peer):
    peer.send(frame(0x9, b"x" * 126))
    return expect_close(peer, {1002})


@case("2 pings", "fragmented ping closes 1002")
def _(peer):
    peer.send(frame(0x9, b"abc", fin=False))
    return expect_close(peer, {1002})


@case("2 pings", "unsolicited pong ignored")
def _(peer):
    peer.send(frame(0xA, b"hi") + frame(0x1, b"after"))
    return expect_echo(peer, 0x1, b"after")


@case("2 pings", "ten pings, ten pongs in order")
def _(peer):
    peer.send(b"".join(frame(0x9, str(i).encode()) for i in range(10)))
    for i in range(10):
        op, got = peer.read_frame()
        if op != 0xA or got != str(i).encode():
            return False, f"pong {i}: {op} {got!r}"
    return True, "10 pongs"


# 3 Reserved bits (no extension negotiated).
for rsv in range(1, 8):

    def run(peer, rsv=rsv):
        peer.send(frame(0x1, b"hello", rsv=rsv))
        return expect_close(peer, {1002})

    case("3 reserved bits", f"RSV={rsv} closes 1002")(run)

# 4 Reserved opcodes.
for opcode in [3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF]:

    def run(peer, opcode=opcode):
        peer.send(frame(opcode, b"x"))
        return expect_close(peer, {1002})

    case("4 opcodes", f"opcode {opcode:#x} closes 1002")(run)


# 5 Fragmentation.
def fragmented(opcode, parts, interleave=None):
    out = b""
    for i, part in enumerate(parts):
        out += frame(opcode if i == 0 else 0x0, part, fin=(i == len(parts) - 1))
        if interleave and i == 0:
            out += interleave
    return out


for opcode, kind in [(0x1, "text"), (0x2, "binary")]:
    for parts in [[b"fragment1", b"fragment2"], [b"a", b"b", b"c"], [b"", b"x", b""]]:

        def run(peer, opcode=opcode, parts=parts):
            peer.send(fragmented(opcode, parts))
            return expect_echo(peer, opcode, b"".join(parts))

        case("5 fragmentation", f"{kind} in {len(parts)} fragments")(run)


@case("5 fragmentation", "ping between fragments answered, message echoed")
def _(peer):
    peer.send(fragmented(0x1, [b"frag", b"ment"], interleave=frame(0x9, b"ping")))
    ok, why = expect_echo(peer, 0xA, b"ping")
    return (expect_echo(peer, 0x1, b"fragment") if ok else (ok, why))


@case("5 fragmentation", "100 one-byte fragments")
def _(peer):
    parts = [bytes([65 + i % 26]) for i in range(100)]
    peer.send(fragmented(0x1, parts))
    return expect_echo(peer, 0x1, b"".join(parts))


@case("5 fragmentation", "continuation with nothing to continue closes 1002")
def _(peer):
    peer.send(frame(0x0, b"orphan"))
    return expect_close(peer, {1002})


@case("5 fragmentation", "new text frame inside a fragmented message closes 1002")
def _(peer):
    peer.send(frame(0x1, b"start", fin=False) + frame(0x1, b"again"))
    return expect_close(peer, {1002})


@case("5 fragmentation", "fragmented close closes 1002")
def _(peer):
    peer.send(frame(0x8, struct.pack("!H", 1000), fin=False))
    return expect_close(peer, {1002})


# 6 UTF-8.
VALID = ["κόσμε", "Hello-µ@ßöäüàá-UTF-8!!", "\U0001F600 emoji", "\u0080\u07ff\u0800\uffff", "\U00010000\U0010ffff"]
INVALID = [
    b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited",  # surrogate
    b"\xc0\xaf",  # overlong slash
    b"\xe0\x80\xaf",  # overlong 3-byte
    b"\xf4\x90\x80\x80",  # above U+10FFFF
    b"\xfe",
    b"\xff",
    b"\xce",  # truncated
    b"\x80",  # lone continuation
    b"\xed\xbf\xbf",  # low surrogate
    b"\xf8\x88\x80\x80\x80",  # 5-byte form
]
for text in VALID:

    def run(peer, text=text):
        payload = text.encode()
        peer.send(frame(0x1, payload))
        return expect_echo(peer, 0x1, payload)

    case("6 utf-8", f"valid {text!r}")(run)

    def run_split(peer, text=text):
        payload = text.encode()
        # Split inside a code point where there is one.
        cut = next((i for i in range(1, len(payload)) if payload[i] & 0xC0 == 0x80), len(payload) // 2)
        peer.send(fragmented(0x1, [payload[:cut], payload[cut:]]))
        return expect_echo(peer, 0x1, payload)

    case("6 utf-8", f"valid {text!r} split inside a code point")(run_split)

for payload in INVALID:

    def run(peer, payload=payload):
        peer.send(frame(0x1, payload))
        return expect_close(peer, {1007})

    case("6 utf-8", f"invalid {payload!r} closes 1007")(run)


@case("6 utf-8", "invalid first fragment, fail fast")
def _(peer):
    peer.send(frame(0x1, b"\xce\xba\xed\xa0\x80", fin=False))
    ok, why = expect_close(peer, {1007}, timeout=1.0)
    if ok:
        return True, why
    peer.send(frame(0x0, b"rest"))
    ok, why = expect_close(peer, {1007})
    return ("NON-STRICT" if ok else False), why + " (only once the message is complete)"


# 7 Closing handshake.
@case("7 close", "empty close answered")
def _(peer):
    peer.send(frame(0x8))
    op, payload = peer.read_frame()
    return op == 0x8, f"got {op} {payload!r}"


for code in [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999]:

    def run(peer, code=code):
        peer.send(frame(0x8, struct.pack("!H", code) + b"bye"))
        return expect_close(peer, {code})

    case("7 close", f"close {code} echoed")(run)

for code in [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535]:

    def run(peer, code=code):
        peer.send(frame(0x8, struct.pack("!H", code)))
        return expect_close(peer, {1002})

    case("7 close", f"invalid close code {code} answered 1002")(run)


@case("7 close", "1-byte close payload answered 1002")
def _(peer):
    peer.send(frame(0x8, b"\x03"))
    return expect_close(peer, {1002})


@case("7 close", "close reason with invalid UTF-8 answered 1007")
def _(peer):
    peer.send(frame(0x8, struct.pack("!H", 1000) + b"\xff\xfe"))
    return expect_close(peer, {1007})


@case("7 close", "123-byte close reason echoed")
def _(peer):
    peer.send(frame(0x8, struct.pack("!H", 1000) + b"r" * 123))
    return expect_close(peer, {1000})


@case("7 close", "frames after close ignored, TCP closed")
def _(peer):
    peer.send(frame(0x8, struct.pack("!H", 1000)) + frame(0x1, b"late"))
    ok, why = expect_close(peer, {1000})
    op, _ = peer.read_frame(2.0)
    return ok and op == "eof", why + f", then {op}"


# 8 Limits (128 KB, like API Gateway).
@case("8 limits", "131072-byte message echoed")
def _(peer):
    payload = b"m" * 131072
    peer.send(frame(0x2, payload))
    return expect_echo(peer, 0x2, payload)


@case("8 limits", "131073-byte frame closes 1009")
def _(peer):
    peer.send(frame(0x2, b"m" * 131073))
    return expect_close(peer, {1009})


@case("8 limits", "fragments adding up past 131072 close 1009")
def _(peer):
    peer.send(fragmented(0x2, [b"m" * 70000, b"m" * 70000]))
    return expect_close(peer, {1009})


# 9 Masking.
@case("9 masking", "unmasked client frame closes 1002")
def _(peer):
    peer.send(frame(0x1, b"bare", mask=False))
    return expect_close(peer, {1002})


def main():
    global HOST, PORT
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default=HOST)
    parser.add_argument("--port", type=int, default=PORT)
    args = parser.parse_args()
    HOST, PORT = args.host, args.port
    counts = {"OK": 0, "NON-STRICT": 0, "FAILED": 0}
    for section, name, fn in CASES:
        peer = Peer()
        try:
            result, why = fn(peer)
        except Exception as error:  # a case that breaks is a failure, not a crash
            result, why = False, f"{type(error).__name__}: {error}"
        finally:
            peer.close()
        verdict = "NON-STRICT" if result == "NON-STRICT" else ("OK" if result else "FAILED")
        counts[verdict] += 1
        print(f"{verdict:10} {section:16} {name} ({why})")
    print(f"{len(CASES)} cases: {counts['OK']} OK, {counts['NON-STRICT']} NON-STRICT, {counts['FAILED']} FAILED")
    sys.exit(1 if counts["FAILED"] else 0)


if __name__ == "__main__":
    main()

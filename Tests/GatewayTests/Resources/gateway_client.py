"""Drives `fanout serve` with Python's `websockets` client, one scenario per run.

Usage: python gateway_client.py SCENARIO --url ws://127.0.0.1:PORT --origin ORIGIN --token T [...]
Prints one line per check and exits 0 when every check holds, 1 with the failing check otherwise.
"""

import argparse
import asyncio
import json
import socket
import sys

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus


def check(condition, what):
    print(("ok: " if condition else "FAILED: ") + what, flush=True)
    if not condition:
        sys.exit(1)


async def recv_json(ws, timeout=5):
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def nothing_within(ws, seconds):
    try:
        await asyncio.wait_for(ws.recv(), seconds)
        return False
    except asyncio.TimeoutError:
        return True


def url_with(args, token):
    return f"{args.url}/?token={token}" if token else args.url


async def seed(args):
    """The seed's client sequence: join two channels, send "Hello, everyone" to one."""
    async with connect(url_with(args, args.token), origin=args.origin) as alice, connect(
        args.url, origin=args.origin, subprotocols=[f"token.{args.token}"]
    ) as bob:
        check(bob.subprotocol == f"token.{args.token}", "token in Sec-WebSocket-Protocol accepted and echoed")
        for channel in ["room1", "room2"]:
            await alice.send(json.dumps({"action": "joinchannel", "channel": channel}))
            reply = await recv_json(alice)
            check(reply.get("channel") == channel and reply.get("connectionId"), f"join {channel} replied {reply}")
        await bob.send(json.dumps({"action": "joinchannel", "channel": "room1"}))
        check((await recv_json(bob)).get("channel") == "room1", "bob joined room1")
        await alice.send(json.dumps({"action": "sendmessage", "channel": "room1", "message": "Hello, everyone"}))
        got = await asyncio.wait_for(bob.recv(), 5)
        check(got == "Hello, everyone", f"bob received {got!r}")
        check(await nothing_within(alice, 0.3), "the sender is not echoed")
        await bob.send(json.dumps({"action": "sendmessage", "message": "to default"}))
        check(await asyncio.wait_for(alice.recv(), 5) == "to default", "sendmessage without a channel goes to default")
        for frame, reason in [
            ("{not json", "malformed_json"),
            (json.dumps({"action": "dance"}), "unknown_action"),
            (json.dumps({"action": "joinchannel"}), "missing_channel"),
            (json.dumps({"action": "joinchannel", "channel": "bad name!"}), "invalid_channel"),
        ]:
            await alice.send(frame)
            reply = await recv_json(alice)
            check(reply.get("error") == reason, f"error frame {reply}")
        await alice.send(json.dumps({"action": "leavechannel", "channel": "room1"}))
        check((await recv_json(alice)).get("left") is True, "alice left room1")
        await bob.send(json.dumps({"action": "sendmessage", "channel": "room1", "message": "after leave"}))
        check(await nothing_within(alice, 0.3), "no delivery after leavechannel")
        pong = await alice.ping()
        await asyncio.wait_for(pong, 5)
        check(True, "connection still up after the error frames (ping answered)")


async def expect_status(url, origin, status, what, **kwargs):
    try:
        async with connect(url, origin=origin, **kwargs):
            check(False, f"{what}: connected")
    except InvalidStatus as error:
        check(error.response.status_code == status, f"{what}: HTTP {error.response.status_code}")


async def rejections(args):
    await expect_status(url_with(args, args.token), "https://evil.example.net", 403, "bad origin")
    await expect_status(url_with(args, args.token), None, 403, "no origin")
    await expect_status(args.url, args.origin, 401, "no token")
    # One character of the signature's first byte changed: the bytes differ, whatever the token.
    start = args.token.index(".") + 1
    forged = args.token[:start] + ("B" if args.token[start] == "A" else "A") + args.token[start + 1:]
    await expect_status(url_with(args, forged), args.origin, 401, "bad signature")
    await expect_status(url_with(args, args.expired_token), args.origin, 401, "expired token")


async def frame_cap(args):
    async with connect(url_with(args, args.token), origin=args.origin, max_size=None) as ws:
        envelope = json.dumps({"action": "sendmessage", "message": ""})
        exact = envelope.replace('""', '"' + "x" * (128 * 1024 - len(envelope)) + '"')
        await ws.send(exact)
        await asyncio.wait_for(await ws.ping(), 5)
        check(len(exact) == 128 * 1024, "a 131072-byte message is accepted")
        await ws.send("x" * (128 * 1024 + 1))
        try:
            await asyncio.wait_for(ws.recv(), 5)
            check(False, "an oversized message did not close the connection")
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else None
            check(code == 1009, f"a 131073-byte message closes with {code}")


async def slow_consumer(args):
    count, size = args.messages, 4096
    url = url_with(args, args.token)
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    host, port = args.url.split("//")[1].split(":")
    raw.connect((host, int(port)))
    async with connect(url, origin=args.origin, sock=raw, max_queue=1) as slow, connect(
        url, origin=args.origin
    ) as fast, connect(url, origin=args.origin) as publisher:
        for ws in (slow, fast):
            await ws.send(json.dumps({"action": "joinchannel", "channel": "news"}))
            await recv_json(ws)
        received = 0
        for i in range(count):
            # Lockstep: the fast consumer reads each message before the next is sent.
            await publisher.send(json.dumps({"action": "sendmessage", "channel": "news", "message": f"{i:06d}" + "y" * (size - 6)}))
            message = await asyncio.wait_for(fast.recv(), 10)
            if not message.startswith(f"{i:06d}"):
                check(False, f"fast consumer message {i} in order")
            received += 1
        check(received == count, f"fast consumer received all {count}")
        slow_received = 0
        try:
            while True:
                await asyncio.wait_for(slow.recv(), 5)
                slow_received += 1
        except (ConnectionClosed, asyncio.TimeoutError):
            pass
        check(slow_received < count, f"slow consumer cut off after {slow_received} of {count}")
        await publisher.send(json.dumps({"action": "sendmessage", "channel": "news", "message": "still here"}))
        check(await asyncio.wait_for(fast.recv(), 5) == "still here", "others keep receiving after the cut")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=["seed", "rejections", "frame-cap", "slow-consumer"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--origin", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--expired-token", default="")
    parser.add_argument("--messages", type=int, default=400)
    args = parser.parse_args()
    scenario = {"seed": seed, "rejections": rejections, "frame-cap": frame_cap, "slow-consumer": slow_consumer}
    asyncio.run(scenario[args.scenario](args))
    print("passed", flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""SSE fan-out: opens N streams of GET /api/events?resources=<r> and counts the events they receive for
D seconds, while another process writes. Prints one line: RESULT <events/s delivered> <streams> <events>
<events per stream, min> <events per stream, max>. Usage: sse_fanout.py <port> <token> <streams> <seconds> [resource]"""
import asyncio
import sys


async def stream(port, token, resource, counts, index, ready):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write((f"GET /api/events?resources={resource} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n").encode())
    await writer.drain()
    status = await reader.readline()
    if b" 200 " not in status:
        raise SystemExit(f"stream {index}: {status.decode().strip()}")
    ready.set_result(None) if not ready.done() else None
    while True:
        line = await reader.readline()
        if not line:
            return
        # one event: line per event (the opening "id: N" of a stream, and a reset, are not events)
        if line.startswith(b"event:") and not line.startswith(b"event: reset"):
            counts[index] += 1


async def main():
    port, token, streams, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    resource = sys.argv[5] if len(sys.argv) > 5 else "products"
    counts = [0] * streams
    loop = asyncio.get_running_loop()
    readies = [loop.create_future() for _ in range(streams)]
    tasks = [asyncio.create_task(stream(port, token, resource, counts, i, readies[i])) for i in range(streams)]
    await asyncio.wait_for(asyncio.gather(*readies), timeout=30)
    print("READY", flush=True)
    await asyncio.sleep(seconds)
    for t in tasks:
        t.cancel()
    total = sum(counts)
    print(f"RESULT {total / seconds:.1f} {streams} {total} {min(counts)} {max(counts)}", flush=True)


asyncio.run(main())

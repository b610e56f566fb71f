#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that holds every byte back for a fixed time in each direction.

usage: latency-proxy.py LISTEN_PORT UPSTREAM_PORT DELAY_MS [UPLOAD_BYTES_PER_SECOND]

Each chunk read from one side is written to the other DELAY_MS after it arrived, in order, so a
request and its answer take 2 x DELAY_MS more (a round trip, as to a registry far away). Without
UPLOAD_BYTES_PER_SECOND the bytes flow as fast as both sides take them: latency, no bandwidth
limit. With it, the bytes sent towards the registry, over all connections together, pass at most
that fast, as over one uplink. bench/run puts it in front of the registry when LATENCY_MS or
UPLOAD_RATE is set.
"""
import asyncio
import sys
import time


class Link:
    """The uplink the bytes towards the registry share: when it is free again, at a given rate."""

    def __init__(self, rate):
        self.rate = rate
        self.free_at = 0.0

    def due(self, arrived, size):
        """When a chunk of size bytes that arrived then has passed the link."""
        if self.rate is None:
            return arrived
        self.free_at = max(arrived, self.free_at) + size / self.rate
        return self.free_at


async def forward(reader, writer, delay, link):
    queue = asyncio.Queue()

    async def take():
        while True:
            data = await reader.read(65536)
            await queue.put((link.due(time.monotonic(), len(data)) + delay, data))
            if not data:
                return

    async def give():
        while True:
            due, data = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    try:
        await asyncio.gather(take(), give())
    except (ConnectionError, OSError):
        writer.close()


def main(argv):
    if len(argv) not in (4, 5):
        sys.exit(__doc__)
    listen, upstream, delay = int(argv[1]), int(argv[2]), float(argv[3]) / 1000
    uplink = Link(float(argv[4]) if len(argv) == 5 else None)
    downlink = Link(None)

    async def connection(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", upstream)
        except OSError:
            client_writer.close()
            return
        # each direction ends with its EOF passed on (a half close); the sockets close once both have
        await asyncio.gather(forward(client_reader, server_writer, delay, uplink),
                             forward(server_reader, client_writer, delay, downlink))
        server_writer.close()
        client_writer.close()

    async def serve():
        server = await asyncio.start_server(connection, "127.0.0.1", listen)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that holds every byte back for a fixed time in each direction.

usage: latency-proxy.py LISTEN_PORT UPSTREAM_PORT DELAY_MS

Each chunk read from one side is written to the other DELAY_MS after it arrived, in order, so a
request and its answer take 2 x DELAY_MS more (a round trip, as to a registry far away) while the
bytes still flow as fast as both sides take them: latency, no bandwidth limit. bench/run puts it in
front of the registry when LATENCY_MS is set.
"""
import asyncio
import sys
import time


async def forward(reader, writer, delay):
    queue = asyncio.Queue()

    async def take():
        while True:
            data = await reader.read(65536)
            await queue.put((time.monotonic() + delay, data))
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
        pass
    finally:
        writer.close()


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    listen, upstream, delay = int(argv[1]), int(argv[2]), float(argv[3]) / 1000

    async def connection(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", upstream)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(forward(client_reader, server_writer, delay),
                             forward(server_reader, client_writer, delay))

    async def serve():
        server = await asyncio.start_server(connection, "127.0.0.1", listen)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    main(sys.argv)

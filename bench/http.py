"""A minimal keep-alive HTTP/1.1 client for the load test.

A load generator must cost far less than the server it measures.  On this
two-core machine, 32 httpx clients used a whole core at 200 requests/s, so
latencies measured through httpx were mostly the client's own queue.  This
client does only what HTTP/1.1 needs for GET: write the request, read the
status line and headers, then the body by Content-Length or in chunks.
"""

import asyncio


class HTTPError(Exception):
    """The connection failed or the response could not be read."""


class Connection:
    """One keep-alive connection to ``host:port``, used for one request at a time."""

    def __init__(self, host, port, timeout=30, local_addr=None):
        """``local_addr``: the client's own address, e.g. ``("127.0.0.2", 0)``, to be one of several clients."""
        self.host, self.port, self.timeout, self.local_addr = host, port, timeout, local_addr
        self.reader = self.writer = None

    async def get(self, path):
        """GET ``path`` (already percent-encoded); return ``(status, body bytes)``."""
        try:
            return await asyncio.wait_for(self._get(path), self.timeout)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ValueError) as error:
            self.close()
            raise HTTPError(f"{type(error).__name__}: {error}") from error

    async def _get(self, path):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port, limit=1 << 20,
                                                                     local_addr=self.local_addr)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip().lower()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            body = await self._read_chunks()
        else:
            body = await self.reader.read()
            headers["connection"] = "close"
        if headers.get("connection") == "close":
            self.close()
        return status, body

    async def _read_chunks(self):
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")  # no trailers are sent
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

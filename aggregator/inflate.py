"""Decompresses gzip and deflate HTTP bodies in bounded steps. Contains no business logic.

httpx decompresses each network read in one call, and deflate expands about 1000-fold: one
64 KiB read of a compression bomb becomes 64 MiB in memory before anyone can count it. Here
no step yields more than ``STEP`` bytes, so a caller that counts the bytes can stop a bomb
after at most ``STEP`` bytes past its limit.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

STEP = 256 * 1024  # bytes of decompressed output per step
ENCODINGS = ("gzip", "x-gzip", "deflate")  # the Content-Encoding values ``inflate`` reads
ACCEPTED = ("gzip", "deflate")  # what requests offer in Accept-Encoding


async def inflate(raw: AsyncIterator[bytes], encoding: str) -> AsyncIterator[bytes]:
    """The decompressed pieces of ``raw``, a body in one of ``ENCODINGS``.

    Raises:
        zlib.error: the body is not in the encoding it claims.
    """
    inflater = None
    async for data in raw:
        if inflater is None:
            inflater = zlib.decompressobj(_window_bits(encoding, data))
        while data and not inflater.eof:
            yield inflater.decompress(data, STEP)
            data = inflater.unconsumed_tail
    if inflater is not None:
        yield inflater.flush()


def _window_bits(encoding: str, start: bytes) -> int:
    """zlib's wbits for the body: gzip, zlib-wrapped deflate or (as some servers send) raw."""
    if encoding != "deflate":
        return zlib.MAX_WBITS | 16
    wrapped = len(start) >= 2 and start[0] & 0x0F == 8 and (start[0] << 8 | start[1]) % 31 == 0
    return zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS

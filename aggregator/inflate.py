"""Decompresses gzip, deflate and brotli HTTP bodies in bounded steps. Contains no business logic.

httpx decompresses each network read in one call, and deflate expands about 1000-fold (brotli
far more): one 64 KiB read of a compression bomb becomes 64 MiB in memory before anyone can
count it. Here no step yields more than ``STEP`` bytes, so a caller that counts the bytes can
stop a bomb after at most ``STEP`` bytes past its limit. Besides the steps, a decoder holds its
window: 32 KiB for gzip and deflate, and for brotli what the body declares, up to
``MAX_BROTLI_WINDOW`` (a larger one is refused).
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

import brotli  # type: ignore[import-untyped]  # brotli 1.2 ships neither stubs nor py.typed

STEP = 256 * 1024  # bytes of decompressed output per step
ENCODINGS = ("gzip", "x-gzip", "deflate", "br")  # the Content-Encoding values ``inflate`` reads
ACCEPTED = ("gzip", "deflate", "br")  # what requests offer in Accept-Encoding

# brotli checks output_buffer_limit only before it grows its output buffer, and each growth
# doubles the buffer, so one call returns up to about twice the limit: ask for half a step.
_BROTLI_LIMIT = STEP // 2
# Log2 of the largest brotli window accepted. The decoder allocates the window the stream
# declares (RFC 7932 section 9.1, up to 16 MiB) outside Python, whatever the cap on the body;
# 4 MiB is the brotli library's default, and HTTP servers compress with that or less (nginx's
# default window is 512 KiB), so a larger window is a bomb's way to take memory.
MAX_BROTLI_WINDOW = 22


class DecodeError(zlib.error):
    """A body that is not in the encoding it claims.

    A ``zlib.error``, so that code catching zlib's error for gzip catches every codec's.
    """


def inflate(raw: AsyncIterator[bytes], encoding: str) -> AsyncIterator[bytes]:
    """The decompressed pieces of ``raw``, a body in one of ``ENCODINGS``.

    Raises:
        DecodeError: while iterating, if the body is not in the encoding it claims.
    """
    return _unbrotli(raw) if encoding == "br" else _unzip(raw, encoding)


async def _unzip(raw: AsyncIterator[bytes], encoding: str) -> AsyncIterator[bytes]:
    """The pieces of a gzip or deflate body."""
    inflater = None
    try:
        async for data in raw:
            if inflater is None:
                inflater = zlib.decompressobj(_window_bits(encoding, data))
            while data and not inflater.eof:
                yield inflater.decompress(data, STEP)
                data = inflater.unconsumed_tail
        if inflater is not None:
            yield inflater.flush()
    except zlib.error as exc:
        raise DecodeError(f"the body is not valid {encoding}: {exc}") from exc


def _window_bits(encoding: str, start: bytes) -> int:
    """zlib's wbits for the body: gzip, zlib-wrapped deflate or (as some servers send) raw."""
    if encoding != "deflate":
        return zlib.MAX_WBITS | 16
    wrapped = len(start) >= 2 and start[0] & 0x0F == 8 and (start[0] << 8 | start[1]) % 31 == 0
    return zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS


async def _unbrotli(raw: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """The pieces of a brotli body; its window is checked before any byte is decoded."""
    decompressor = brotli.Decompressor()
    started = False
    try:
        async for data in raw:
            if data and not started:
                _check_brotli_window(data[0])
                started = True
            piece = decompressor.process(data, output_buffer_limit=_BROTLI_LIMIT)
            # An empty piece means the decoder needs more input: it has nothing left to give.
            while piece:
                for start in range(0, len(piece), STEP):
                    yield piece[start : start + STEP]
                piece = decompressor.process(b"", output_buffer_limit=_BROTLI_LIMIT)
        if started and not decompressor.is_finished():
            raise DecodeError("the body is not valid br: it ends in the middle of the stream")
    except brotli.error as exc:
        raise DecodeError(f"the body is not valid br: {exc}") from exc


def _check_brotli_window(first: int) -> None:
    """Refuse a window over ``MAX_BROTLI_WINDOW``, read from the stream's first byte.

    RFC 7932 section 9.1: a 0 bit means 16; else 3 bits n > 0 mean 17 + n; else 3 bits
    m > 1 mean 8 + m (m = 1 is the large-window extension, which the decoder rejects itself).
    """
    if not first & 1 or first >> 1 & 7 == 0:
        return  # a window of 2**16, or of 2**17 or less
    bits = 17 + (first >> 1 & 7)
    if bits > MAX_BROTLI_WINDOW:
        raise DecodeError(
            f"the br body needs a {1 << (bits - 20)} MiB window; at most "
            f"{1 << (MAX_BROTLI_WINDOW - 20)} MiB is accepted"
        )

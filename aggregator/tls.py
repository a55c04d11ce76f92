"""The TLS context of a fetch cycle: it verifies servers as httpx's default does, but reads the
CA certificates only when a first TLS connection needs them. Touches the file system.

Reading certifi's bundle takes 25-50 ms of CPU, a tenth of a cycle in which every feed answers
304, and a cycle whose feeds are all plain HTTP (a local server, a LAN) needs none of it; a
redirect to https still gets its certificates. A cycle that will speak TLS loads them up front
(``load``), once, before its fetch forks.
"""

from __future__ import annotations

import os
import ssl
import sys
from typing import Any


class LazyContext(ssl.SSLContext):
    """A client context that verifies certificates and host names, as
    ``ssl.create_default_context`` makes it, with the CA certificates httpx would use
    (``SSL_CERT_FILE``, ``SSL_CERT_DIR``, else certifi's bundle) loaded on first use."""

    _loaded = False

    def __new__(cls) -> LazyContext:
        context = super().__new__(cls, ssl.PROTOCOL_TLS_CLIENT)  # hostname check, CERT_REQUIRED
        if sys.version_info >= (3, 13):  # what create_default_context adds there
            context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN | ssl.VERIFY_X509_STRICT
        return context

    def load(self) -> None:
        """Read the CA certificates, if not read yet."""
        if self._loaded:
            return
        if os.environ.get("SSL_CERT_FILE"):
            self.load_verify_locations(cafile=os.environ["SSL_CERT_FILE"])
        elif os.environ.get("SSL_CERT_DIR"):
            self.load_verify_locations(capath=os.environ["SSL_CERT_DIR"])
        else:
            import certifi  # httpx's own dependency

            self.load_verify_locations(cafile=certifi.where())
        self._loaded = True

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        self.load()
        return super().wrap_bio(*args, **kwargs)

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        self.load()
        return super().wrap_socket(*args, **kwargs)

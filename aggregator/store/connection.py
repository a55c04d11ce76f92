"""The store's connection: ``sqlite3`` with the few calls the store makes. Touches SQLite.

The store's modules need to run SQL, group it into transactions and close the file. This class
gives them that over a plain ``sqlite3`` connection, with sqlite-utils' transaction rules
(``atomic``: a transaction, or a savepoint inside one), so a command loads sqlite-utils only
when the schema must be migrated (``schema``): importing it costs 50 to 110 ms on the machines
we measured, a fifth of a warm polling cycle.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import count
from typing import Any

_savepoints = count()


class Database:
    """An open store: ``conn`` is the ``sqlite3`` connection, in autocommit mode outside
    ``atomic`` blocks."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(
        self, sql: str, parameters: Iterable[Any] | Mapping[str, Any] | None = None
    ) -> sqlite3.Cursor:
        """Run one SQL statement."""
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)  # type: ignore[arg-type]

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction around the block, committed when it ends and rolled back if it
        raises; inside another, a savepoint that rolls back only the inner block."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                self._rollback()
                raise
            try:
                self.conn.execute("COMMIT")
            except BaseException:  # busy, or the disk is full: nothing is left half-written
                self._rollback()
                raise
            return
        name = f"aggregator_{next(_savepoints)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        self.conn.execute(f"RELEASE SAVEPOINT {name}")

    def _rollback(self) -> None:
        if self.conn.in_transaction:  # a RAISE(ROLLBACK) trigger may have ended it already
            self.conn.execute("ROLLBACK")

    def columns(self, table: str) -> list[str]:
        """The names of ``table``'s columns, in order."""
        return [row[1] for row in self.conn.execute(f'PRAGMA table_info("{table}")')]

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

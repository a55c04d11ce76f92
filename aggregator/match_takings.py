"""Which two reports of one work's takings tell one weekend's figures (``one_opening``), or
one mark passed (``one_milestone``), read by ``match``'s score. Pure."""

from __future__ import annotations

from datetime import timedelta

from aggregator.match_features import Features
from aggregator.match_figures import AMOUNT_KINDS, passed

_DAY = timedelta(days=1)
_MONEY = frozenset({"yen", "dollars"})
_AMOUNTS = tuple(f"{kind}:" for kind in sorted(AMOUNT_KINDS))


def one_opening(a: Features, b: Features) -> bool:
    """Both report one work's takings 36 hours apart at most (a weekend's figures on Sunday,
    the next day's chart on Monday evening), in one currency, and neither is a later week's
    chart: one weekend's figures ("Earns 3.4 Billion Yen in 3 Days", "Tops Box Office With
    Record Opening", "Sells 5.8 Million in 1st Week"). Or both are the chart of one later
    weekend ("Tops Box Office for 5th Straight Weekend", "5週連続首位") and neither tells a
    sum passed ("90億円の大台に"): that is news of its own. Two regions are kept apart by
    ``headline_guard``, a later weekend by its week number."""
    if not a.works & b.works or "boxoffice" not in a.events & b.events:
        return False
    if abs(a.item.date - b.item.date) > _DAY * 1.5:
        return False
    if {n for n in a.numbers & b.numbers if n.startswith("week:")} - {"week:1"}:
        return not any(passed(f.item.title) and _MONEY & _units(f.numbers) for f in (a, b))
    units = _units((a.numbers | b.numbers) - {"week:1"})
    return "week" not in units and not units >= _MONEY


def _units(numbers: frozenset[str]) -> set[str]:
    return {n.split(":")[0] for n in numbers}


def one_milestone(a: Features, b: Features) -> bool:
    """Both tell one work's takings (or copies, or people) of one amount, and neither is a
    chart: one mark passed ("興収100億円の大台に", "興収100億円突破"), not a weekend's chart that
    names the sum so far."""
    if "boxoffice" not in a.events & b.events or "ranking" in a.events | b.events:
        return False
    return any(n.startswith(_AMOUNTS) for n in a.numbers & b.numbers)

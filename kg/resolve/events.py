"""One event however many reports tell it: event mentions of the corpus grouped into events.

Two wires reporting the same capture are one capture.  Mentions are one event when they are
of the same type, share a place, fall within `window` days of each other (each date read as the
span its precision allows: a month-precise date is the whole month) and their sides agree (they
share an agent, or one names none; nobody is an agent in one and a target in the other).  Every
mention of an event must agree with every other (complete linkage), so a mention naming no agent
cannot chain two different agents' captures into one.

Mentions are taken in an order fixed by their content (date, then document and offset), so
the grouping does not depend on the order documents arrive, on `--jobs` or on Spark partitions.
A store build also offers the events already stored (`stored`): a new report of a stored
event takes the stored event's IRI, so a store grows one event at a time, never forks it.

Each merged mention records why (`MergeDecision.reason`), for the graph's kg:mergedBecause.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from kg.core.records import Event

PRECISION_SPAN_DAYS = {"day": (0, 0), "week": (-6, 6)}
"""How far either side of its date a mention may lie, by precision (kg.extract.dates: a report's
own date stands for an undated event at week precision, it happened that week)."""


def mention_key(doc_id: str, event_ident: str) -> str:
    """The IRI path of one mention's own event (and of its evidence node): a document and an offset."""
    return f"event/{hashlib.sha1(f'{doc_id}|{event_ident}'.encode()).hexdigest()[:16]}"


@dataclass(frozen=True)
class EventSignature:
    """What decides whether two mentions are one event; small, picklable, mergeable."""

    key: str
    """The mention's own event key (`mention_key`), or a stored event's key."""
    type: str
    places: frozenset[str]
    agents: frozenset[str]
    targets: frozenset[str]
    date: str | None
    precision: str | None
    count: int | None = None
    fatalities: int | None = None

    @classmethod
    def of(cls, doc_id: str, event: Event) -> EventSignature:
        return cls(
            key=mention_key(doc_id, event.ident),
            type=event.type,
            places=frozenset(event.places),
            agents=frozenset(event.agents),
            targets=frozenset(event.targets),
            date=event.date,
            precision=event.date_precision,
            count=event.count,
            fatalities=event.fatalities,
        )

    def mapped(self, mapping: dict[str, str]) -> EventSignature:
        """The signature after corpus-wide entity merges (kg.resolve.corpus.key_mapping)."""
        if not mapping:
            return self
        return EventSignature(
            self.key,
            self.type,
            frozenset(mapping.get(p, p) for p in self.places),
            frozenset(mapping.get(a, a) for a in self.agents),
            frozenset(mapping.get(t, t) for t in self.targets),
            self.date,
            self.precision,
            self.count,
            self.fatalities,
        )

    @property
    def span(self) -> tuple[date, date] | None:
        """The days this mention's date allows, or None when it has no date."""
        if not self.date:
            return None
        try:
            if len(self.date) == 4:
                return date(int(self.date), 1, 1), date(int(self.date), 12, 31)
            if len(self.date) == 7:
                first = date.fromisoformat(f"{self.date}-01")
                return first, (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
            day = date.fromisoformat(self.date[:10])
        except ValueError:
            return None
        before, after = PRECISION_SPAN_DAYS.get(self.precision or "day", (0, 0))
        return day + timedelta(days=before), day + timedelta(days=after)


def days_apart(a: EventSignature, b: EventSignature) -> int | None:
    """Days between the two mentions' date spans (0 when they overlap); None if either is undated."""
    span_a, span_b = a.span, b.span
    if span_a is None or span_b is None:
        return None
    return max(0, (span_b[0] - span_a[1]).days, (span_a[0] - span_b[1]).days)


def sides_agree(a: EventSignature, b: EventSignature) -> bool:
    """Same side acting: a shared agent or an unnamed one, and no side on both sides."""
    if a.agents & b.targets or b.agents & a.targets:
        return False
    return not (a.agents and b.agents) or bool(a.agents & b.agents)


@dataclass(frozen=True)
class MergeDecision:
    """The event a mention belongs to, why it joined the others, and the date and count the event
    carries in every report's graph (so the merged node has one of each)."""

    event_key: str
    reason: str
    places: tuple[str, ...]
    """The places every report names (the event's label is made of them)."""
    date: str | None
    precision: str | None
    count: int | None
    fatalities: int | None


@dataclass
class EventGroup:
    """Mentions found to be one event; its key is its smallest member key (or a stored one)."""

    key: str
    members: list[EventSignature] = field(default_factory=list)
    stored: bool = False

    def accepts(self, mention: EventSignature, window: int) -> int | None:
        """The most days between `mention` and a member when every member agrees with it, else None."""
        widest = 0
        for member in self.members:
            if member.type != mention.type or not member.places & mention.places or not sides_agree(member, mention):
                return None
            gap = days_apart(member, mention)
            if gap is not None and gap > window:
                return None
            widest = max(widest, gap or 0)
        return widest


def group_mentions(
    mentions: list[EventSignature],
    window: int,
    labels: dict[str, str] | None = None,
    stored: list[EventSignature] = (),
) -> dict[str, MergeDecision]:
    """mention key -> its event and why, for the mentions that belong with another (a mention
    alone keeps its own key and is left out).  `stored` are events already in a store: a
    mention that joins one takes its key, date and count."""
    labels = labels or {}
    groups: list[EventGroup] = [EventGroup(s.key, [s], stored=True) for s in stored]
    by_place: dict[tuple[str, str], list[EventGroup]] = defaultdict(list)
    for group in groups:
        _index(by_place, group, group.members[0])
    for mention in sorted(mentions, key=_order):
        candidates = {id(g): g for p in sorted(mention.places) for g in by_place[(mention.type, p)]}
        best: tuple[int, int, str, EventGroup] | None = None
        for group in candidates.values():
            gap = group.accepts(mention, window)
            if gap is not None and (best is None or (gap, not group.stored, group.key) < best[:3]):
                best = (gap, not group.stored, group.key, group)
        if best is None:
            group = EventGroup(mention.key, [mention])
            groups.append(group)
        else:
            group = best[3]
            group.members.append(mention)
            if not group.stored:
                group.key = min(group.key, mention.key)
        _index(by_place, group, mention)
    decisions: dict[str, MergeDecision] = {}
    for group in groups:
        if len(group.members) > 1:
            reason = _reason(group, window, labels)
            settled = group.members[:1] if group.stored else group.members
            places = tuple(sorted(frozenset.intersection(*(m.places for m in settled))))
            values = settled_values(settled)
            new = group.members[1:] if group.stored else group.members
            decisions.update({m.key: MergeDecision(group.key, reason, places, *values) for m in new})
    return decisions


def _index(by_place: dict[tuple[str, str], list[EventGroup]], group: EventGroup, mention: EventSignature) -> None:
    for place in mention.places:
        bucket = by_place[(mention.type, place)]
        if group not in bucket:
            bucket.append(group)


def _order(mention: EventSignature) -> tuple[str, str]:
    return mention.date or "9999", mention.key


def _reason(group: EventGroup, window: int, labels: dict[str, str]) -> str:
    """Why these mentions are one event, in words a reader checks against the sentences."""
    first = group.members[0]
    places = set.intersection(*(set(m.places) for m in group.members))
    agents = set.union(*(set(m.agents) for m in group.members))
    dates = sorted({m.date for m in group.members if m.date})

    def names(keys: set[str]) -> str:
        return ", ".join(sorted(labels.get(k, k.rsplit("/", 1)[-1]) for k in keys))

    parts = [f"{len(group.members)} reports of one {first.type} at {names(places)}"]
    undated = sum(1 for m in group.members if not m.date)
    if dates:
        parts.append(f"dates {', '.join(dates)} within {window} days" + (f", {undated} undated" if undated else ""))
    else:
        parts.append("none dated")
    parts.append(f"agents agree ({names(agents)})" if agents else "no agent named")
    return "; ".join(parts)


def settled_values(members: list[EventSignature]) -> tuple[str | None, str | None, int | None, int | None]:
    """The date, precision, count and fatalities one event carries, whoever reported it: the
    most precise date (the earliest of equals) and the lowest count and toll given (the
    conservative figure, as ACLED codes fatalities)."""
    dated = [m for m in members if m.date]
    rank = {"day": 0, "week": 1, "month": 2, "year": 3}
    best = min(dated, key=lambda m: (rank.get(m.precision or "day", 0), m.date), default=None)
    counts = [m.count for m in members if m.count is not None]
    tolls = [m.fatalities for m in members if m.fatalities is not None]
    return (
        (best.date if best else None),
        (best.precision if best else None),
        (min(counts) if counts else None),
        (min(tolls) if tolls else None),
    )

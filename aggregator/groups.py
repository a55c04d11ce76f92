"""Articles joined into groups (stories) one link at a time, refusing joins that would put two
articles in conflict or two a reader split apart into one group. Pure: union-find over ids.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping


class Groups:
    """Union-find over article ids, seeded with the stored stories, that refuses to join two
    groups holding a pair split apart by a reader or a pair ``compatible`` rejects."""

    def __init__(
        self,
        story_of: Mapping[str, str],
        apart: Collection[tuple[str, str]],
        compatible: Callable[[str, str], bool],
    ) -> None:
        self.compatible = compatible
        self.parent: dict[str, str] = {}
        self.group: dict[str, list[str]] = {}  # root -> members
        self.stored = dict(story_of)
        self.apart: dict[str, set[str]] = {}
        for a, b in apart:
            self.apart.setdefault(a, set()).add(b)
            self.apart.setdefault(b, set()).add(a)
        first_of: dict[str, str] = {}
        for item_id, story_id in sorted(story_of.items()):
            self.add(item_id)
            if story_id in first_of:
                self.join(item_id, first_of[story_id], force=True)
            else:
                first_of[story_id] = item_id

    def add(self, item_id: str) -> None:
        if item_id not in self.parent:
            self.parent[item_id] = item_id
            self.group[item_id] = [item_id]

    def find(self, item_id: str) -> str:
        root = item_id
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item_id] != root:
            self.parent[item_id], item_id = root, self.parent[item_id]
        return root

    def join(self, a: str, b: str, *, force: bool = False) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        if not force:
            group_a, group_b = self.group[root_a], self.group[root_b]
            if any(self.apart.get(m, set()).intersection(group_b) for m in group_a):
                return False
            if not all(self.compatible(m, n) for m in group_a for n in group_b):
                return False
        keep, drop = min(root_a, root_b), max(root_a, root_b)
        self.parent[drop] = keep
        self.group[keep].extend(self.group.pop(drop))
        return True

    def story_ids(
        self, dates: Mapping[str, tuple[object, str]]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Each article's story id, and stored stories absorbed into another.

        A group keeps the id of its stored story with the earliest member (several stored
        stories in one group are fused into that one); a group of new articles only takes its
        earliest article's id.
        """
        story_ids: dict[str, str] = {}
        fused: dict[str, str] = {}
        for group in self.group.values():
            members = sorted(group, key=lambda m: dates[m])
            stored = [self.stored[m] for m in members if m in self.stored]
            story_id = stored[0] if stored else members[0]
            for absorbed in dict.fromkeys(stored):
                if absorbed != story_id:
                    fused[absorbed] = story_id
            for member in members:
                story_ids[member] = story_id
        return story_ids, fused

"""Rules stage: the change table (changes.yml beside this file) as a file: where it is and the IDs of its rows.

changes/classify.py parses the rows and checks them against the facts a diff can give; an organisation's
`change_rules` overrides are checked against the IDs alone (validate/rules.py), without that machinery.
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from trustsite.rules import FAST_LOADER, RULES_DIR

CHANGE_TABLE = RULES_DIR / "changes.yml"


def read_change_table() -> str:
    return CHANGE_TABLE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def change_rule_ids() -> tuple[str, ...]:
    """The ID of every rule of the change table, first match first."""
    return tuple(str(row["id"]) for row in yaml.load(read_change_table(), Loader=FAST_LOADER)["rules"])

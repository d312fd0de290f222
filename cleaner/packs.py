"""Where the built-in rule packs live.

A wheel carries them inside the package as ``cleaner/packs`` (pyproject maps the top-level
``rules/`` folder there); a source checkout, used without installing, reads ``rules/`` directly.
"""
from __future__ import annotations

from pathlib import Path


def builtin_rules_dir() -> Path:
    packaged = Path(__file__).with_name("packs")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"

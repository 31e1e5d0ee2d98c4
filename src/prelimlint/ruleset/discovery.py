"""Where rule files live: the built-in pack and user folders."""

from __future__ import annotations

from pathlib import Path

__all__ = ["builtin_rules_dir", "rule_files"]

_SUFFIXES = (".yml", ".yaml")


def builtin_rules_dir() -> Path:
    """The built-in pack: inside the installed package, or ``rules/`` of a source checkout."""
    packaged = Path(__file__).resolve().parent.parent / "rules"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "rules"
    return checkout


def rule_files(folder: Path) -> list[Path]:
    """Every rule file below ``folder`` in a stable order."""
    return sorted(path for path in folder.rglob("*") if path.suffix in _SUFFIXES and path.is_file())


def expected_id(path: Path, root: Path) -> str | None:
    """``category.name`` for ``root/category/name.yml``; None for files elsewhere."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        return None
    if len(relative.parts) == 2:
        return f"{relative.parts[0]}.{path.stem}"
    return None

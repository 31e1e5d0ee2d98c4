"""spaCy, imported without its command line: ``from .spacy_loader import spacy``.

``spacy/__init__.py`` imports ``spacy.cli`` only to re-export ``spacy.info``, and that pulls
in typer, rich, requests, weasel and their friends: about a quarter of spaCy's import time,
paid by every ``prelimlint check``. prelimlint never uses spaCy's command line, so while
spaCy initialises, two stand-in modules take the place of ``spacy.cli`` and
``spacy.cli.info``. They are removed right after, so a later ``import spacy.cli`` (by the
user of the library, say) loads the real one, and ``spacy.info`` still works.
"""

from __future__ import annotations

import sys
import threading
import types

_LOCK = threading.Lock()


def import_spacy() -> types.ModuleType:
    with _LOCK:
        if "spacy" in sys.modules:
            return sys.modules["spacy"]
        cli = types.ModuleType("spacy.cli")
        cli.__path__ = []  # a package, so that "spacy.cli.info" resolves inside it
        info = types.ModuleType("spacy.cli.info")
        info.info = _info  # type: ignore[attr-defined]  # a module attribute set at run time
        stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
        if any(name in sys.modules for name in stand_ins):  # someone imported them already
            import spacy

            return spacy
        sys.modules.update(stand_ins)
        try:
            import spacy
        finally:
            for name, module in stand_ins.items():
                if sys.modules.get(name) is module:
                    del sys.modules[name]
        return spacy


def _info(*args, **kwargs):
    """``spacy.info``: the real one, imported on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


spacy = import_spacy()

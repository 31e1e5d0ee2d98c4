"""Markdown and plain-text drafts as a typed, immutable ``Document``."""

from __future__ import annotations

from .frontmatter import split_front_matter
from .model import Block, BlockKind, Document, Field, FrontMatter, Section, SourceMap, SourceRegion
from .segments import ParseCache
from .structure import build_sections

__all__ = [
    "Block",
    "BlockKind",
    "Document",
    "Field",
    "FrontMatter",
    "ParseCache",
    "Section",
    "SourceMap",
    "SourceRegion",
    "parse_document",
    "syntax_for",
]

_TEXT_SUFFIXES = (".txt", ".text")


def syntax_for(path: str | None) -> str:
    """ "text" for plain-text file names, otherwise "markdown"."""
    return "text" if path and path.lower().endswith(_TEXT_SUFFIXES) else "markdown"


def parse_document(
    text: str, path: str | None = None, syntax: str | None = None, cache: ParseCache | None = None
) -> Document:
    """Parse a draft; ``syntax`` is "markdown" or "text" (default: from the file name).

    With a ``cache``, Markdown pieces that were parsed before are re-used (same result).
    """
    syntax = syntax or syntax_for(path)
    front_matter, body_start = split_front_matter(text)
    if syntax == "text":
        from .plaintext import parse_blocks as parse_text

        blocks, regions = parse_text(text, body_start), list[SourceRegion]()
    elif cache is not None:
        from .segments import parse_blocks_cached

        blocks, regions = parse_blocks_cached(text, body_start, cache)
    else:
        from .markdown import parse_blocks as parse_markdown

        blocks, regions = parse_markdown(text, body_start)
    placed, sections = build_sections(blocks, len(text), implicit_levels=syntax == "text")
    return Document(
        text=text,
        path=path,
        front_matter=front_matter,
        sections=sections,
        blocks=placed,
        regions=tuple(sorted(regions, key=lambda region: region.span.start)),
        syntax=syntax,
    )

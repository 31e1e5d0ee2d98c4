"""The HTML review page: one self-contained file per draft (inline CSS and JS, no network),
and for many drafts an index page that links them.

Pages are Jinja2 templates (``templates/``) with autoescaping on; the only markup passed
through unescaped is the rendered draft, whose characters ``render_draft`` escapes itself.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from ..model import FileReport
from .review import CATEGORIES, Review, build_review

__all__ = [
    "IndexRow",
    "SitePage",
    "format_html",
    "render_index",
    "render_review",
    "site_names",
    "site_pages",
    "write_site",
]


@functools.cache
def _environment():
    import jinja2
    import markupsafe

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("prelimlint.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails loudly, in the tests
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["trusted"] = (
        markupsafe.Markup
    )  # only for render_draft's output, escaped already
    return environment


def _render(template: str, **context: object) -> str:
    script, script_hash = _script()
    return (
        _environment()
        .get_template(template)
        .render(
            categories=[c.value for c in CATEGORIES],
            version=_version(),
            script=script,
            script_hash=script_hash,
            **context,
        )
    )


@functools.cache
def _script() -> tuple[str, str]:
    """The page script and its CSP hash: the page runs this script and no other."""
    environment = _environment()
    source = environment.loader.get_source(environment, "review.js")[0]
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return source, f"sha256-{digest}"


@functools.cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("prelimlint")
    except PackageNotFoundError:
        return ""


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%d %b %Y, %H:%M UTC").lstrip("0")


def render_review(
    report: FileReport, rules: object = None, now: datetime | None = None, index_href: str = ""
) -> str:
    """The review page of one draft; ``index_href`` links back to an index page."""
    review = build_review(report, rules, now)
    return _render(
        "page.html.j2",
        reviews=[review],
        title=f"Review: {review.title}",
        index_href=index_href,
        generated=_stamp(now),
        rows=[],
    )


def format_html(
    reports: Sequence[FileReport], *, rules: object = None, now: datetime | None = None, **_: object
) -> str:
    """``check --format html``: one page; several drafts stack below a table of their verdicts."""
    if len(reports) == 1:
        return render_review(reports[0], rules, now)
    reviews = [
        build_review(report, rules, now, prefix=f"d{number}-")
        for number, report in enumerate(reports, 1)
    ]
    rows = [IndexRow(review, f"#{review.prefix}top") for review in reviews]
    return _render(
        "page.html.j2",
        reviews=reviews,
        title=f"Review of {len(reviews)} drafts",
        index_href="",
        generated=_stamp(now),
        rows=rows,
    )


@dataclass(frozen=True, slots=True)
class IndexRow:
    """A draft in an index: its review and the link to it."""

    review: Review
    href: str


@dataclass(frozen=True, slots=True)
class SitePage:
    """One file of a review site: a path relative to the site folder and its HTML."""

    path: PurePosixPath
    html: str


def render_index(
    rows: Sequence[IndexRow], now: datetime | None = None, title: str = "Draft reviews"
) -> str:
    return _render("index.html.j2", rows=rows, title=title, generated=_stamp(now))


def site_pages(
    reports: Sequence[FileReport],
    names: Sequence[PurePosixPath],
    rules: object = None,
    now: datetime | None = None,
) -> list[SitePage]:
    """A review page per draft at ``names`` (relative ``.html`` paths) and an ``index.html``."""
    pages, rows = [], []
    for report, name in zip(reports, names, strict=True):
        review = build_review(report, rules, now)
        back = PurePosixPath(os.path.relpath("index.html", name.parent.as_posix() or "."))
        html = _render(
            "page.html.j2",
            reviews=[review],
            title=f"Review: {review.title}",
            index_href=back.as_posix(),
            generated=_stamp(now),
            rows=[],
        )
        pages.append(SitePage(name, html))
        rows.append(IndexRow(review, name.as_posix()))
    pages.append(SitePage(PurePosixPath("index.html"), render_index(rows, now)))
    return pages


def site_names(drafts: Sequence[Path], root: Path | None = None) -> list[PurePosixPath]:
    """Page names that keep the drafts' folder layout under ``root`` (default: their common
    folder): ``eu/checkout.md`` -> ``eu/checkout.html``; ``x.md`` beside ``x.txt`` -> ``x.md.html``.
    """
    resolved = [draft.resolve() for draft in drafts]
    base = (
        root.resolve() if root else Path(os.path.commonpath([draft.parent for draft in resolved]))
    )
    relative = [
        PurePosixPath(d.relative_to(base).as_posix())
        if d.is_relative_to(base)
        else PurePosixPath(d.name)
        for d in resolved
    ]
    stems = [name.with_suffix(".html") for name in relative]
    return [
        name.with_name(name.name + ".html") if stems.count(stem) > 1 else stem
        for name, stem in zip(relative, stems, strict=True)
    ]


def write_site(pages: Sequence[SitePage], folder: Path) -> list[Path]:
    """Write the pages under ``folder``; returns the files written."""
    written = []
    for page in pages:
        target = folder.joinpath(*page.path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.html, encoding="utf-8")
        written.append(target)
    return written

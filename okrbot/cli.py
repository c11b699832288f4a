"""The `okrbot` command line (DESIGN.md, "Contracts": CLI).

Each command imports what it uses, when it runs: `okrbot parse` loads the reply parser and no
database, `okrbot --help` next to nothing, and only `serve` and `jobs run` a platform's SDK."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot.model import LOCAL_TENANT
from okrbot.formats import FORMATS
from okrbot.platforms import PLATFORMS, SERVED, TABLE_COLUMNS, UnknownPlatform

log = logging.getLogger("okrbot")

if TYPE_CHECKING:
    from okrbot.bootstrap import Okrbot
    from okrbot.lifecycle import Stopping
    from okrbot.serve import Mode
    from okrbot.settings import Settings


class CommandError(Exception):
    """A problem the user can fix; printed as one line, without a traceback."""


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser(_command_of(argv)).parse_args(argv)
    try:
        result: int = args.run(args)
        return result
    except BrokenPipeError:
        # The reader went away (`okrbot show … | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        if not _said_in_one_line(error):
            raise
        print(f"okrbot: {error}", file=sys.stderr)
        return 1


def _said_in_one_line(error: Exception) -> bool:
    """A problem the user can fix, printed as one line without a traceback. Checked by the
    modules already loaded, so that no command loads another's modules to catch its errors."""
    if isinstance(error, CommandError | UnknownPlatform):
        return True
    names = {
        "okrbot.settings": ("MissingSetting",),
        "okrbot.formats": ("TableFileError",),
        "bot.table": ("TableError",),
        "bot.errors": ("OkrError",),
        "okrbot.bootstrap": ("SchemaBehind",),
    }
    for module_name, classes in names.items():
        module = sys.modules.get(module_name)
        if module is not None and any(isinstance(error, getattr(module, c)) for c in classes):
            return True
    return False


def _command_of(argv: Sequence[str]) -> str | None:
    """The command asked for (past `--tenant X`), to build only its heavy parts."""
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        if word == "--tenant":
            rest = rest[1:]
        elif not word.startswith("-"):
            return word
    return None


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="okrbot", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--tenant", default=LOCAL_TENANT, help="the workspace to act on (default: %(default)s)"
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    db = commands.add_parser("db", help="manage the database")
    db_commands = db.add_subparsers(required=True, metavar="ACTION")
    db_commands.add_parser(
        "upgrade", help="apply migrations (the one command that changes the schema)"
    ).set_defaults(run=_db_upgrade)
    db_commands.add_parser("current", help="the schema's revision, and this okrbot's").set_defaults(
        run=_db_current
    )
    db_commands.add_parser(
        "check", help="exit 0 if the schema is up to date for this okrbot, 1 if not"
    ).set_defaults(run=_db_check)

    load = commands.add_parser("import", help="load an OKR table (all or nothing)")
    load.add_argument("file", type=Path)
    load.set_defaults(run=_import)

    export = commands.add_parser("export", help="write the OKR table")
    export.add_argument("--format", choices=FORMATS, default="yaml")
    export.add_argument("--output", "-o", type=Path, help="a file (default: standard output)")
    export.set_defaults(run=_export)

    show = commands.add_parser("show", help="a person's OKRs")
    show.add_argument("person")
    show.add_argument("--period", help="default: the table's period")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=_show)

    tree = commands.add_parser("tree", help="the alignment tree and the bottom-up share")
    tree.add_argument("--period", help="default: the table's period")
    tree.set_defaults(run=_tree)

    parse = commands.add_parser("parse", help="read check-in replies into KR updates")
    source = parse.add_mutually_exclusive_group(required=True)
    source.add_argument("--krs", help="the KRs asked about (JSON); the reply comes on stdin")
    source.add_argument("--batch", help="a JSONL file of {id, krs, text} cases")
    parse.set_defaults(run=_parse)

    serve = commands.add_parser(
        "serve",
        help="run the bot on Slack and/or Feishu",
        epilog="; ".join(
            f"{p.name} reads {', '.join(p.settings)}" for p in PLATFORMS if p.name in SERVED
        ),
    )
    serve.add_argument(
        "--platform", required=True, help=f"{' or '.join(SERVED)}, or both: {','.join(SERVED)}"
    )
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument(
        "--port",
        type=int,
        default=8000,
        help="HTTP port: the events endpoints, /healthz and /metrics (with --socket: the "
        "last two only)",
    )
    serve.add_argument(
        "--socket",
        action="store_true",
        help="Slack Socket Mode / Feishu long connection: no public URL needed",
    )
    serve.set_defaults(run=_serve)

    jobs = commands.add_parser("jobs", help="run the cadences by hand")
    jobs_commands = jobs.add_subparsers(required=True, metavar="ACTION")
    run_job = jobs_commands.add_parser(
        "run",
        help="the occurrence of a cadence containing a time (default now), for every "
        "team; whoever it already reached is skipped",
    )
    if command == "jobs":  # the cadences' names come from their registry, loaded only here
        from bot.cadences.registry import NAMES as CADENCE_NAMES

        run_job.add_argument("cadence", choices=CADENCE_NAMES)
    else:
        run_job.add_argument("cadence")
    run_job.add_argument("--platform", required=True, help=", ".join(p.name for p in PLATFORMS))
    run_job.add_argument("--at", help="an ISO date-time, like 2026-11-02T10:00+08:00")
    run_job.set_defaults(run=_jobs_run)
    log = jobs_commands.add_parser(
        "log", help="a person's delivery log: what the cadences sent them, and what came of it"
    )
    log.add_argument("person")
    log.add_argument("--since", type=_day, help="a day, YYYY-MM-DD (default: two weeks ago)")
    log.add_argument(
        "--tenant",
        default=argparse.SUPPRESS,
        help="the workspace (default: the one given before the command)",
    )
    log.set_defaults(run=_jobs_log)

    commands.add_parser("console", help="talk to the bot in the terminal").set_defaults(
        run=_console
    )
    commands.add_parser("demo", help="a scripted run on a temporary database").set_defaults(
        run=_demo
    )
    return parser


def _settings() -> Settings:
    from okrbot.settings import Settings  # pydantic-settings: only for the commands reading it

    return Settings()


def _bot(settings: Settings | None = None) -> Okrbot:
    from okrbot.bootstrap import build

    return build(settings or _settings())


def _configured(settings: Settings) -> Settings:
    """Logging, set up once for a long-running command, with the secrets it must never print."""
    from okrbot.logs import configure_logging

    secrets = [
        value.get_secret_value()
        for value in (
            settings.slack_bot_token,
            settings.slack_signing_secret,
            settings.slack_app_token,
            settings.slack_client_secret,
            settings.feishu_app_secret,
            settings.feishu_verification_token,
            settings.feishu_encrypt_key,
        )
        if value is not None
    ]
    configure_logging(settings.log_level, settings.log_format, secrets=secrets)
    return settings


def _db_upgrade(args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    upgrade(_settings().database_url)
    print("okrbot: the database is up to date")
    return 0


def _schema() -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    from storage.migrate import schema_state
    from storage.unit_of_work import create_engine_for

    engine = create_engine_for(_settings().database_url)
    try:
        state = schema_state(engine)
    finally:
        engine.dispose()
    return state.state, state.current, state.head


def _db_current(args: argparse.Namespace) -> int:
    state, current, head = _schema()
    print(f"current: {', '.join(current) or 'none'} ({state}); this okrbot: {', '.join(head)}")
    return 0


def _db_check(args: argparse.Namespace) -> int:
    state, current, head = _schema()
    if state in ("current", "ahead"):
        print(f"okrbot: the schema ({', '.join(current)}) is one this okrbot runs on")
        return 0
    print(
        f"okrbot: the schema is {state} ({', '.join(current) or 'no revision'}; this okrbot "
        f"needs {', '.join(head)}): run `okrbot db upgrade`",
        file=sys.stderr,
    )
    return 1


def _import(args: argparse.Namespace) -> int:
    from bot.table import import_table
    from okrbot.formats import load_table_file

    data = load_table_file(_read(args.file), source=str(args.file))
    bot = _bot()
    try:
        summary = import_table(
            bot.unit_of_work(), bot.clock, tenant=args.tenant, data=data, platforms=TABLE_COLUMNS
        )
    finally:
        bot.close()
    for warning in summary.warnings:
        print(f"okrbot: warning: {warning}", file=sys.stderr)
    print(
        f"okrbot: imported {summary.people} people, {summary.teams} teams, "
        f"{summary.objectives} objectives and {summary.key_results} key results"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from bot.table import export_table
    from okrbot.formats import dump

    bot = _bot()
    try:
        exported = export_table(bot.unit_of_work(), tenant=args.tenant, platforms=TABLE_COLUMNS)
    finally:
        bot.close()
    content = dump(exported.table, args.format, exported.progress)
    if args.output:
        args.output.write_bytes(content)
    elif args.format == "xlsx" and sys.stdout.isatty():
        raise CommandError("xlsx is binary: give --output FILE or redirect standard output")
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    return 0


def _show(args: argparse.Namespace) -> int:
    from bot import views
    from bot.dialect import PLAIN
    from bot.model import Locale
    from bot.render.okrs import okrs_message
    from bot.texts import Texts
    from okrbot.formats import person_okrs_json

    bot = _bot()
    try:
        okrs = views.person_okrs(
            bot.unit_of_work(), tenant=args.tenant, person_id=args.person, period=args.period
        )
        plans = views.plans_of(bot.unit_of_work(), tenant=args.tenant, objectives=okrs.objectives)
    finally:
        bot.close()
    if args.json:
        print(json.dumps(person_okrs_json(okrs, plans), ensure_ascii=False, indent=2))
    else:
        print(
            okrs_message(
                Texts(PLAIN),
                Locale.EN,
                owner=okrs.person.name,
                period=okrs.period,
                objectives=okrs.objectives,
            ).text
        )
    return 0


def _tree(args: argparse.Namespace) -> int:
    from bot import views
    from bot.dialect import PLAIN
    from bot.model import Locale
    from bot.render.overviews import tree_message
    from bot.texts import Texts

    bot = _bot()
    try:
        tree = views.alignment_tree(bot.unit_of_work(), tenant=args.tenant, period=args.period)
    finally:
        bot.close()
    print(tree_message(Texts(PLAIN), Locale.EN, tree).text)
    return 0


def _parse(args: argparse.Namespace) -> int:
    from okrbot.parse_command import run_parse

    return run_parse(
        krs_path=args.krs,
        batch_path=args.batch,
        stdin=sys.stdin,
        stdout=sys.stdout,
        stderr=sys.stderr,
    )


def _serve(args: argparse.Namespace) -> int:
    from okrbot.lifecycle import Stopping

    settings = _configured(_settings())
    names = [name.strip() for name in args.platform.split(",") if name.strip()]
    for name in names:
        if name not in SERVED:
            raise UnknownPlatform(f"okrbot serves {' or '.join(SERVED)}, not '{name}'")
    stopping = Stopping()
    with stopping.handling_signals():
        _serve_until_stopped(args, settings, names, stopping)
    log.info("stopped")
    return 0


def _serve_until_stopped(
    args: argparse.Namespace, settings: Settings, names: list[str], stopping: Stopping
) -> None:
    import gc

    from okrbot.cadences import start_cadences
    from okrbot.metrics import PrometheusMeter
    from okrbot.platforms import build_service
    from okrbot.serve import Health, routes_of, serve_http, start_sockets, wsgi_app
    from storage.unit_of_work import ping

    bot = _bot(settings)
    try:
        mode: Mode = "socket" if args.socket else "http"
        meter = PrometheusMeter()
        services = [build_service(name, bot, settings, mode, meter) for name in names]
        # What start-up built lives as long as the process: keep it out of the garbage
        # collector's full passes, which otherwise walk it again and again during fan-outs.
        gc.freeze()
        cadences = start_cadences(bot, services, settings, stopping=stopping.event, meter=meter)
        health = Health(
            lambda: ping(bot.engine),
            cadences.ticks.silence,
            max_silence=settings.tick_seconds * 4 + 30,
        )
        app = wsgi_app(routes_of(services), health=health, metrics=meter.exposition, meter=meter)
        try:
            if args.socket:
                start_sockets(services)
            log.info(
                "serving %s%s on http://%s:%s",
                ", ".join(s.name for s in services),
                " over their sockets, /healthz and /metrics" if args.socket else "",
                args.host,
                args.port,
            )
            serve_http(app, host=args.host, port=args.port, stopping=stopping)
        finally:
            stopping.event.set()
            cadences.stop(settings.drain_seconds + 5)
    finally:
        bot.close()


def _jobs_run(args: argparse.Namespace) -> int:
    from okrbot.cadences import parse_at, run_jobs, runner_for
    from okrbot.lifecycle import Stopping
    from okrbot.platforms import build_service

    try:
        at = parse_at(args.at)
    except ValueError:
        raise CommandError(
            f"--at is an ISO date-time like 2026-11-02T10:00+08:00, not '{args.at}'"
        ) from None
    settings = _configured(_settings())
    stopping = Stopping()
    with stopping.handling_signals():
        bot = _bot(settings)
        try:
            service = build_service(args.platform, bot, settings, "send")
            runner = runner_for(bot, service, settings, stopping=stopping.event)
            return run_jobs(
                runner,
                tenant=args.tenant,
                cadence=args.cadence,
                at=at,
                wait=settings.run_wait_seconds,
            )
        finally:
            bot.close()


def _jobs_log(args: argparse.Namespace) -> int:
    from bot.cadences.delivery_log import default_since, delivery_log, log_lines
    from bot.dialect import PLAIN
    from bot.errors import OkrError
    from bot.model import Locale
    from bot.texts import Texts

    bot = _bot()
    try:
        uow = bot.unit_of_work()
        with uow:
            person = uow.people.get(args.tenant, args.person)
        if person is None:
            raise OkrError("unknown_person", person=args.person)
        log = delivery_log(
            bot.unit_of_work(),
            tenant=args.tenant,
            person_id=person.id,
            since=args.since or default_since(person, bot.clock.now()),
        )
    finally:
        bot.close()
    for line in log_lines(Texts(PLAIN), Locale.EN, log):
        print(line)
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a day is YYYY-MM-DD, not '{text}'") from None


def _console(args: argparse.Namespace) -> int:
    from okrbot.console import run_console

    bot = _bot()
    try:
        run_console(bot, sys.stdin, sys.stdout, tenant=args.tenant, echo=not sys.stdin.isatty())
    finally:
        bot.close()
    return 0


def _demo(args: argparse.Namespace) -> int:
    from okrbot.console import run_demo

    return run_demo(sys.stdout)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None

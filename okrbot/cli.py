"""The `okrbot` command line (DESIGN.md, "Contracts": CLI)."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot import views
from bot.cadences.delivery_log import default_since, delivery_log, log_lines
from bot.cadences.registry import NAMES as CADENCE_NAMES
from bot.dialect import PLAIN
from bot.errors import OkrError
from bot.model import LOCAL_TENANT, Locale
from bot.render.okrs import okrs_message
from bot.render.overviews import tree_message
from bot.table import TableError, export_table, import_table
from bot.texts import Texts
from okrbot.bootstrap import Okrbot, build
from okrbot.cadences import parse_at, run_jobs, runner_for, start_cadences
from okrbot.console import run_console, run_demo
from okrbot.formats import FORMATS, TableFileError, dump, load_table_file, person_okrs_json
from okrbot.parse_command import run_parse
from okrbot.platforms import PLATFORMS, SERVED, TABLE_COLUMNS, UnknownPlatform, build_service
from okrbot.serve import serve_http, serve_sockets
from okrbot.settings import MissingSetting, Settings


class CommandError(Exception):
    """A problem the user can fix; printed as one line, without a traceback."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        result: int = args.run(args)
        return result
    except BrokenPipeError:
        # The reader went away (`okrbot show … | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (
        CommandError,
        TableFileError,
        TableError,
        OkrError,
        MissingSetting,
        UnknownPlatform,
    ) as error:
        print(f"okrbot: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="okrbot", description=__doc__)
    parser.add_argument(
        "--tenant", default=LOCAL_TENANT, help="the workspace to act on (default: %(default)s)"
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    db = commands.add_parser("db", help="manage the database")
    db_commands = db.add_subparsers(required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply migrations").set_defaults(run=_db_upgrade)

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
    serve.add_argument("--port", type=int, default=8000)
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
    run_job.add_argument("cadence", choices=CADENCE_NAMES)
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


def _bot() -> Okrbot:
    return build(Settings())


def _db_upgrade(args: argparse.Namespace) -> int:
    _bot().close()  # building the bot brings the schema up to date
    print("okrbot: the database is up to date")
    return 0


def _import(args: argparse.Namespace) -> int:
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
    bot = _bot()
    try:
        tree = views.alignment_tree(bot.unit_of_work(), tenant=args.tenant, period=args.period)
    finally:
        bot.close()
    print(tree_message(Texts(PLAIN), Locale.EN, tree).text)
    return 0


def _parse(args: argparse.Namespace) -> int:
    return run_parse(
        krs_path=args.krs,
        batch_path=args.batch,
        stdin=sys.stdin,
        stdout=sys.stdout,
        stderr=sys.stderr,
    )


def _serve(args: argparse.Namespace) -> int:
    settings = Settings()
    bot = build(settings)
    try:
        names = [name.strip() for name in args.platform.split(",") if name.strip()]
        for name in names:
            if name not in SERVED:
                raise UnknownPlatform(f"okrbot serves {' or '.join(SERVED)}, not '{name}'")
        services = [build_service(name, bot, settings) for name in names]
        # What start-up built lives as long as the process: keep it out of the garbage
        # collector's full passes, which otherwise walk it again and again during fan-outs.
        gc.freeze()
        stop_cadences = start_cadences(bot, services)
        try:
            if args.socket:
                serve_sockets(services)
            else:
                print(
                    f"okrbot: serving {', '.join(s.name for s in services)} on "
                    f"http://{args.host}:{args.port}",
                    file=sys.stderr,
                )
                serve_http(services, host=args.host, port=args.port)
        finally:
            stop_cadences()
    finally:
        bot.close()
    return 0


def _jobs_run(args: argparse.Namespace) -> int:
    try:
        at = parse_at(args.at)
    except ValueError:
        raise CommandError(
            f"--at is an ISO date-time like 2026-11-02T10:00+08:00, not '{args.at}'"
        ) from None
    settings = Settings()
    bot = build(settings)
    try:
        service = build_service(args.platform, bot, settings)
        return run_jobs(runner_for(bot, service), tenant=args.tenant, cadence=args.cadence, at=at)
    finally:
        bot.close()


def _jobs_log(args: argparse.Namespace) -> int:
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
    bot = _bot()
    try:
        run_console(bot, sys.stdin, sys.stdout, tenant=args.tenant, echo=not sys.stdin.isatty())
    finally:
        bot.close()
    return 0


def _demo(args: argparse.Namespace) -> int:
    return run_demo(sys.stdout)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None

"""clio-prep on the command line: the same engine as the wizard, for scripts and support staff.

Exit status: 0 no blockers, 1 blockers remain, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from app import __version__
from app.core.atomic import write_text_atomic
from app.core.engine import Cancelled, CheckResult
from app.core.findings import CODES
from app.core.reader_errors import ReadError

EXIT_OK, EXIT_BLOCKERS, EXIT_BAD_INPUT = 0, 1, 2

DESCRIPTION = """\
Prepare a law firm's exports for migration into Clio Manage, offline.

Typical use (a folder of CSV exports, and a CSV of the firm's Clio users):
  clio-prep check "C:\\Exports" --users users.csv
  clio-prep check exports/ --users users.csv --json findings.json
  clio-prep sources

The users file has one row per Clio user: first name, last name, email, initials.
Nothing is sent anywhere; the export files are only read, never changed.
"""

EPILOG = """\
exit status:
  0  no blockers: every record can import (warnings may remain)
  1  blockers remain: some records will not import until they are fixed
  2  bad usage, or input that could not be read at all
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="clio-prep", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"clio-prep {__version__}")
    p.add_argument("--self-test", action="store_true", help="check that this installation is complete and working, then exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("paths", nargs="+", metavar="PATH", help="export files or folders (folders are read recursively; ZIP and .xlsx files too)")
        sp.add_argument("--source", metavar="NAME", help="the program the data comes from (see 'clio-prep sources'); detected when left out")
        sp.add_argument("--region", choices=["us", "ca", "uk", "au"], help="the firm's region: decides the date order when the data cannot (us = month first; uk, au = day first)")
        sp.add_argument("--users", metavar="FILE", help="CSV of the firm's Clio users: first name, last name, email, initials")
        sp.add_argument("--project", metavar="FILE", help="a project file saved by the wizard (mappings, value maps and edits)")

    c = sub.add_parser("check", help="read the exports and list every problem (findings)", formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Read the export files, recognise them, map them onto Clio's fields and list every problem.", epilog=EPILOG)
    common(c)
    c.add_argument("--json", metavar="OUT", help="also write the files, mappings and findings as JSON to OUT")
    c.add_argument("--quiet", action="store_true", help="print only the one-line verdict")

    b = sub.add_parser("bundle", help="check, then write the submission bundle (a ZIP) for Clio's migration specialist",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Check the exports and write the submission bundle: Clio-ready CSVs, the originals, "
                       "the report, every finding, edit and exclusion, and checksums.", epilog=EPILOG)
    common(b)
    b.add_argument("--out", metavar="BUNDLE.zip", required=True, help="where to write the bundle (written atomically)")
    b.add_argument("--password-env", metavar="VAR", help="encrypt the bundle (AES-256) with the password in environment variable VAR "
                   "(never put a password on the command line)")
    b.add_argument("--firm", metavar="NAME", help="the firm's name, for the report")
    b.add_argument("--quiet", action="store_true", help="print only the verdict")

    v = sub.add_parser("verify", help="check a bundle's checksums and record counts")
    v.add_argument("bundle", metavar="BUNDLE.zip")
    v.add_argument("--password-env", metavar="VAR", help="the environment variable holding the bundle's password")

    g = sub.add_parser("gui", help="open the wizard (the default when no command is given)")
    g.add_argument("--demo", action="store_true", help="start with the demo data set (a fictional firm)")
    g.add_argument("--project", metavar="FILE", help="open a saved project")

    s = sub.add_parser("sources", help="list the source programs clio-prep knows")
    s.add_argument("--json", action="store_true", help="print as JSON")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if args.self_test:
        from app.selftest import run as self_test

        return self_test()
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    if args.command == "gui":
        from app.gui.main import run

        return run(demo=args.demo, project=args.project)
    try:
        if args.command == "sources":
            return cmd_sources(args)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "bundle":
            return cmd_bundle(args)
        if args.command == "verify":
            return cmd_verify(args)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (ReadError, OSError) as exc:
        print(f"clio-prep: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    parser.print_help()
    return EXIT_BAD_INPUT


def cmd_sources(args) -> int:
    from app.core.profiles import load_profiles

    profs = sorted(load_profiles().values(), key=lambda p: p.name.lower())
    if args.json:
        print(json.dumps([{"id": p.id, "name": p.name, "aka": p.aka, "expected_exports": p.expected_exports} for p in profs], indent=2))
        return EXIT_OK
    width = max(len(p.id) for p in profs)
    for p in profs:
        print(f"{p.id:<{width}}  {p.name}")
    return EXIT_OK


def _session(args):
    """A Session for the PATHs given: the same engine and state the wizard uses."""
    from app.core.roster import read_roster
    from app.core.session import Firm, Session

    if args.source:
        from app.core.profiles import find_profile

        if find_profile(args.source) is None:
            raise ReadError(f"Unknown source program '{args.source}'. Run 'clio-prep sources' to see the names it knows.")
    if args.users and not os.path.isfile(args.users):
        raise ReadError(f"The users file '{args.users}' does not exist.")
    roster = read_roster(args.users) if args.users else None
    if args.project:
        from app.core.project import session_for_cli

        session, report = session_for_cli(args.project, args.paths, args.source, args.region, args.users, roster)
        for line in report.describe():
            print(f"clio-prep: {line}", file=sys.stderr)
    else:
        session = Session(args.paths, Firm(source=args.source, region=args.region), roster)
        session.users_file = args.users
        session.read()
    if getattr(args, "firm", None):
        session.firm.name = args.firm
    session.check()
    return session


def _bad_input(result: CheckResult) -> bool:
    for problem in result.problems:
        print(f"clio-prep: {problem}", file=sys.stderr)
    readable = [f for f in result.files if not f.table.error]
    if not result.files and not result.problems:
        print("clio-prep: no export files (CSV, TSV, XLSX or ZIP) were found in what you gave.", file=sys.stderr)
    elif not readable:
        for f in result.files:
            print(f"clio-prep: {f.table.path}: {f.table.error}", file=sys.stderr)
    return bool(result.problems) or not readable


def _is_input(session, target: str) -> bool:
    """Would writing `target` replace one of the exports or the users file?"""
    real = os.path.realpath(target)
    inputs = {os.path.realpath(t.origin) for t in session.tables}
    if session.users_file:
        inputs.add(os.path.realpath(session.users_file))
    return real in inputs


def cmd_check(args) -> int:
    try:
        session = _session(args)
    except Cancelled:
        return EXIT_BAD_INPUT
    result = session.result
    assert result is not None
    if args.json and _is_input(session, args.json):
        print(f"clio-prep: {args.json} is one of the files being checked; the findings would replace it. Choose another name.", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        try:
            write_text_atomic(args.json, json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        except OSError as exc:
            print(f"clio-prep: the findings could not be written to {args.json}: {exc.strerror or exc}. "
                  "Nothing was written there; choose another place (and check the free space).", file=sys.stderr)
            return EXIT_BAD_INPUT
    if not args.quiet:
        print_summary(result)
    if _bad_input(result):
        return EXIT_BAD_INPUT
    return EXIT_BLOCKERS if result.counts()["blocker"] else EXIT_OK


def _password(var: str | None) -> str | None:
    if not var:
        return None
    pw = os.environ.get(var)
    if not pw:
        raise ReadError(f"The environment variable {var} is not set or empty: it should hold the bundle's password.")
    return pw


def cmd_bundle(args) -> int:
    from app.core.bundle import BundleError, build_bundle

    password = _password(args.password_env)
    session = _session(args)
    result = session.result
    assert result is not None
    if _bad_input(result):
        return EXIT_BAD_INPUT
    if _is_input(session, args.out):
        print(f"clio-prep: {args.out} is one of the files being checked; the bundle would replace it. Choose another name.", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        manifest = build_bundle(session, args.out, password)
    except BundleError as exc:
        print(f"clio-prep: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.quiet:
        print_summary(result)
        print()
        total_in = sum(s["rows_in"] for s in manifest["sources"])
        total_out = sum(s["rows_out"] for s in manifest["sources"])
        print(f"Bundle written: {args.out} ({len(manifest['files'])} files; {total_in} records in, {total_out} in Clio's files, "
              f"{total_in - total_out} left out and listed in excluded.csv){' - encrypted' if password else ''}.")
    return EXIT_BLOCKERS if result.counts()["blocker"] else EXIT_OK


def cmd_verify(args) -> int:
    from app.core.bundle import verify_bundle

    verdict = verify_bundle(args.bundle, _password(args.password_env))
    print(verdict.text())
    return EXIT_OK if verdict.ok else EXIT_BLOCKERS


def print_summary(result: CheckResult) -> None:
    print(f"Source program: {result.source.name} ({result.source_reason})")
    print()
    print("Files:")
    for f in result.files:
        t = f.table
        if t.error:
            print(f"  {t.path}: CANNOT BE READ - {t.error}")
            continue
        label = f.data_type.replace("_", " ")
        print(f"  {t.path}: {label}, {t.records} records ({t.encoding or 'Excel'}, header on row {t.header_row})")
    by_code = result.findings.counts_by()
    print()
    if by_code:
        print("Findings:")
        for (sev, code), n in sorted(by_code.items(), key=lambda kv: ({"blocker": 0, "warning": 1, "info": 2}[kv[0][0]], kv[0][1])):
            print(f"  {sev:<8} {n:>6}  {code}: {CODES.get(code, ('', code))[1]}")
    c = result.counts()
    print()
    if c["blocker"]:
        print(f"{c['blocker']} blocker(s): these records will not import until they are fixed or excluded. "
              f"{c['warning']} warning(s), {c['info']} note(s).")
    else:
        print(f"No blockers. {c['warning']} warning(s), {c['info']} note(s).")


if __name__ == "__main__":
    sys.exit(main())

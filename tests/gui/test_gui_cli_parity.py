"""The wizard and the command line give the same findings for the same input."""

from __future__ import annotations

import json

from app import cli
from app.core.resources import resource_path

DEMO = resource_path("demo")
DEMO_USERS = DEMO / "users.csv"


def key(f) -> tuple:
    return (f["code"], f["file"], f["row"], f["column"])


def test_wizard_findings_match_the_cli_on_the_demo(demo_on_files, tmp_path):
    out = tmp_path / "findings.json"
    rc = cli.main(["check", str(DEMO), "--users", str(DEMO_USERS), "--json", str(out), "--quiet"])
    assert rc == cli.EXIT_BLOCKERS  # the demo has blockers
    from_cli = json.loads(out.read_text(encoding="utf-8"))["findings"]
    from_gui = [f.to_json() for f in demo_on_files.session.result.findings]

    assert len(from_gui) == len(from_cli)
    assert {key(f) for f in from_gui} == {key(f) for f in from_cli}
    # and the same severity for each
    assert sorted((key(f), f["severity"]) for f in from_gui) == sorted((key(f), f["severity"]) for f in from_cli)
    # the files the wizard lists are those the CLI read, recognised the same way
    gui_files = {r.path: r.data_type for r in demo_on_files.session.result.files}
    cli_files = {f["path"]: f["data_type"] for f in json.loads(out.read_text(encoding="utf-8"))["files"]}
    assert gui_files == cli_files

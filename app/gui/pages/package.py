"""Page 7: the submission bundle: what goes to Clio, where to write it, an optional password;
then what to check after the import."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.core import fields as F
from app.core.bundle import accounting, build_bundle, verify_bundle
from app.core.report import calendar_months
from app.gui import dialogs
from app.gui.models import type_label
from app.gui.pages.base import Page, TaskPanel, hint
from app.gui.pages.review import MonthChart

ADVICE = ("<b>Until the migration is done:</b> keep the cut-off (record new work in one place only), do not turn on "
          "calendar or contact syncs or other integrations, and record new time and notes against a placeholder matter "
          "such as 'Transition - to be reallocated'. <b>After the import</b> you have three business days to check the "
          "records listed in review_checklist.csv (inside the bundle) in Clio.")


def _checklist_lines(path: str, password: str | None) -> list[str]:
    """The review checklist, read back from the bundle just written."""
    import csv
    import io

    import pyzipper

    with pyzipper.AESZipFile(path) as zf:
        if password:
            zf.setpassword(password.encode("utf-8"))
        text = zf.read("review_checklist.csv").decode("utf-8-sig")
    return [f"{r['data_type'].replace('_', ' ')}: {r['record']} - {r['what_to_check']}" for r in csv.DictReader(io.StringIO(text))]


class PackagePage(Page):
    def __init__(self, wizard) -> None:
        super().__init__(wizard, "Package the bundle", "Everything Clio's migration specialist needs, in one file, checked and accounted for.")
        self.setFinalPage(True)
        lay = QVBoxLayout(self)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["Kind of record", "In your exports", "Going to Clio", "Left out", "Blockers left", "Warnings left"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAccessibleName("Summary per kind of record")
        charts = QHBoxLayout()
        charts.addWidget(self.table, 3)
        side = QVBoxLayout()
        self.chart = MonthChart()
        side.addWidget(self.chart)
        charts.addLayout(side, 2)
        lay.addLayout(charts, 2)
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName("Summary")
        lay.addWidget(self.verdict)

        out = QGroupBox("Where to write it")
        form = QFormLayout(out)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName("Bundle file")
        self.browse = QPushButton("Browse...")
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form.addRow("Bundle file:", row)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.password.setPlaceholderText("optional")
        self.password.setAccessibleName("Password")
        self.password.setToolTip("Encrypts the bundle (AES-256). Send the password to Clio separately, never in the same email.")
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.Password)
        self.password2.setAccessibleName("Password again")
        form.addRow("Password:", self.password)
        form.addRow("Password again:", self.password2)
        lay.addWidget(out)
        buttons = QHBoxLayout()
        self.build = QPushButton("Build the bundle")
        self.build.setDefault(True)
        self.open_folder = QPushButton("Open the folder")
        self.open_folder.setEnabled(False)
        buttons.addWidget(self.build)
        buttons.addWidget(self.open_folder)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Bundle result")
        lay.addWidget(self.result)
        self.checklist = QListWidget()
        self.checklist.setAccessibleName("What to check in Clio after the import")
        self.checklist.setVisible(False)
        self.checklist.setMaximumHeight(150)
        lay.addWidget(self.checklist)
        lay.addWidget(hint(ADVICE))
        self.panel = TaskPanel(wizard)
        lay.addWidget(self.panel)
        self._built: str | None = None
        self.browse.clicked.connect(self._browse)
        self.build.clicked.connect(self._build)
        self.open_folder.clicked.connect(self._open_folder)
        wizard.checked.connect(self._refresh)

    def _refresh(self) -> None:
        if self.wiz.session.result is None or self.wiz.currentPage() is not self:
            return
        acc = accounting(self.wiz.session)
        self.table.setRowCount(0)
        blockers = 0
        for dt in (*F.PROCESS_ORDER, F.NOT_MIGRATABLE, F.UNKNOWN):
            if dt not in acc:
                continue
            a = acc[dt]
            r = self.table.rowCount()
            self.table.insertRow(r)
            for c, v in enumerate((type_label(dt), a["in"], a["out"], a["excluded"], a["blocker"], a["warning"])):
                item = QTableWidgetItem(f"{v:,}" if isinstance(v, int) else v)
                if isinstance(v, int):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(r, c, item)
            blockers += a["blocker"]
        cal = [r.prepared.out for r in self.wiz.session.result.files if r.data_type == "calendar_entries" and r.prepared is not None]
        if cal:
            import pandas as pd

            today = self.wiz.session.firm.cutoff or pd.Timestamp.today().strftime("%Y-%m-%d")
            self.chart.set_months(calendar_months(pd.concat(cal, ignore_index=True), today))
        else:
            self.chart.set_months([])
        if blockers:
            self.verdict.setText(f"<b>{blockers:,} blocker(s) remain</b>: those records will not import as they are. You can go back "
                                 "and fix them, or build the bundle now: the specialist will see them in findings.csv.")
        else:
            self.verdict.setText("<b>No blockers remain.</b> Every record going to Clio can be imported.")

    def _browse(self) -> None:
        path = dialogs.choose_save_file(self, "Save the bundle as", self.path.text(), "ZIP bundle (*.zip)")
        if path:
            self.path.setText(path if path.lower().endswith(".zip") else path + ".zip")

    def _build(self) -> None:
        target = self.path.text().strip()
        if not target:
            dialogs.show_error(self, "Where to?", "Choose where to write the bundle first.")
            return
        if self.password.text() != self.password2.text():
            dialogs.show_error(self, "Passwords differ", "Type the same password twice (or leave both empty for no password).")
            return
        if not Path(target).parent.is_dir():
            dialogs.show_error(self, "No such folder", f"The folder {Path(target).parent} does not exist. Choose another place.")
            return
        if Path(target).exists() and not dialogs.ask_yes_no(self, "Replace it?", f"{Path(target).name} already exists. Replace it?"):
            return
        password = self.password.text() or None
        session = self.wiz.session

        def work(progress, cancelled):
            manifest = build_bundle(session, target, password, progress)
            progress(0.97, "Verifying the bundle")
            return manifest, verify_bundle(target, password), _checklist_lines(target, password)

        def done(res):
            manifest, verdict, lines = res
            self.checklist.clear()
            self.checklist.addItem("After the import, look these records up in Clio (the full list is review_checklist.csv in the bundle):")
            for line in lines[:40]:
                self.checklist.addItem("   " + line)
            self.checklist.setVisible(bool(lines))
            self._built = target
            self.open_folder.setEnabled(True)
            total_in = sum(s["rows_in"] for s in manifest["sources"])
            total_out = sum(s["rows_out"] for s in manifest["sources"])
            self.result.setText(("<b>Bundle written and verified.</b> " if verdict.ok else "<b>Bundle written, but it did not verify:</b> "
                                 + "; ".join(verdict.problems) + " ")
                                + f"{target}: {total_in:,} records in, {total_out:,} going to Clio, {total_in - total_out:,} left out "
                                "(each listed in excluded.csv with its reason)." + (" It is password-protected." if password else ""))
            self.completeChanged.emit()

        self.wiz.runner.run(work, done, self.wiz.show_task_error)

    def _open_folder(self) -> None:
        if self._built:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self._built).parent)))

    def initializePage(self) -> None:  # noqa: N802
        s = self.wiz.session
        if not self.path.text():
            docs = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
            base = Path(docs) if docs and Path(docs).is_dir() else Path.home()
            if not os.access(base, os.W_OK):
                base = Path.home()
            name = (s.firm.name or "clio-migration").replace("/", "-").replace("&", "and")
            self.path.setText(str(base / f"{name} - Clio bundle.zip"))
        if s.dirty or s.result is None:
            self.wiz.recheck()
        else:
            self._refresh()

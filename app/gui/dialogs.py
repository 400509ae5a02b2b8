"""One seam for dialogs: pages call these, tests patch them (no racing modal exec() calls)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    return QMessageBox.question(parent, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes) == QMessageBox.Yes


def choose_files(parent: QWidget | None, title: str = "Add export files") -> list[str]:
    files, _ = QFileDialog.getOpenFileNames(parent, title, "", "Exports (*.csv *.tsv *.txt *.xlsx *.zip);;All files (*)")
    return files


def choose_folder(parent: QWidget | None, title: str = "Add a folder of exports") -> str:
    return QFileDialog.getExistingDirectory(parent, title)


def choose_open_file(parent: QWidget | None, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path


def choose_save_file(parent: QWidget | None, title: str, default: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, default, filters)
    return path


def ask_text(parent: QWidget | None, title: str, label: str, default: str = "") -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, text=default)
    return text if ok else None


def ask_choice(parent: QWidget | None, title: str, label: str, items: list[str]) -> str | None:
    item, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    return item if ok else None


def run_dialog(dialog: QDialog) -> bool:
    """Show a modal dialog of the app's own; True when the user accepted it."""
    return dialog.exec() == QDialog.Accepted

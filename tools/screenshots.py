"""Screenshots of every wizard page on the demo data, for docs/screenshots (developer tool).

    xvfb-run -s "-screen 0 1280x800x24" python tools/screenshots.py [OUT_DIR]

Drives the real wizard: demo data, one fix and one exclusion on the review page, a bundle built
into a temporary folder. Saves one PNG per page at 1280x800.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.mkdtemp()
    os.environ["CLIO_PREP_DATA_DIR"] = tmp
    app = QApplication(sys.argv[:1])
    from app.gui import dialogs
    from app.gui.main import build
    from app.gui.wizard import PageId

    dialogs.ask_text = lambda *a, **k: "Test record entered by mistake"
    dialogs.ask_yes_no = lambda *a, **k: True
    dialogs.show_info = lambda *a, **k: None
    w = build(autosave=None)
    w.resize(1280, 800)
    w.show()

    def pump(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def idle() -> None:
        for _ in range(1200):
            pump(50)
            if not w.runner.busy:
                break
        pump(300)

    def shot(name: str) -> None:
        w.grab().save(str(out / name))
        print("saved", out / name)

    pump(500)
    shot("1-welcome.png")
    w.page(PageId.WELCOME).demo_btn.click()
    idle()
    shot("2-firm.png")
    w.next()
    idle()
    shot("3-files.png")
    w.next()
    idle()
    mapping = w.page(PageId.MAPPING)
    for i in range(mapping.files.count()):  # the matters file shows the status value map
        if "Matters" in mapping.files.item(i).text():
            mapping.files.setCurrentRow(i)
    pump(300)
    shot("4-mapping.png")
    w.next()
    idle()
    shot("5-people.png")
    w.next()
    idle()
    review = w.page(PageId.REVIEW)
    review.view.selectRow(0)
    pump(200)
    shot("6-review.png")
    review.tabs.setCurrentIndex(1)
    pump(300)
    shot("6b-review-calendar.png")
    review.tabs.setCurrentIndex(0)
    w.next()
    idle()
    package = w.page(PageId.PACKAGE)
    package.path.setText(str(Path(tmp) / "Whitmore and Vance - Clio bundle.zip"))
    package.build.click()
    idle()
    shot("7-package.png")
    w.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The help window: pages you move through with ↑ ↓, read with the keyboard, close with Esc."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QWidget,
)

from desktop_app.core.actions import Action
from desktop_app.core.help import pages
from desktop_app.core.safety import Urgency, disclaimer, emergency_advice, sign_groups
from desktop_app.i18n import _
from desktop_app.qt.keys import Place, help_key_names, markdown_table, name, pressed
from desktop_app.qt.widgets import fit_to_screen

SAFETY_KEY = "safety"


class HelpWindow(QDialog):
    safety_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Help"))
        fit_to_screen(self, 1100, 760)
        self.setStyleSheet("QWidget { font-size: 19px; }")
        self.pages = QListWidget()
        self.pages.setAccessibleName(_("Help pages"))
        self.pages.setFixedWidth(370)
        self.pages.setWordWrap(True)
        self.pages.setSpacing(4)
        for page in pages(help_key_names()):
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            self.pages.addItem(item)
        safety = QListWidgetItem(_("Is this safe for me?"))
        safety.setData(Qt.ItemDataRole.UserRole, SAFETY_KEY)
        self.pages.addItem(safety)
        self.text = QTextBrowser()
        self.text.setAccessibleName(_("Help text"))
        self.text.setOpenExternalLinks(False)
        self.pages.currentItemChanged.connect(self._show)
        self.pages.itemActivated.connect(self._activated)
        layout = QHBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.text, 1)

    def open_page(self, key: str) -> None:
        for row in range(self.pages.count()):
            if self.pages.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.pages.setCurrentRow(row)
        self.show()
        self.raise_()
        self.pages.setFocus()

    @property
    def current_key(self) -> str:
        item = self.pages.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        if key == SAFETY_KEY:
            self.text.setMarkdown(safety_page())
            self._space_out()
            return
        page = next(p for p in pages(help_key_names()) if p.key == key)
        text = f"# {page.title}\n{page.text}"
        if page.key == "how":
            text += f"\n\n## {_('Keys')}\n\n{markdown_table()}"
        self.text.setMarkdown(text)
        self._space_out()

    def _space_out(self) -> None:
        """Markdown comes in tight; give paragraphs air and lines some height, for tired eyes."""
        cursor = QTextCursor(self.text.document())
        block = self.text.document().begin()
        while block.isValid():
            cursor.setPosition(block.position())
            layout = QTextBlockFormat(block.blockFormat())
            layout.setBottomMargin(10)
            layout.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            cursor.setBlockFormat(layout)
            block = block.next()

    def _activated(self, item: QListWidgetItem) -> None:
        if item.data(Qt.ItemDataRole.UserRole) == SAFETY_KEY:
            self.safety_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        press = pressed(event, Place.HELP)
        if press is not None and press.action is Action.STOP:
            self.close()
            return
        super().keyPressEvent(event)


def safety_page() -> str:
    """The red flags, always in view in the help, grouped by how soon as the check has them,
    and how to open the check itself."""
    parts = [
        "# " + _("Is this safe for me?"),
        _("Press {key} on this page to open the check itself.").format(
            key=name(Action.CONFIRM, (Place.HELP,))
        ),
    ]
    for group in sign_groups():
        parts += ["## " + group.heading.rstrip(":"), "\n".join(f"- {f.text}" for f in group.flags)]
        if group.urgency is Urgency.EMERGENCY:
            parts.append(emergency_advice())
    parts.append(disclaimer())
    return "\n\n".join(parts)

"""The start page: routines as large cards, and any problems with routine files."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.loader import Problem
from desktop_app.core.routines import Origin, Routine
from desktop_app.i18n import _, ngettext
from desktop_app.qt.theme import Theme
from desktop_app.qt.widgets import ScaledPage

ROUTINE_ROLE = Qt.ItemDataRole.UserRole + 1


class RoutineCard(QFrame):
    def __init__(self, routine: Routine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.routine = routine
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 14, 22, 14)
        layout.setSpacing(4)
        self.title = QLabel(routine.title)
        self.summary = QLabel(routine.summary)
        # A routine file's text is text: "<img>" or "<h1>" shows as typed, never as markup.
        for label in (self.title, self.summary):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        details = _("{muscles} · {equipment} · about {minutes} min").format(
            muscles=", ".join(routine.muscles).capitalize(),
            equipment=", ".join(routine.equipment) or _("no equipment"),
            minutes=routine.estimated_minutes(),
        )
        self.details = QLabel(details)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        for label in (self.title, self.summary, self.details):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)

    def style_for(self, theme: Theme, unit: float, selected: bool) -> None:
        border = theme.accent if selected else theme.track
        self.setStyleSheet(
            f"QFrame#card {{ background:{theme.surface}; border:{4 if selected else 2}px solid {border};"
            " border-radius:18px; }"
        )
        self.title.setStyleSheet(
            f"font-size:{round(30 * unit)}px; font-weight:800; color:{theme.text}"
        )
        self.summary.setStyleSheet(f"font-size:{round(19 * unit)}px; color:{theme.text}")
        self.details.setStyleSheet(
            f"font-size:{round(16 * unit)}px; font-weight:600; color:{theme.muted}"
        )


class RoutineList(QListWidget):
    """Cards you move through with ↑ ↓ and start with Enter."""

    chosen = Signal(str)
    #: The visible width changed (a window resize, or the scroll bar came or went).
    width_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Routine list")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSpacing(6)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)

    def _activated(self, item: QListWidgetItem) -> None:
        routine_id = item.data(ROUTINE_ROLE)
        if routine_id:
            self.chosen.emit(routine_id)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.width_changed.emit()
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            item = self.currentItem()
            if item is not None:
                self._activated(item)
            return
        if event.key() in (Qt.Key.Key_P, Qt.Key.Key_H):
            event.ignore()  # the page handles these: problems, history
            return
        super().keyPressEvent(event)


class StartPage(ScaledPage):
    routine_chosen = Signal(str)
    history_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(_("Lumbago Coach"))
        self.subheading = QLabel(
            _("Choose a routine: ↑ ↓ to move, Enter to start. ? shows all keys.")
        )
        self.subheading.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setAccessibleName("Notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.recovery = QLabel()
        self.recovery.setAccessibleName("Recovery")
        self.recovery.setWordWrap(True)
        self.recovery.setTextFormat(Qt.TextFormat.RichText)
        self.recovery.hide()
        self.problems_button = QPushButton()
        self.problems_button.setAccessibleName("Routine problems")
        self.problems_button.clicked.connect(self.toggle_problems)
        self.problems_button.hide()
        self.problems_text = QPlainTextEdit()
        self.problems_text.setAccessibleName("Routine problem list")
        self.problems_text.setReadOnly(True)
        self.problems_text.hide()
        self.list = RoutineList()
        self.list.chosen.connect(self.routine_chosen)
        self.list.currentItemChanged.connect(lambda *_args: self._restyle_cards())
        self.list.width_changed.connect(self._restyle_cards)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 20)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.notice)
        layout.addWidget(self.recovery)
        layout.addWidget(self.problems_button)
        layout.addWidget(self.problems_text)
        layout.addWidget(self.list, 1)
        self.problems: list[Problem] = []

    def restyle(self) -> None:
        unit = self.unit
        theme = self.theme
        self.heading.setStyleSheet(
            f"font-size:{round(46 * unit)}px; font-weight:900; color:{theme.text}"
        )
        self.subheading.setStyleSheet(f"font-size:{round(22 * unit)}px; color:{theme.muted}")
        self.notice.setStyleSheet(
            f"font-size:{round(19 * unit)}px; background:{theme.hint}; color:{theme.hint_text};"
            "border-radius:12px; padding:10px 16px"
        )
        self.recovery.setStyleSheet(
            f"font-size:{round(19 * unit)}px; background:{theme.surface}; color:{theme.text};"
            f"border:2px solid {theme.track}; border-radius:14px; padding:12px 18px"
        )
        self.problems_button.setStyleSheet(
            f"font-size:{round(20 * unit)}px; font-weight:700; text-align:left; background:{theme.hint};"
            f"color:{theme.hint_text}; border:none; border-radius:12px; padding:12px 16px"
        )
        self.problems_text.setStyleSheet(
            f"font-family: monospace; font-size:{round(16 * unit)}px; background:{theme.surface}; color:{theme.text}"
        )
        self.list.setStyleSheet(
            f"QListWidget {{ background:{theme.window}; outline:none; }}"
            "QListWidget::item, QListWidget::item:selected { background: transparent; border: none; }"
        )
        self._restyle_cards()

    def _restyle_cards(self) -> None:
        """Style the cards and give each the height its wrapped text needs at the list's width."""
        current = self.list.currentItem()
        width = max(200, self.list.viewport().width() - 2 * self.list.spacing())
        for row in range(self.list.count()):
            item = self.list.item(row)
            widget = self.list.itemWidget(item)
            if isinstance(widget, RoutineCard):
                widget.style_for(self.theme, self.unit, item is current)
            elif isinstance(widget, QLabel):
                widget.setStyleSheet(
                    f"font-size:{round(20 * self.unit)}px; font-weight:800; color:{self.theme.muted};"
                    "padding-top:10px; text-transform: uppercase"
                )
            else:
                continue
            layout = widget.layout()
            if layout is not None and layout.hasHeightForWidth():
                height = layout.totalHeightForWidth(width)
            else:
                height = widget.sizeHint().height()
            item.setSizeHint(QSize(width, height))
        self.list.doItemsLayout()

    def set_routines(self, routines: list[Routine], problems: list[Problem]) -> None:
        selected = self.current_routine_id()
        self.list.clear()
        groups = [
            (
                _("Routines that come with the app"),
                [r for r in routines if r.origin is Origin.BUNDLED],
            ),
            (_("My routines"), [r for r in routines if r.origin is Origin.USER]),
        ]
        first: QListWidgetItem | None = None
        for heading, members in groups:
            if not members:
                continue
            header = QListWidgetItem()
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(header)
            self.list.setItemWidget(header, QLabel(heading))
            for routine in members:
                item = QListWidgetItem()
                item.setData(ROUTINE_ROLE, routine.id)
                item.setData(
                    Qt.ItemDataRole.AccessibleTextRole, f"{routine.title}. {routine.summary}"
                )
                self.list.addItem(item)
                self.list.setItemWidget(item, RoutineCard(routine))
                if first is None or routine.id == selected:
                    first = item
        if first is not None:
            self.list.setCurrentItem(first)
        self.set_problems(problems)
        self.restyle()

    def current_routine_id(self) -> str | None:
        item = self.list.currentItem()
        return (
            str(item.data(ROUTINE_ROLE)) if item is not None and item.data(ROUTINE_ROLE) else None
        )

    def set_problems(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        files = len({p.path for p in problems})
        if not problems:
            self.problems_button.hide()
            self.problems_text.hide()
            return
        self.problems_button.setText(
            ngettext(
                "⚠  {files} routine file has a problem. Press P to see it.",
                "⚠  {files} routine files have problems. Press P to see them.",
                files,
            ).format(files=files)
        )
        self.problems_text.setPlainText("\n".join(str(p) for p in problems))
        self.problems_button.show()

    def toggle_problems(self) -> None:
        if self.problems:
            self.problems_text.setVisible(not self.problems_text.isVisible())

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def notice_html(self, lines: list[str]) -> None:
        self.show_notice("<br>".join(escape(line) for line in lines))

    def show_recovery(self, html: str) -> None:
        self.recovery.setText(html)
        self.recovery.setVisible(bool(html))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_P:
            self.toggle_problems()
            return
        if event.key() == Qt.Key.Key_H:
            self.history_requested.emit()
            return
        super().keyPressEvent(event)

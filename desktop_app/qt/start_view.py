"""The start page: routines as large cards, and any problems with routine files."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.actions import Action
from desktop_app.core.history import AreaTotal
from desktop_app.core.problems import Problem
from desktop_app.core.recovery import Recovery
from desktop_app.core.routines import Listing, Origin
from desktop_app.i18n import _, from_routines, ngettext
from desktop_app.qt.keys import Place, name, pressed
from desktop_app.qt.widgets import ScaledPage

ROUTINE_ROLE = Qt.ItemDataRole.UserRole + 1
ACCESSIBLE_TEXT = Qt.ItemDataRole.AccessibleTextRole


class RoutineModel(QAbstractListModel):
    """The rows of the routine list: a heading for each group, then a row for each routine."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[str | Listing] = []

    def set_listings(self, listings: Sequence[Listing]) -> None:
        groups = [
            (_("Routines that come with the app"), Origin.BUNDLED),
            (_("My routines"), Origin.USER),
        ]
        rows: list[str | Listing] = []
        for heading, origin in groups:
            members = [listing for listing in listings if listing.origin is origin]
            if members:
                rows.append(heading)
                rows.extend(members)
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if isinstance(self.listing(index), Listing):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.NoItemFlags

    def listing(self, index: QModelIndex | QPersistentModelIndex) -> str | Listing | None:
        row = index.row()
        return self.rows[row] if index.isValid() and 0 <= row < len(self.rows) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        row = self.listing(index)
        if row is None:
            return None
        if isinstance(row, str):
            return row if role in (Qt.ItemDataRole.DisplayRole, ACCESSIBLE_TEXT) else None
        if role == ROUTINE_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == ACCESSIBLE_TEXT:
            return f"{row.title}. {row.summary}"
        return None

    def row_of(self, routine_id: str | None) -> int | None:
        for row, item in enumerate(self.rows):
            if isinstance(item, Listing) and item.id == routine_id:
                return row
        return None

    def first_routine_row(self) -> int | None:
        return next((row for row, item in enumerate(self.rows) if isinstance(item, Listing)), None)


def card_details(listing: Listing) -> str:
    return _("{muscles} · {equipment} · about {minutes} min").format(
        # Only the first letter: str.capitalize() would lower-case German nouns after it.
        muscles=_first_upper(", ".join(listing.muscles)),
        equipment=", ".join(listing.equipment) or _("no equipment"),
        minutes=listing.minutes,
    )


class CardDelegate(QStyledItemDelegate):
    """Draws each routine as a card and each group heading as a heading.

    Cards are painted, not built from widgets: a list of 10,000 routines costs 10,000 rows of
    data, not 40,000 styled widgets. Text is drawn as text, so "<h1>" in a file shows as typed.
    """

    PAD_X, PAD_Y, GAP = 22, 14, 4

    def __init__(self, page: StartPage) -> None:
        super().__init__(page)
        self.page = page
        self._heights: dict[tuple[str | Listing, int], int] = {}

    def forget_sizes(self) -> None:
        self._heights.clear()

    def _fonts(self) -> tuple[QFont, QFont, QFont, QFont]:
        unit = self.page.unit
        base = self.page.font()

        def font(size: float, weight: QFont.Weight) -> QFont:
            result = QFont(base)
            result.setPixelSize(max(8, round(size * unit)))
            result.setWeight(weight)
            return result

        return (
            font(30, QFont.Weight.ExtraBold),
            font(19, QFont.Weight.Normal),
            font(16, QFont.Weight.DemiBold),
            font(20, QFont.Weight.ExtraBold),
        )

    def text_blocks(self, listing: Listing, width: int) -> list[tuple[QFont, str, int]]:
        title, summary, details, _heading = self._fonts()
        inner = max(40, width - 2 * self.PAD_X)
        blocks = []
        for font, text in (
            (title, listing.title),
            (summary, listing.summary),
            (details, card_details(listing)),
        ):
            if not text:
                continue
            rect = QFontMetrics(font).boundingRect(
                QRect(0, 0, inner, 100_000), Qt.TextFlag.TextWordWrap, text
            )
            blocks.append((font, text, rect.height()))
        return blocks

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        row = self.page.model.listing(index)
        width = self.page.card_width()
        if row is None:
            return QSize(width, 0)
        key = (row, width)
        height = self._heights.get(key)
        if height is None:
            if isinstance(row, str):
                height = QFontMetrics(self._fonts()[3]).height() + round(10 * self.page.unit) + 4
            else:
                blocks = self.text_blocks(row, width)
                height = 2 * self.PAD_Y + sum(b[2] for b in blocks) + self.GAP * (len(blocks) - 1)
            self._heights[key] = height
        return QSize(width, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = self.page.model.listing(index)
        if row is None:
            return
        theme = self.page.theme
        rect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if isinstance(row, str):
            painter.setFont(self._fonts()[3])
            painter.setPen(QColor(theme.muted))
            painter.drawText(
                rect.adjusted(0, round(10 * self.page.unit), 0, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                row.upper(),
            )
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        border = 4 if selected else 2
        painter.setPen(QPen(QColor(theme.accent if selected else theme.track), border))
        painter.setBrush(QColor(theme.surface))
        half = border / 2
        painter.drawRoundedRect(QRectF(rect).adjusted(half, half, -half, -half), 18, 18)
        y = rect.top() + self.PAD_Y
        colours = (theme.text, theme.text, theme.muted)
        for (font, text, height), colour in zip(
            self.text_blocks(row, rect.width()), colours, strict=False
        ):
            painter.setFont(font)
            painter.setPen(QColor(colour))
            painter.drawText(
                QRect(rect.left() + self.PAD_X, y, rect.width() - 2 * self.PAD_X, height),
                Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                text,
            )
            y += height + self.GAP
        painter.restore()


class RoutineList(QListView):
    """Cards you move through with ↑ ↓ and start with Enter."""

    chosen = Signal(str)
    #: The visible width changed (a window resize, or the scroll bar came or went).
    width_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Routine list"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSpacing(6)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Thousands of rows are laid out a batch at a time, so the window stays responsive.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.activated.connect(self._activated)
        self.clicked.connect(self._activated)

    def _activated(self, index: QModelIndex) -> None:
        routine_id = index.data(ROUTINE_ROLE)
        if routine_id:
            self.chosen.emit(str(routine_id))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.width_changed.emit()
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        press = pressed(event, Place.START)
        if press is not None and press.action in (Action.CONFIRM, Action.TOGGLE):
            index = self.currentIndex()
            if index.isValid():
                self._activated(index)
            return
        if press is not None:
            event.ignore()  # the page's own (the routine files' problems)
            return
        super().keyPressEvent(event)


class StartPage(ScaledPage):
    routine_chosen = Signal(str)
    #: "Report for your doctor…", shown with the doctor line.
    report_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(_("Lumbago Coach"))
        self._choose_text = _(
            "Choose a routine: ↑ ↓ to move, {start} to start. ? shows all keys."
        ).format(start=name(Action.CONFIRM, (Place.START,)))
        self.subheading = QLabel(self._choose_text)
        self.subheading.setWordWrap(True)
        self.phone = QLabel()
        self.phone.setTextFormat(Qt.TextFormat.PlainText)
        self.phone.setAccessibleDescription(_("Phone remote"))
        self.phone.hide()
        self.notice = QLabel()
        self.notice.setAccessibleDescription(_("Notice"))
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.recovery = QLabel()
        self.recovery.setAccessibleDescription(_("Recovery"))
        self.recovery.setWordWrap(True)
        self.recovery.setTextFormat(Qt.TextFormat.RichText)
        self.recovery.hide()
        self.report_button = QPushButton(_("Report for your doctor…"))
        self.report_button.clicked.connect(self.report_requested)
        self.report_button.hide()
        self.problems_button = QPushButton()
        self.problems_button.setAccessibleDescription(_("Routine problems"))
        self.problems_button.clicked.connect(self.toggle_problems)
        self.problems_button.hide()
        self.problems_text = QPlainTextEdit()
        self.problems_text.setAccessibleName(_("Routine problem list"))
        self.problems_text.setReadOnly(True)
        self.problems_text.hide()
        self.list = RoutineList()
        self.model = RoutineModel(self.list)
        self.delegate = CardDelegate(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(self.delegate)
        self.list.chosen.connect(self.routine_chosen)
        self.list.width_changed.connect(self._restyle_cards)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 20)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.phone)
        layout.addWidget(self.notice)
        layout.addWidget(self.recovery)
        report_row = QHBoxLayout()
        report_row.addWidget(self.report_button)
        report_row.addStretch(1)
        layout.addLayout(report_row)
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
        self.phone.setStyleSheet(
            f"font-size:{round(20 * unit)}px; font-weight:700; color:{theme.accent}"
        )
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
        self.list.setStyleSheet(f"QListView {{ background:{theme.window}; outline:none; }}")
        self._restyle_cards()

    def card_width(self) -> int:
        return max(200, self.list.viewport().width() - 2 * self.list.spacing())

    def _restyle_cards(self) -> None:
        """Cards take the list's visible width; their heights follow their wrapped text."""
        self.delegate.forget_sizes()
        self.list.scheduleDelayedItemsLayout()
        self.list.viewport().update()

    def set_routines(self, listings: Sequence[Listing], problems: Sequence[Problem]) -> None:
        selected = self.current_routine_id()
        self.model.set_listings(listings)
        row = self.model.row_of(selected)
        if row is None:
            row = self.model.first_routine_row()
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row))
        self.set_problems(list(problems))
        self.list.viewport().update()

    def current_routine_id(self) -> str | None:
        routine_id = self.list.currentIndex().data(ROUTINE_ROLE)
        return str(routine_id) if routine_id else None

    def routine_ids(self) -> list[str]:
        """The routines in the list, in their order."""
        return [row.id for row in self.model.rows if isinstance(row, Listing)]

    def set_problems(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        files = len({p.path for p in problems})
        if not problems:
            self.problems_button.hide()
            self.problems_text.hide()
            return
        self.problems_button.setText(
            ngettext(
                "⚠  {files} routine file has a problem. Press {key} to see it.",
                "⚠  {files} routine files have problems. Press {key} to see them.",
                files,
            ).format(files=files, key=name(Action.PROBLEMS, (Place.START,)))
        )
        self.problems_text.setPlainText("\n".join(str(p) for p in problems))
        self.problems_button.show()

    def show_phone(self, text: str) -> None:
        self.phone.setText(text)
        self.phone.setVisible(bool(text))

    def show_progress(self, read: int, total: int) -> None:
        """While thousands of routine files are read, say how far it has got."""
        if read >= total:
            self.subheading.setText(self._choose_text)
        else:
            self.subheading.setText(
                _("Reading your routines: {read} of {total}…").format(
                    read=f"{read:,}", total=f"{total:,}"
                )
            )

    def toggle_problems(self) -> None:
        if self.problems:
            self.problems_text.setVisible(not self.problems_text.isVisible())

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_notices(self, lines: list[str]) -> None:
        self.show_notice("<br>".join(escape(line) for line in lines))

    def show_recovery(
        self, recovery: Recovery | None, doses: Sequence[AreaTotal], history_kept: bool
    ) -> None:
        """The card on where the usual course is (from the daily back check) and today's dose.
        The doctor line comes from the back check, never from pressure ratings."""
        lines: list[str] = []
        if recovery is not None:
            day = _("Day {day} since your back went.").format(day=recovery.day)
            lines.append(f"<b>{escape(day)}</b> {escape(recovery.expectation)}")
            if recovery.says:
                lines.append(f"<b>{escape(recovery.reason)}</b>")
        elif history_kept:
            lines.append(
                escape(
                    _(
                        "Once a day the app asks how your back is; your answers show where you "
                        "are in the usual course."
                    )
                )
            )
        parts = [
            dose_words(from_routines(d.area), d.hold_seconds, d.rolls)
            for d in doses
            if round(d.hold_seconds) or d.rolls
        ]
        if parts:
            lines.append(escape(_("Today so far — ") + "; ".join(parts) + "."))
        html = "<br>".join(lines)
        self.recovery.setText(html)
        self.recovery.setVisible(bool(html))
        self.report_button.setVisible(recovery is not None and recovery.see_doctor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        press = pressed(event, Place.START)
        if press is not None and press.action is Action.PROBLEMS:
            self.toggle_problems()
            return
        super().keyPressEvent(event)


def dose_words(area: str, hold_seconds: float, rolls: int) -> str:
    """What one area had today, in the words that apply: "… 45 s held, 15 rolls", "… 15 rolls"
    (never "0 s held")."""
    held = round(hold_seconds)
    if held and rolls:
        return _("{area}: {seconds} s held, {rolls} rolls").format(
            area=area, seconds=held, rolls=rolls
        )
    if held:
        return _("{area}: {seconds} s held").format(area=area, seconds=held)
    return ngettext("{area}: {rolls} roll", "{area}: {rolls} rolls", rolls).format(
        area=area, rolls=rolls
    )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]

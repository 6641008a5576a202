"""The session page: shows the engine's state large and turns keys into engine commands."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.actions import Action, Press
from desktop_app.core.routines import Routine
from desktop_app.core.session import Phase, SessionEngine, SessionView
from desktop_app.i18n import _
from desktop_app.qt.keys import Place, action_names, pressed, session_hints
from desktop_app.qt.session_parts import (
    CAPTION,
    INSTRUCTION,
    PROMPT,
    TITLE,
    KeyCap,
    TextType,
    key_caps,
)
from desktop_app.qt.session_widgets import (
    Banner,
    CountdownDial,
    IllustrationView,
    PainScale,
    RepetitionCounter,
)
from desktop_app.qt.theme import LIGHT, Theme
from desktop_app.qt.widgets import (
    SPEAKS_ANNOUNCEMENTS,
    ElidedLabel,
    Overlay,
    ScaledPage,
    WrappedLabel,
    announce,
    bold_font,
    wrapped_height,
)
from desktop_app.view.presenter import (
    Big,
    BigPanel,
    CaptionState,
    PainPanel,
    Screen,
    present,
)

NOTICE_MS = 4000
#: How the session's middle is shared across: words, picture, countdown (the picture's share
#: keeps it at least a quarter of the window wide at every size, tests/test_floor_layout.py).
WORDS_SHARE, PICTURE_SHARE, BIG_SHARE = 0.35, 0.35, 0.30
COLUMN_GAP = 24
#: The smallest the step's words get to fit their column (of their size at this window height).
MIN_TEXT_SCALE = 0.6


class SessionPage(ScaledPage):
    """Everything about one running routine; holds no rules, only shows and forwards."""

    #: The session ended (finished or stopped), or was left before it started.
    ended = Signal()
    #: A key asked for a command (a core Command): the page never applies it itself; the
    #: session flow does, for every surface at once.
    commanded = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # The page takes the session's keys: a screen reader names it when it has the focus,
        # and reads what is announced through its name (widgets.announce).
        self.setAccessibleName(_("Session"))
        self.setProperty(SPEAKS_ANNOUNCEMENTS, True)
        self.engine: SessionEngine | None = None
        self._last: SessionView | None = None
        self._screen: Screen | None = None
        self._esc_armed = False
        #: What the page's sentences call each action: its key.
        self._names = action_names()

        self.step_label = ElidedLabel()
        self.step_label.setTextFormat(Qt.TextFormat.PlainText)  # routine text is text
        self.step_label.setAccessibleDescription(_("Step counter"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Step progress"))
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(10)
        self.time_left = QLabel()
        self.time_left.setAccessibleDescription(_("Time left"))
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.phone = QLabel()
        self.phone.setTextFormat(Qt.TextFormat.PlainText)
        self.phone.setAccessibleDescription(_("Phone remote"))
        self.sound_status = QLabel()
        self.sound_status.setTextFormat(Qt.TextFormat.PlainText)
        self.sound_status.setAccessibleDescription(_("Sound status"))

        self.title = WrappedLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # routine text is text
        self.title.setAccessibleDescription(_("Step title"))
        self.title.setWordWrap(True)
        self.instruction = WrappedLabel()
        self.instruction.setTextFormat(Qt.TextFormat.PlainText)  # routine text is text
        self.instruction.setAccessibleDescription(_("Step instruction"))
        self.instruction.setWordWrap(True)
        # The words are never squeezed: on a small screen the picture gives way first.
        self.instruction.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.prompt = WrappedLabel()
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)  # routine text is text
        self.prompt.setAccessibleDescription(_("Activity prompt"))
        self.prompt.setWordWrap(True)
        self.illustration = IllustrationView()

        self.dial = CountdownDial()
        self.counter = RepetitionCounter()
        names = self._names
        self.roll_key = KeyCap(names[Action.ROLL], _("Roll it"))
        self.hold_key = KeyCap(names[Action.HOLD], _("Hold it"))
        self.ready_key = KeyCap(names[Action.CONFIRM], _("when you are ready"))
        self.start_key = KeyCap(names[Action.TOGGLE], _("to start"))
        # When a spot is done, every way on is a card: another spot, the next spot, or the area.
        self.next_spot_key = KeyCap(names[Action.NEXT_SPOT], _("Next spot"))
        self.area_done_key = KeyCap(names[Action.FORWARD], _("Area done"))
        choice = QWidget()
        choice_layout = QGridLayout(choice)
        choice_layout.setSpacing(18)
        choice_layout.addWidget(self.roll_key, 0, 0)
        choice_layout.addWidget(self.hold_key, 0, 1)
        choice_layout.addWidget(self.next_spot_key, 1, 0)
        choice_layout.addWidget(self.area_done_key, 1, 1)
        self.next_spot_key.hide()
        self.area_done_key.hide()
        self.choice = choice
        self.big = QStackedWidget()
        for widget in (self.dial, self.counter, self.choice, self.ready_key, self.start_key):
            self.big.addWidget(widget)
        self.caption = WrappedLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)  # routine text is text
        self.caption.setAccessibleDescription(_("Countdown caption"))
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.caption.setWordWrap(True)

        self.warning = Banner(_("Pain warning"))
        self.hint = Banner(_("Hint"))
        self.pain = PainScale()
        self.notice = QLabel()
        self.notice.setTextFormat(Qt.TextFormat.PlainText)  # routine text is text
        self.notice.setAccessibleDescription(_("Notice"))
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keymap = QLabel()
        self.keymap.setAccessibleDescription(_("Key map"))
        self.keymap.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keymap.setTextFormat(Qt.TextFormat.RichText)
        self.keymap.setWordWrap(True)

        # The header gives way from its left: the step line is cut, never the badges.
        self.step_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.step_label.setMinimumWidth(120)
        for badge in (self.phone, self.sound_status, self.time_left):
            badge.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.addWidget(self.step_label, 1)
        top.addWidget(self.phone)
        top.addSpacing(16)
        top.addWidget(self.sound_status)
        top.addSpacing(24)
        top.addWidget(self.time_left)

        # Three columns, built around the picture: the words on the left, the picture in the
        # middle (how to lie, where the ball goes: never the first thing to give way), the
        # countdown or counter on the right with what to do now right under it.
        words = QVBoxLayout()
        words.setSpacing(10)
        self._left = words
        words.addWidget(self.title)
        words.addWidget(self.instruction)
        words.addWidget(self.prompt)
        words.addStretch(1)
        self.words = QWidget()
        self.words.setLayout(words)
        words.setContentsMargins(0, 0, 0, 0)
        self.words.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.big, 1)
        right.addWidget(self.caption)
        self.right = QWidget()
        self.right.setLayout(right)
        self.right.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        middle = QHBoxLayout()
        middle.setSpacing(COLUMN_GAP)
        middle.addWidget(self.words, round(WORDS_SHARE * 100))
        middle.addWidget(self.illustration, round(PICTURE_SHARE * 100))
        middle.addWidget(self.right, round(BIG_SHARE * 100))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 16, 28, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addLayout(middle, 1)
        # The message row keeps at least one line's height, so a warning never makes the
        # countdown jump; a longer message (German, two lines) makes it grow to its text.
        self.messages = QWidget()
        messages = QHBoxLayout(self.messages)
        messages.setContentsMargins(0, 0, 0, 0)
        messages.setSpacing(12)
        messages.addWidget(self.warning, 3)
        messages.addWidget(self.hint, 2)
        layout.addWidget(self.messages)
        layout.addWidget(self.pain)
        # The bottom line shows the keys; a notice (why a key did nothing) takes its place for
        # a few seconds, so neither needs a row of its own.
        self.bottom = QStackedWidget()
        self.bottom.addWidget(self.keymap)
        self.bottom.addWidget(self.notice)
        layout.addWidget(self.bottom)

        self.overlay = Overlay(self)
        self._text_scale = 1.0
        self._caption_scale = 1.0
        self._caption_state = CaptionState.NORMAL
        # Fitting the words waits for the layout to place them (one turn of the event loop).
        self._fit_soon = QTimer(self)
        self._fit_soon.setSingleShot(True)
        self._fit_soon.setInterval(0)
        self._fit_soon.timeout.connect(self._fit_text)
        # The columns change size with the window and with the message row (a two-line
        # warning takes height from them): the words are fitted again each time.
        self.words.installEventFilter(self)
        self.right.installEventFilter(self)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self._clear_notice)
        self.set_theme(LIGHT)

    # -- binding ----------------------------------------------------------------------------

    def bind(self, engine: SessionEngine) -> None:
        self.engine = engine
        self._last = None
        self._screen = None
        self._esc_armed = False
        self._clear_notice()
        self.dial.clear()
        self.refresh()

    def set_theme(self, theme: Theme) -> None:
        for widget in (self.dial, self.counter, self.pain, self.illustration):
            widget.set_theme(theme)
        self.overlay.theme = theme
        self.progress.setStyleSheet(
            f"QProgressBar {{ background:{theme.track}; border:none; border-radius:5px; }}"
            f"QProgressBar::chunk {{ background:{theme.accent}; border-radius:5px; }}"
        )
        super().set_theme(theme)
        self._last = None
        self._screen = None  # everything is drawn again in the new colours
        if self.engine is not None:
            self.refresh()

    def set_sound_status(self, text: str) -> None:
        self.sound_status.setText(text)
        self._style_sound_status()

    def set_phone(self, text: str) -> None:
        """The phone remote's state, e.g. "Phone connected: Chrome on Android"."""
        self.phone.setText(text)

    def _style_sound_status(self) -> None:
        # Muted or silent matters from two metres: a bold badge, not small grey text.
        theme = self.theme
        self.sound_status.setStyleSheet(
            f"font-size:{round(26 * self.unit)}px; font-weight:800; color:{theme.warning_text};"
            f"background:{theme.warning}; border-radius:10px; padding:4px 14px"
            if self.sound_status.text()
            else ""
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.overlay.setGeometry(self.rect())
        self._fit_soon.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched in (self.words, self.right):
            self._fit_soon.start()
        return False

    def _words(self) -> list[tuple[WrappedLabel, TextType]]:
        return [
            (self.title, TITLE),
            (self.instruction, INSTRUCTION),
            (self.prompt, PROMPT),
        ]

    def _fit_text(self) -> None:
        """The step's words always fit their column: the type shrinks (to MIN_TEXT_SCALE at
        most) and the picture beside them keeps its size — a long German instruction on a
        1024×600 screen is read whole, never cut off. The caption under the countdown shrinks
        the same way to a third of its column at most."""
        room = self.words.height()
        width = self.words.width()
        if room <= 0 or width <= 0:
            return
        scale = 1.0
        while scale > MIN_TEXT_SCALE and self._words_height(self._words(), width, scale) > room:
            scale = round(scale - 0.05, 2)
        caption_room = self.right.height() / 3
        caption = [(self.caption, CAPTION)]
        caption_scale = 1.0
        while (
            caption_scale > MIN_TEXT_SCALE
            and self._words_height(caption, self.right.width(), caption_scale) > caption_room
        ):
            caption_scale = round(caption_scale - 0.05, 2)
        if (scale, caption_scale) != (self._text_scale, self._caption_scale):
            self._text_scale, self._caption_scale = scale, caption_scale
            self._style_words()
            for label, _kind in [*self._words(), *caption]:
                label.fit_height()

    def words_fit(self) -> bool:
        """Whether every word of the step is shown whole (for tests and the layout walk)."""
        needed = self._words_height(self._words(), self.words.width(), self._text_scale)
        return needed <= self.words.height() + 1 and all(
            label.height() >= label.needed_height() - 1
            for label, _kind in [*self._words(), (self.caption, CAPTION)]
            if label.text() and label.isVisibleTo(self)
        )

    def _words_height(
        self, labels: list[tuple[WrappedLabel, TextType]], width: int, scale: float
    ) -> int:
        """How high `labels` would be with their type at `scale` and wrapped to `width`."""
        total = 0
        for label, kind in labels:
            if not label.text() or not label.isVisibleTo(self):
                continue
            font = QFont(label.font())
            font.setPixelSize(max(1, kind.size(self.unit * scale)))
            font.setWeight(QFont.Weight(kind.weight))
            across, down = kind.padding
            total += wrapped_height(font, width - 2 * across, label.text()) + 2 * down
            total += self._left.spacing()
        return total

    def _style_words(self) -> None:
        unit, theme = self.unit * self._text_scale, self.theme
        self.title.setStyleSheet(TITLE.css(unit) + f"color:{theme.text}")
        # Floor mode: the one thing to do now is the biggest text after the countdown.
        self.instruction.setStyleSheet(INSTRUCTION.css(unit) + f"color:{theme.text}")
        self.prompt.setStyleSheet(
            PROMPT.css(unit) + f"color:{theme.accent_text}; background:{theme.accent};"
            " border-radius:12px"
        )
        self._style_caption(self._caption_state)

    def restyle(self) -> None:
        unit = self.unit
        theme = self.theme
        self.step_label.setStyleSheet(
            f"font-size:{round(24 * unit)}px; font-weight:700; color:{theme.text}"
        )
        self.time_left.setStyleSheet(
            f"font-size:{round(24 * unit)}px; font-weight:600; color:{theme.muted}"
        )
        self.phone.setStyleSheet(
            f"font-size:{round(20 * unit)}px; font-weight:700; color:{theme.accent}"
        )
        self._style_sound_status()
        self._style_words()
        for banner in (self.warning, self.hint):
            banner.setFont(bold_font(30 * unit, QFont.Weight.Black))
        self.messages.setMinimumHeight(round(72 * unit))
        self.notice.setStyleSheet(
            f"font-size:{round(22 * unit)}px; font-weight:600; color:{theme.text}"
        )
        if self.engine is not None:
            self._fit_keymap(session_hints(self.routine.steps[self.engine.view().step_index].kind))
        self.pain.setFixedHeight(round(96 * unit))
        for key in (self.roll_key, self.hold_key, self.ready_key, self.start_key):
            key.style_for(theme, unit, active=True)
        for key in (self.next_spot_key, self.area_done_key):
            key.style_for(theme, unit * 0.7, active=False)

    def _style_caption(self, state: CaptionState = CaptionState.NORMAL) -> None:
        self._caption_state = state
        color = {
            CaptionState.LEAD_IN: self.theme.lead_in,
            CaptionState.LOWER_BOUND: self.theme.lower_bound,
        }.get(state, self.theme.muted)
        style = CAPTION.css(self.unit * self._caption_scale) + f"color:{color}"
        # A style sheet is costly to apply (it restyles and re-lays out the label): only on change.
        if style != self.caption.styleSheet():
            self.caption.setStyleSheet(style)

    # -- rendering --------------------------------------------------------------------------

    @property
    def routine(self) -> Routine:
        assert self.engine is not None
        return self.engine.routine

    def refresh(self, view: SessionView | None = None) -> None:
        """Show the engine's current state (or the view the driver just took); only the parts
        whose value changed are redrawn."""
        if self.engine is None:
            return
        view = view or self.engine.view()
        screen = present(view, self.routine, self._names)
        last = self._screen
        if last is None or screen.step_index != last.step_index or view.phase is Phase.IDLE:
            self._show_step(view)
        if last is None or screen.countdown != last.countdown:
            self.dial.new_countdown()
        if last is None or screen.big != last.big:
            self._show_big(screen.big)
        if last is None or screen.prompt != last.prompt:
            self.prompt.setVisible(screen.prompt is not None)
            self.prompt.setText(screen.prompt or "")
            self._fit_text()
        if last is None or screen.time_left != last.time_left:
            self.time_left.setText(screen.time_left)
        if last is None or screen.pain != last.pain:
            self._show_pain(screen.pain)
        if last is None or screen.paused != last.paused:
            self._show_pause(screen.paused)
        self._screen = screen
        self._last = view
        if screen.ended and (last is None or not last.ended):
            self.ended.emit()

    def _show_step(self, view: SessionView) -> None:
        step = self.routine.steps[view.step_index]
        self.step_label.setText(
            _("Step {number} of {total} · {routine}").format(
                number=view.step_index + 1, total=view.total_steps, routine=self.routine.title
            )
        )
        self.progress.setRange(0, view.total_steps)
        self.progress.setValue(view.step_index + 1)
        self.progress.setAccessibleDescription(
            _("Step {number} of {total}").format(number=view.step_index + 1, total=view.total_steps)
        )
        self.title.setText(step.title)
        self.instruction.setText(step.instruction)
        self._fit_text()
        self.illustration.show_file(step.illustration_path, step.title)
        hints = session_hints(step.kind)
        self.keymap.setText(key_caps(hints, self.theme))
        self._fit_keymap(hints)
        if self._last is not None:
            self._clear_notice()

    def _fit_keymap(self, hints: list[tuple[str, str]]) -> None:
        """One line: shrink the key map's font until all keys, as drawn, fit across the page."""
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setHtml(key_caps(hints, self.theme))
        available = max(200, self.width() - 60)
        size = round(22 * self.unit)
        while size > 9:
            document.setDefaultFont(bold_font(size, QFont.Weight.Normal))
            if document.idealWidth() <= available:
                break
            size -= 1
        self.keymap.setStyleSheet(f"font-size:{size}px; color:{self.theme.muted}")

    def _show_big(self, panel: BigPanel) -> None:
        match panel.shows:
            case Big.START:
                self.big.setCurrentWidget(self.start_key)
            case Big.CHOICE:
                self.big.setCurrentWidget(self.choice)
                self.next_spot_key.setVisible(panel.spot_done)
                self.area_done_key.setVisible(panel.spot_done)
            case Big.COUNTER:
                self.big.setCurrentWidget(self.counter)
                self.counter.show_count(panel.count, panel.cap, panel.count_message)
            case Big.DIAL:
                self.big.setCurrentWidget(self.dial)
                self.dial.show_countdown(
                    panel.remaining, panel.total, panel.caption, panel.caption_state
                )
            case Big.DONE:
                self.big.setCurrentWidget(self.dial)
                self.dial.clear(done=True)
            case Big.READY:
                self.big.setCurrentWidget(self.ready_key)
        self._style_caption(panel.caption_state)
        if panel.caption != self.caption.text():
            self.caption.setText(panel.caption)
            self._fit_text()

    def _show_pain(self, panel: PainPanel) -> None:
        theme = self.theme
        self.pain.show_rating(panel.rating, panel.band)
        if panel.warning is None:
            self.warning.clear_message()
        else:
            self.warning.show_message(
                panel.warning.text,
                theme.warning,
                theme.warning_text,
                panel.warning.name,
                panel.warning.spoken,
            )
        if panel.hint is None:
            self.hint.clear_message()
        else:
            self.hint.show_message(
                panel.hint.text, theme.hint, theme.hint_text, panel.hint.name, panel.hint.spoken
            )

    def _show_pause(self, lines: tuple[str, ...] | None) -> None:
        if lines is None:
            self.overlay.hide()
        else:
            self.overlay.show_message(_("Paused"), list(lines))

    # -- keys -------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        engine = self.engine
        press = pressed(event, Place.SESSION, Place.SPOT)
        if engine is None or press is None:
            super().keyPressEvent(event)
            return
        if press.action is Action.STOP:
            self._escape(engine)
            return
        self._esc_armed = False
        self.commanded.emit(press)

    def _escape(self, engine: SessionEngine) -> None:
        if engine.finished:
            return
        if engine.phase is Phase.IDLE or self._esc_armed:
            self._esc_armed = False
            if engine.phase is Phase.IDLE:
                self.ended.emit()
                return
            self.commanded.emit(Press(Action.STOP))
            return
        self._esc_armed = True
        self.show_notice(
            _("Press {stop} again to stop the session. It is kept in your history.").format(
                stop=self._names[Action.STOP]
            )
        )

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.bottom.setCurrentWidget(self.notice)
        announce(self.notice, text)
        self._notice_timer.start(NOTICE_MS)

    def _clear_notice(self) -> None:
        self.notice.setText("")
        self.bottom.setCurrentWidget(self.keymap)
        self._esc_armed = False

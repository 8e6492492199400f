"""The centre of the window: the conversation, example questions for an empty one, or (without a key)
the welcome page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from hunyuan_desktop.domain import Provider
from hunyuan_desktop.ui.kit.texts import finish_notes, status_labels
from hunyuan_desktop.ui.kit.widgets import EmptyState
from hunyuan_desktop.ui.transcript import ChatView


class Pages(QStackedWidget):
    def __init__(self, *, demo_offered: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chat_view = ChatView(self)
        self.chat_view.setMinimumSize(240, 120)
        self.welcome = QWidget(self)
        self.welcome.setObjectName("welcomePage")
        self.welcome_text = QLabel(self.welcome)  # our own words and the shipped catalog's link
        self.welcome_text.setWordWrap(True)
        self.welcome_text.setOpenExternalLinks(True)
        self.welcome_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_key = QPushButton(self.welcome)
        self.welcome_key.setObjectName("welcomeKeyButton")
        self.welcome_key.setProperty("accent", True)
        self.welcome_demo = QPushButton(self.welcome)
        self.welcome_demo.setObjectName("welcomeDemoButton")
        self.welcome_demo.setVisible(demo_offered)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.welcome_key)
        buttons.addWidget(self.welcome_demo)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.welcome)
        layout.addStretch(1)
        layout.addWidget(self.welcome_text)
        layout.addLayout(buttons)
        layout.addStretch(2)
        self.empty_state = EmptyState(self)
        self.addWidget(self.chat_view)
        self.addWidget(self.welcome)
        self.addWidget(self.empty_state)

    def choose(self, *, has_messages: bool, has_key: bool) -> None:
        """The conversation; for an empty one, example questions (or, without a key, the welcome page)."""
        page: QWidget = self.chat_view if has_messages else self.empty_state if has_key else self.welcome
        if self.currentWidget() is not page:
            self.setCurrentWidget(page)

    def retranslate(self, provider: Provider) -> None:
        link = provider.get_key_url
        self.welcome_text.setText(
            "<h2>"
            + self.tr("Welcome to Hunyuan Desktop")
            + "</h2><p>"
            + self.tr("To talk to Hunyuan models you need an API key.")
            + "</p><p>"
            + self.tr("Get one at %1, then enter it in Settings. It is kept in your system keyring only.").replace(
                "%1", f'<a href="{link}">{link}</a>'
            )
            + "</p><p>"
            + self.tr(
                "A key of Tencent TokenHub, DeepSeek, DashScope, Moonshot, Zhipu, SiliconFlow, OpenRouter or a "
                "local Ollama works too: Settings → Providers."
            )
            + "</p><p>"
            + self.tr("No key yet? Try the offline demo: a local stand-in server, clearly marked, nothing billed.")
            + "</p>"
        )
        self.welcome_key.setText(self.tr("Enter API key…"))
        self.welcome_demo.setText(self.tr("Try the offline demo"))
        self.empty_state.set_examples(
            self.tr("What can I help you with?"),
            [
                self.tr("Explain the CAP theorem with a real-world example"),
                self.tr("Write a Python function that merges two sorted lists"),
                self.tr("Draft a polite email asking to move a meeting to Friday"),
                self.tr("Summarise the pros and cons of remote work in a table"),
            ],
        )

    def retranslate_view(self) -> None:
        """The words the conversation draws (names, actions, notes) and says to screen readers."""
        view = self.chat_view
        view.setAccessibleName(self.tr("Conversation"))
        view.setAccessibleDescription(
            self.tr("Messages, oldest first. Ctrl+Up and Ctrl+Down move from message to message.")
        )
        labels = view.labels
        labels.user, labels.assistant, labels.reasoning = self.tr("You"), self.tr("Hunyuan"), self.tr("Reasoning")
        labels.copy, labels.retry, labels.regenerate = self.tr("Copy"), self.tr("Retry"), self.tr("Regenerate")
        labels.edit, labels.continue_, labels.copy_code = self.tr("Edit"), self.tr("Continue"), self.tr("Copy code")
        labels.tokens, labels.sources, labels.diagram = self.tr("tokens"), self.tr("Sources"), self.tr("Diagram")
        labels.sources_dropped = self.tr("…and %1 more sources the server sent, not kept")
        labels.price_unknown = self.tr("price unknown")
        labels.chars, labels.cut = self.tr("%1 characters"), self.tr("cut to fit")
        labels.answer = self.tr("Answer this")
        labels.statuses = status_labels()
        labels.finish_notes = finish_notes()
        view.set_palette(view.palette_)

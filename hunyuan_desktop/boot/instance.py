"""One app per data folder: a second start hands over to the running one, which comes to the front.

The running app listens on a local socket named after the user and the data folder (only this user may
connect). A second start that cannot take the folder's lock asks it to show itself and exits; the
lock (QLockFile) still decides who owns the folder, so a crashed owner's stale lock is reclaimed as
before (its dead PID), and a stale socket file is removed before listening.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

# QtNetwork, hashlib and getpass are imported when used: the server starts listening right after the
# window is shown, and a second start needs them only when the folder is taken (about 12 ms of start-up).

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
RELOAD = b"reload\n"  # the command line changed the archive (an import): reload the list
ANSWER = b"ok\n"
WAIT_MS = 1500


def server_name(data_dir: Path) -> str:
    """The socket's name: this user, this data folder (resolved), nothing else to collide with."""
    import getpass
    import hashlib

    folder = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    user = hashlib.sha256(getpass.getuser().encode("utf-8")).hexdigest()[:8]
    return f"hunyuan-desktop-{user}-{folder}"


def ask_running_to_show(data_dir: Path) -> bool:
    """Ask the app that owns ``data_dir`` to come to the front; True if it said it did."""
    return _ask(data_dir, ACTIVATE)


def ask_running_to_reload(data_dir: Path) -> bool:
    """Ask the app that owns ``data_dir`` (if one runs) to reload its list; True if it said it did."""
    return _ask(data_dir, RELOAD)


def _ask(data_dir: Path, message: bytes) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(WAIT_MS):
        return False
    socket.write(message)
    socket.flush()
    answered = socket.waitForReadyRead(WAIT_MS) and bytes(socket.readAll().data()).startswith(ANSWER)
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later starts; emits ``activateRequested`` when one asks the window to show."""

    activateRequested = Signal()
    reloadRequested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.server: QLocalServer | None = None
        QTimer.singleShot(0, self.listen)  # after the window's first paint

    def listen(self) -> None:
        from PySide6.QtNetwork import QLocalServer

        if self.server is not None:
            return
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        name = server_name(self.data_dir)
        QLocalServer.removeServer(name)  # a socket file left by a crash (we hold the folder's lock)
        if not self.server.listen(name):
            log.warning("single-instance socket unavailable: %s", self.server.errorString())

    def _on_connection(self) -> None:
        while self.server is not None and (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_message(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_message(self, socket: QLocalSocket) -> None:
        message = bytes(socket.readAll().data())
        if message.startswith(ACTIVATE) or message.startswith(RELOAD):
            socket.write(ANSWER)
            socket.flush()
            (self.activateRequested if message.startswith(ACTIVATE) else self.reloadRequested).emit()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()

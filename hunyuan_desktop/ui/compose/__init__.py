"""Writing a question: the message box and its buttons (pane), the attachments waiting above it (tray),
Send with its question about images (sending), and a sent attachment opened (viewer)."""

"""Conversations from other apps' exports, recognised by their shape: ChatGPT (chatgpt.py) so far, and this
app's own JSON export (store/export.py). Each conversation remembers where it came from, so importing
the same export again adds nothing."""

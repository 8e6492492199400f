"""Sync between machines through storage the user already has (WebDAV, S3): remote.py reaches it,
engine.py merges. No Qt."""

"""HTTP access to OpenAI-compatible chat APIs. No Qt here."""

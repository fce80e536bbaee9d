"""Local stand-ins for the messaging platforms' APIs and webhooks (no network in tests)."""

def seed() -> str:
    """Replaced by the demo consultation (in progress)."""
    return "Guidelines demo: none yet."

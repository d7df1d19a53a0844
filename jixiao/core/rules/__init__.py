"""Scoring rules: the typed model, the prose recogniser and the rule language."""

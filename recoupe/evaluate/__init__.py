"""Evaluation commands: each analysis stage against gold data, with pinned floors."""

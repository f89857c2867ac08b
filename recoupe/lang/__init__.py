"""Language identification (lingua, limited to the configured languages)."""

from recoupe.lang.detect import detect_language

__all__ = ["detect_language"]

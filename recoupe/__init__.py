"""recoupe: cross-check news sources.

The pipeline, in the order of the sub-packages: ingest → clean → lang → dating → nlp →
reuse → cluster → claims → synth → store → report / serve.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("recoupe")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+src"

__all__ = ["__version__"]

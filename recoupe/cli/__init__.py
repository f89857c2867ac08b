"""Command-line interface (thin: parses options, calls pure functions, prints)."""

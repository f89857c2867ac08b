"""Reports: report.json (the contract), report.md and a self-contained report.html."""

from recoupe.report.writers import (
    load_schema,
    render_html,
    render_markdown,
    validate_report,
    write_reports,
)

__all__ = ["load_schema", "render_html", "render_markdown", "validate_report", "write_reports"]

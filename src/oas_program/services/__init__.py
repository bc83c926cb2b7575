"""Services over a program: validation, tracking (forms, merge, progress, diff) and reports."""

"""Tracking implementation: reporting forms, merging them, progress and differences."""

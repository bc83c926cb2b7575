"""Reading and writing: bounded readers, the strict JSON text codec, atomic writers, positions.

Nothing here knows plugins: importers and exporters build on these pieces.
"""

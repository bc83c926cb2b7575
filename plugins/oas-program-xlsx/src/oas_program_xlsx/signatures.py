"""The first bytes that tell a workbook's kind, shared by the plugin's sniffing and the reader."""

ZIP_MAGIC = b"PK\x03\x04"
"""An XLSX workbook is a ZIP archive."""
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An OLE2 compound file: an encrypted (password-protected) workbook or a legacy `.xls`."""

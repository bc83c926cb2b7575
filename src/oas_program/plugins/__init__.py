"""The plugin system: hook specifications, the descriptors hooks return, the host that loads
built-in and installed plugins and calls each in isolation, and the pytest plugin for authors.
"""

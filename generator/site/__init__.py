"""The site: the MkDocs plugin and everything that turns judgements into pages, exports, charts and images.

Owns the plugin, page and block rendering, templates, link-preview images, exports, live rebuilds and the build's
garbage-collection pause. May import verdicts, engine and records; nothing imports the site.
"""

project = "shopkit"
author = "the shopkit developers"
#: The hook reference is generated from the hookspec docstrings (docs/reference/hooks.md).
extensions = ["myst_parser", "sphinx.ext.autodoc"]
autodoc_typehints = "signature"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
myst_heading_anchors = 3

#: Pages the HTML builder writes itself at the top of the output. A document
#: with one of these names is silently overwritten (docs/search.md once was),
#: and so may be one whose name or top folder starts with "_" (_static, _sources).
RESERVED_PAGE_NAMES = frozenset({"search", "genindex", "py-modindex", "modindex"})


def reserved_page_names(docnames):
    """The docnames that collide with a page or folder Sphinx writes itself."""
    return sorted(
        name
        for name in docnames
        if name.lower() in RESERVED_PAGE_NAMES or name.split("/", 1)[0].startswith("_")
    )


def refuse_reserved_page_names(app, env, docnames):
    from sphinx.errors import ExtensionError  # here, so tests can import this file without Sphinx

    colliding = reserved_page_names(env.found_docs)
    if colliding:
        raise ExtensionError(
            f"These pages would be overwritten by Sphinx's own output: {', '.join(colliding)}. "
            f"Rename them (reserved: {', '.join(sorted(RESERVED_PAGE_NAMES))}, and names "
            "starting with '_')."
        )


def setup(app):
    app.connect("env-before-read-docs", refuse_reserved_page_names)

"""The HTML site: a tree (or trees) of man pages as a static, searchable website.

``build_site`` renders every page with the docutils bridge, links the
cross-references that resolve within the site, turns ``.so`` link pages
into redirecting aliases, and writes the indexes and the search index.  A
manifest in the output directory makes the next build incremental.

Layout of a built site::

    OUTDIR/index.html              every page, by section, and the search box
    OUTDIR/search-index.json       names, sections, URLs and NAME descriptions
    OUTDIR/search-index.js         the same, for pages opened from disk
    OUTDIR/_static/site.css        the stylesheet (light, dark, phone, print)
    OUTDIR/_static/site.js         the theme button and the search
    OUTDIR/man2/index.html         one section
    OUTDIR/man2/mmap.2.html        one page
    OUTDIR/man2/munmap.2.html      an alias: a redirect to mmap.2.html
    OUTDIR/.manlint-site.json      the manifest of the incremental build
"""

from .build import BuildSummary, SiteError, build_site

__all__ = ["build_site", "BuildSummary", "SiteError"]

"""Real inputs: text files, web pages, RSS/Atom feeds, URLs, Word and PDF notices.

Everything here turns bytes into articles (``SourceDoc``: text plus the
metadata the engine understands as front matter: ``title``, ``url``,
``published`` and ``published_basis``), so ``notices/`` never sees markup,
files or the network.

- ``formats``  which reader: magic bytes, name, content type; refuses .doc by name
- ``markup``   HTML decoding and a block-aware tag stripper (feed items)
- ``pages``    web pages: trafilatura (main text, title, URL) + htmldate (date)
- ``feeds``    RSS/Atom with feedparser: one article per item, its own date
- ``word``     .docx with python-docx (table rows as lines)
- ``pdf``      .pdf with pdfminer.six (scanned PDFs reported, never guessed)
- ``dispatch`` bytes → articles; files and stdin
- ``fetch``    httpx with robots.txt, User-Agent, per-host interval, retries, limits
- ``remote``   a URL → articles (feed teasers followed to their pages)
- ``sources``  the ``[[sources]]`` config entries
- ``poller``   the service's poll of its sources

Heavy libraries are imported by the module that needs them, and those
modules only when such an input turns up.
"""

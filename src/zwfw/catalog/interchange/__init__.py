"""The catalog's interchange wing: everything that moves a whole catalog in or out.

- :mod:`.catalog_json` — the interchange JSON (``docs/catalog-format.md``): ``catalog_export``,
  ``catalog_import``;
- :mod:`.excel` — the same dict as an Excel workbook (``docs/catalog-excel.md``);
- :mod:`.gd_import` — the Guangdong provincial catalog's JSON, converted and imported;
- :mod:`.demo` — the Sichuan demo catalog generator (``demo_data/``).

All of them read and write content through the content spec (:mod:`zwfw.catalog.spec`) and
:mod:`zwfw.catalog.content`. Nothing here is imported by other apps (import-linter contract), and
the wing sits above catalog's services: it calls them, they never import it (no cycle).
"""

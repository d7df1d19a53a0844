"""The API (接口) under ``/api/v1/``: what the pages do, for programs, with django-ninja.

``main`` builds the API (authentication, JSON rendering, the error shape); one module per area holds
its operations: ``units``, ``plans`` (list, read, replace, import), ``results`` (review, score,
actual values), ``history``. ``interchange`` maps a stored plan to the interchange JSON and back.
Every operation loads through ``accounts.permissions`` and calls ``core``/``documents`` for the work.
Import ninja only through this package: it reads Django's settings when imported.
"""

"""The web application (网页应用): the system of record shared by units, departments and the bureau.

Django project in one settings module read from the environment (``settings.py``); apps split by who is
served: ``accounts`` (organisations, people, roles, tokens, the permission module), ``plans`` (plans in
the database, the one mapping to ``core.model``, the plan pages), ``api`` (the REST API under
``/api/v1/``). Domain rules are never written here: views call ``jixiao.core`` and
``jixiao.documents``.
"""

"""gunicorn's settings for ``jixiao serve`` (read with ``--config python:jixiao.web.gunicorn_config``).

The application is loaded once in gunicorn's master process (``preload_app``), and the indicator
library (指标库, ``library.build.current_library``) and its suggestion index are built there before the
workers are forked: every worker starts with them (shared copy-on-write) instead of each building it on its first plan page — at
10,000 plans that is some 20 s of CPU per worker, long enough for gunicorn to kill a worker that is
busy answering while it builds. After the fork each worker refiles only the plans saved since.
"""

from __future__ import annotations

import gc
from typing import Any

preload_app = True


def when_ready(server: Any) -> None:
    """In the master, before the workers are forked: build the library and its suggestion index,
    close the database connections (a connection must not be shared by forked processes) and move
    what was built out of the garbage collector's way (``gc.freeze``), so the workers' collections do not touch, and copy,
    the shared pages. A database not yet migrated is left to the workers (they build on first use)."""
    from django.db import DatabaseError, connections

    from jixiao.web.library.build import current_library

    try:
        library = current_library()
        library.prepare_suggestions()
        server.log.info("指标库已建立：%d 条", len(library.entries))
    except DatabaseError as exc:
        server.log.warning("指标库未预先建立（数据库尚未就绪：%s）", exc)
    finally:
        connections.close_all()
    gc.freeze()

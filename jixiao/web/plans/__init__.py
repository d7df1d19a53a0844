"""Plans in the database (绩效目标表), the one mapping between rows and ``core.model`` (``convert``),
and the plan pages: list, upload with preview, the table edited in place, self-evaluation, downloads."""

"""Organisations (财政局 → 主管部门 → 单位), people's roles in them, log-in, API tokens, and
``permissions`` — the one place that says who may see and do what."""

"""Monitoring rounds (绩效运行监控): rounds opened by the finance bureau, units' entries, levels by core."""

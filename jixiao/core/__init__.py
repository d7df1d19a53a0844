"""The domain, in pure Python: plans, indicators, values, rules, scoring, review, monitoring."""

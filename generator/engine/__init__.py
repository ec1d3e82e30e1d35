"""The engine: pure functions from records to results that carry their own arithmetic.

Owns memory, fit, speed, cost, the calculator that caches them, and the comparison with published measurements.
May import records and `constants`; never verdicts or the site.
"""

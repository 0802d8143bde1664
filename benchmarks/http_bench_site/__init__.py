"""The site ``http_bench.py`` serves: the example project, production settings,
plus a trivial view in the same process as the baseline."""

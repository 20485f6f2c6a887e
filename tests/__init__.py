"""Test suite (a package so that helpers and ``python -m tests.golden`` import cleanly)."""

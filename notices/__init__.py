"""Pure extraction library: Chinese news text in, dated forward-looking notices out.

Nothing in this package reads the clock, writes files or touches the network.
"""

"""The notices service: clock, files, store, feeds, digests, HTTP and the CLI."""

"""The long-running service: jobs (they take ``now``), serving, HTTP, the lock, and the extraction workers."""

"""What subscribers get: iCalendar feeds, digests, the front page, written atomically and guarded."""

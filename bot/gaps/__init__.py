"""Curator feedback: ``grouping`` (similar unanswered questions together) and ``report``
(``iom-bot gaps``)."""

"""Release digests: each subscribed channel gets every new release exactly once.

- ``plan``: which releases a channel has not had; ``messages``: the posts carrying them;
- ``ledger``: subscriptions, delivery ledger and leases in the state database;
- ``results``: what a run reports per channel; ``runner``: one run, exactly once;
- ``service``: one run from settings (the scheduler and the CLI both call it);
- ``commands``: ``/iom digest …``; ``cli``: ``iom-bot digest``.

Imports nothing itself, so a caller pays only for the modules it uses.
"""

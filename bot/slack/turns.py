"""One listener's work at a time per process, so acks never queue behind many answers.

An ack needs the GIL only briefly (verify, claim the event id, answer 200), but it needs it
many times: after every socket read and every database round trip. The work acked
requests start (Bolt's lazy listeners: compute an answer, render it, post it) is Python
code under the same GIL, in up to ``bot.slack.app.LISTENER_THREADS`` threads. With many of
them computing at once, each of an ack's GIL hand-overs waited behind all of them, and
with two hosts' four workers on two CPUs the ack p99 at 20 concurrent requests was about
twice the target.

So each process runs one listener's Python work at a time (``ListenerExecutor`` runs each
lazy listener holding the *turn*), and a listener gives its turn up while it waits on Slack
(``waiting_on_slack`` around every Web API and response_url call), so a slow or hung Slack
call never holds up the other answers: their network waits still overlap as before. Two
answers computed one after the other take no longer than two computed together under the
GIL; only the ack threads' share of it changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

_TURN = threading.Lock()
_HELD = threading.local()


def holding() -> bool:
    return bool(getattr(_HELD, "turn", False))


@contextmanager
def listener_turn() -> Iterator[None]:
    """Run the block holding this process's turn (re-entrant within a thread)."""
    if holding():
        yield
        return
    with _TURN:
        _HELD.turn = True
        try:
            yield
        finally:
            _HELD.turn = False


@contextmanager
def waiting_on_slack() -> Iterator[None]:
    """Give the turn up (if this thread holds it) while the block waits on the network."""
    if not holding():
        yield
        return
    _HELD.turn = False
    _TURN.release()
    try:
        yield
    finally:
        _TURN.acquire()
        _HELD.turn = True


class ListenerExecutor(ThreadPoolExecutor):
    """Bolt's listener executor: every function it runs holds the turn."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        def in_turn() -> Any:
            with listener_turn():
                return fn(*args, **kwargs)

        return super().submit(in_turn)

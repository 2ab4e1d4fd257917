"""bot.slack.turns: one listener's Python work at a time per process, Slack waits apart.

Real threads through the real executor Bolt is given; every wait is bounded.
"""

from __future__ import annotations

import threading
import time

from bot.slack.turns import ListenerExecutor, holding, listener_turn, waiting_on_slack

WAIT = 10.0  # seconds any step may take before the test fails (never reached when it passes)


def test_listeners_never_run_their_python_work_at_once() -> None:
    inside, most = [0], [0]
    lock = threading.Lock()

    def work() -> None:
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        deadline = time.monotonic() + 0.02
        while time.monotonic() < deadline:  # Python work, holding the turn
            pass
        with lock:
            inside[0] -= 1

    with ListenerExecutor(max_workers=8) as pool:
        futures = [pool.submit(work) for _ in range(16)]
        for future in futures:
            future.result(timeout=WAIT)
    assert most[0] == 1


def test_a_listener_waiting_on_slack_does_not_hold_up_the_others() -> None:
    """One listener's Slack call hangs; another listener runs to the end meanwhile."""
    in_call, release, other_done = threading.Event(), threading.Event(), threading.Event()

    def hung() -> bool:
        with waiting_on_slack():
            in_call.set()
            return release.wait(WAIT)  # a Slack call that does not answer

    def other() -> None:
        assert holding()
        other_done.set()

    with ListenerExecutor(max_workers=4) as pool:
        first = pool.submit(hung)
        assert in_call.wait(WAIT)
        second = pool.submit(other)
        assert other_done.wait(WAIT)  # ran while the first was still waiting on Slack
        second.result(timeout=WAIT)
        release.set()
        assert first.result(timeout=WAIT) is True


def test_the_turn_is_reentrant_and_outside_a_listener_nothing_changes() -> None:
    assert not holding()
    with waiting_on_slack():  # no turn held (a request thread, the digest schedule)
        assert not holding()
    with listener_turn():
        with listener_turn():  # nested: no deadlock
            assert holding()
        with waiting_on_slack():
            assert not holding()
        assert holding()
    assert not holding()

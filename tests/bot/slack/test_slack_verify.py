"""bot.slack.verify: Slack's signature check that never raises, and the rate-limited rejection log."""

from __future__ import annotations

import logging

from hypothesis import given
from hypothesis import strategies as st
from slack_standin import PAYLOADS, SIGNING_SECRET, signature

from bot.slack.verify import MAX_CLOCK_SKEW, RejectionLog, RequestVerifier

BODY = (PAYLOADS / "a2_slash_command_signing_example_body.txt").read_bytes()
TS = "1531420618"
SLACKS_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


def verifier(now: float = 1531420620) -> RequestVerifier:
    return RequestVerifier(SIGNING_SECRET, clock=lambda: now)


def test_slacks_documented_test_vector_verifies() -> None:
    assert verifier().problem(TS, SLACKS_SIGNATURE, BODY) is None
    assert verifier().verified(
        {"x-slack-request-timestamp": [TS], "x-slack-signature": [SLACKS_SIGNATURE]}, BODY
    )


def test_every_way_of_being_wrong_has_a_reason() -> None:
    v = verifier()
    assert v.problem(TS, SLACKS_SIGNATURE, BODY + b"x") == "bad signature"
    assert v.problem(None, SLACKS_SIGNATURE, BODY) == "missing signature headers"
    assert v.problem(TS, None, BODY) == "missing signature headers"
    for ts in ("abc", "", "1e9", "+1531420618", " 1531420618", "1531420618.0", "١٥٣١٤٢٠٦١٨"):
        assert v.problem(ts, signature(SIGNING_SECRET, ts, BODY), BODY) == "malformed timestamp"
    assert v.problem(TS, SLACKS_SIGNATURE.upper(), BODY) == "malformed signature"
    assert v.problem(TS, "v1=" + SLACKS_SIGNATURE[3:], BODY) == "malformed signature"
    stale = verifier(now=int(TS) + MAX_CLOCK_SKEW + 1)
    assert stale.problem(TS, SLACKS_SIGNATURE, BODY) == "stale timestamp"
    future = verifier(now=int(TS) - MAX_CLOCK_SKEW - 1)
    assert future.problem(TS, SLACKS_SIGNATURE, BODY) == "stale timestamp"
    assert RequestVerifier("").problem(TS, SLACKS_SIGNATURE, BODY) == "no signing secret configured"


def test_list_headers_with_several_values_are_not_verified() -> None:
    headers = {
        "x-slack-request-timestamp": [TS, TS],
        "x-slack-signature": [SLACKS_SIGNATURE],
    }
    assert not verifier().verified(headers, BODY)


def test_the_secret_is_not_in_its_repr() -> None:
    assert SIGNING_SECRET not in repr(verifier())


@given(
    ts=st.one_of(st.none(), st.text(max_size=30), st.lists(st.text(max_size=5), max_size=3)),
    sig=st.one_of(st.none(), st.text(max_size=80), st.lists(st.text(max_size=5), max_size=3)),
    body=st.binary(max_size=200),
)
def test_no_input_makes_the_check_raise(ts, sig, body) -> None:  # type: ignore[no-untyped-def]
    v = verifier()
    assert v.problem(ts, sig, body) is not None
    assert not v.verified({"x-slack-request-timestamp": ts, "x-slack-signature": sig}, body)


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_rejections_are_folded_into_one_line_per_interval() -> None:
    logger = logging.getLogger("iom_bot.test.rejections")
    records = Records()
    logger.addHandler(records)
    now = [100.0]
    log = RejectionLog(logger, interval=10, clock=lambda: now[0])
    try:
        for _ in range(50):
            log.reject(401, "bad signature")
        now[0] += 10
        log.reject(401, "stale timestamp")
    finally:
        logger.removeHandler(records)
    assert records.lines == [
        "rejected a request with 401: bad signature",
        "rejected a request with 401: stale timestamp (49 more rejected since the last line)",
    ]

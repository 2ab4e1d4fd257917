"""The Slack layer: everything that speaks Slack's protocol.

- ``app``: the app factory (settings + knowledge + state in, a ``slack_bolt.App`` out);
- ``deps``: ``Deps`` (what listeners get) and the ``Knowledge`` protocol;
- ``listeners/``: Bolt listeners, one module per kind; ``middleware``: event de-duplication;
- ``replies``: payloads to questions and back; ``blocks``: Block Kit rendering;
- ``verify``: request signatures; ``client``: bounded Web API / response_url clients.

Deliberately imports nothing: ``iom-bot ask --blocks`` imports ``bot.slack.blocks`` and
must not pull in slack_bolt or slack_sdk.
"""

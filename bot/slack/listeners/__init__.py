"""Bolt listeners, one module per kind (as in Bolt's sample apps).

Each module has ``register(app, deps)``. Handlers are thin: they ack, pull what they need
out of the payload and call a plain function that does the work.
"""

from bot.slack.listeners import actions, commands, errors, events, home, installs

MODULES = (commands, events, actions, home, installs, errors)

__all__ = ["MODULES", "actions", "commands", "errors", "events", "home", "installs"]

"""gunicorn configuration for ``gunicorn -c python:bot.gunicorn_conf 'bot.wsgi:create_wsgi_app()'``.

The same options ``iom-bot run`` uses, derived from the same settings (PORT, HOST,
WEB_CONCURRENCY, LOG_LEVEL, IOM_BOT_DB for the scheduler lease), from ``bot.serve.gunicorn``.
Kept at this path because deployments name it on gunicorn's command line.
"""

import sys

from bot.serve.gunicorn import gunicorn_options
from bot.settings import SettingsError, load_settings

try:
    _options = gunicorn_options(load_settings())
except SettingsError as _exc:
    print(f"error: {_exc}", file=sys.stderr)
    raise SystemExit(2) from None

bind = _options["bind"]
workers = _options["workers"]
worker_class = _options["worker_class"]
threads = _options["threads"]
timeout = _options["timeout"]
graceful_timeout = _options["graceful_timeout"]
keepalive = _options["keepalive"]
preload_app = _options["preload_app"]
loglevel = _options["loglevel"]
errorlog = _options["errorlog"]
accesslog = _options["accesslog"]
proc_name = _options["proc_name"]
post_worker_init = _options["post_worker_init"]
control_socket_disable = _options["control_socket_disable"]
worker_exit = _options["worker_exit"]

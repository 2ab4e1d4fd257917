"""Documented entry point: ``gunicorn -c python:bot.gunicorn_conf 'bot.wsgi:create_wsgi_app()'``.

Kept at this path so deployments that start gunicorn themselves keep working; the
factory lives in ``bot.serve.wsgi``.
"""

from bot.serve.wsgi import create_wsgi_app

__all__ = ["create_wsgi_app"]

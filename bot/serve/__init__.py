"""Running the bot: ``iom-bot run`` and the gunicorn entry points.

- ``runner``: start-up (settings, knowledge, state, the app) and Socket Mode;
- ``gunicorn``: HTTP mode under an embedded gunicorn, and its options;
- ``web``: the WSGI app (size limit, signature check, then Bolt); ``wsgi``: its factory
  for the gunicorn command (``bot/wsgi.py`` and ``bot/gunicorn_conf.py`` are the
  documented entry modules);
- ``leader``: which process runs scheduled jobs; ``schedule``: the digest schedule;
- ``logs``: logging that masks secrets.
"""

"""``python -m bot.cli``: the same command line as the ``iom-bot`` console script."""

from bot.cli import main

raise SystemExit(main())

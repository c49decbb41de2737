"""``betteroff try``: the real bot on the local Bot API emulator, with a web chat to use it by hand.

Nobody needs a Telegram token to see what a family sees. One process holds it all, on one
event loop: the emulator (:mod:`bot.emulator`) standing in for Telegram, the real bot
(:func:`bot.app.build_application`) long polling it, and a small aiohttp site on 127.0.0.1
(:mod:`bot.try_chat.web`) whose page is a phone-sized chat. The page plays three people
(:mod:`bot.try_chat.people`) — a family member, a practitioner and an admin — each in a
chat of their own, and lists demo invites to open (:mod:`bot.try_chat.seed`).

Everything is synthetic and stays on 127.0.0.1: a temporary SQLite database unless
``--db`` names one, a secret made for the run, a made-up token, and the page's HTML, CSS
and JavaScript served from ``static/`` in the package, nothing from the network.
"""

from bot.try_chat.run import TryOptions, TryServer, run_try

__all__ = ["TryOptions", "TryServer", "run_try"]

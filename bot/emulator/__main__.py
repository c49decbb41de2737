"""``python -m bot.emulator``: run the Bot API emulator by hand until Ctrl+C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from bot.emulator.emulator import DEFAULT_TOKEN, Emulator


async def _serve(token: str, port: int) -> None:
    async with Emulator(token=token, port=port) as emulator:
        print(f"Bot API emulator on {emulator.base_url}<TOKEN>/<method>")
        print(f"Set BETTEROFF_TELEGRAM_BASE_URL={emulator.base_url}")
        await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the bot token to accept")
    parser.add_argument("--port", type=int, default=8081, help="port on 127.0.0.1")
    arguments = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(arguments.token, arguments.port))


if __name__ == "__main__":
    main()

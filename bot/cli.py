"""The ``betteroff`` command line.

This module only wires commands together; each group lives in ``bot/commands/``
and registers itself through ``register(app)``. Heavy imports happen inside the
commands so ``betteroff --help`` stays quick.
"""

from __future__ import annotations

import typer

from bot.commands import (
    analytics_cmds,
    bot_cmds,
    demo_cmds,
    storage_cmds,
    surveys_cmds,
    try_cmds,
)

app = typer.Typer(
    name="betteroff",
    help=(
        "Better Off: anonymous feedback from children, families and staff, rolled up into "
        "the Quality Assurance Framework.\n\nExample: betteroff demo"
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)

# Order here is the order of `betteroff --help`.
bot_cmds.register(app)
demo_cmds.register(app)
try_cmds.register(app)
surveys_cmds.register(app)
storage_cmds.register(app)
analytics_cmds.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

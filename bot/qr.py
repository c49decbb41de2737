"""QR codes of invite links, drawn in memory as PNG images."""

from __future__ import annotations

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_png(link: str, *, box_size: int = 10, border: int = 4) -> bytes:
    """A PNG of a QR code for ``link``; medium error correction survives a scuffed screen."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(link)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def deep_link(bot_username: str, token: str) -> str:
    """``https://t.me/<bot>?start=<token>``: opening it sends ``/start <token>`` to the bot."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={token}"

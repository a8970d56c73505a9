"""Back Spasm Helper: an Alexa skill that guides gentle stretches for back muscle spasms."""

# Before anything imports flask-ask-sdk: see skill/compat.py for why.
from skill import compat as _compat  # noqa: F401

"""The web layer: the Flask app, Alexa's request checks, and the audio and simulator routes.

Nothing below this package knows Flask.
"""

# Before anything imports flask-ask-sdk: see compat.py for why.
from skill.web import compat as _compat  # noqa: F401

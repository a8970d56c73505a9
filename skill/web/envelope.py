"""The one check the SDK's deserializer leaves to the skill.

ask-sdk's ``DefaultSerializer`` refuses most malformed envelopes, but it reads any JSON
object (or even a string) into a ``RequestEnvelope``, leaving out whatever it did not find.
The SDK then reads a few parts outside its own error handling: ``CustomSkill.invoke``
reads ``context.System.application`` to compare skill ids, and ``TimestampVerifier``
subtracts ``request.timestamp`` from an aware ``datetime``. An envelope without those parts
would end as a 500; this verifier, first in the list, turns it into a 400 with the reason.
Alexa always sends all of them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ask_sdk_model.request import Request
from ask_sdk_webservice_support.verifier import AbstractVerifier, VerificationException


class BadEnvelope(VerificationException):
    """The body is not an Alexa request envelope; the message says why."""


class SoundEnvelope(AbstractVerifier):
    """Refuses an envelope that lacks a part the SDK reads without checking."""

    def verify(self, headers: Any, serialized_request_env: str, deserialized_request_env: Any) -> None:
        request = getattr(deserialized_request_env, "request", None)
        if not isinstance(request, Request):
            raise BadEnvelope("envelope has no request type")
        stamp = request.timestamp
        if not isinstance(stamp, datetime) or stamp.tzinfo is None:
            raise BadEnvelope("envelope request.timestamp is missing or has no time zone")
        system = getattr(getattr(deserialized_request_env, "context", None), "system", None)
        if getattr(system, "application", None) is None:
            raise BadEnvelope("envelope has no context.System.application")

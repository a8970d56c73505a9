"""Request verification for the web service.

Until full signature checking is in place, a server that is not explicitly in local
development refuses every request, because it cannot prove the request came from Alexa.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_webservice_support.verifier import AbstractVerifier, VerificationException


class RefuseUnverifiedRequests(AbstractVerifier):
    def verify(self, headers: Any, serialized_request_env: str,
               deserialized_request_env: Any) -> None:
        raise VerificationException(
            "request signatures cannot be verified yet; set SKILL_LOCAL_DEV=1 for local use"
        )


def verifiers_for(config: Any) -> list[AbstractVerifier]:
    return [RefuseUnverifiedRequests()] if config.verify_requests else []

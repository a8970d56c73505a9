"""Make flask-ask-sdk importable on current OpenSSL.

``flask_ask_sdk.skill_adapter`` imports ``ask_sdk_webservice_support.verifier``, which
imports ``certvalidator``, which imports oscrypto 1.3.0. oscrypto reads the OpenSSL
version with the pattern ``\\d\\.\\d\\.\\d`` and so cannot parse "3.0.10" or later: the
import raises ``LibraryNotFoundError: Error detecting the version of libcrypto``. The fix
exists upstream but was never released.

The skill never uses the SDK's certvalidator-based verifier (it brings its own,
built on ``cryptography``), so before the adapter is imported we register a stand-in
``certvalidator`` module. The stand-in only satisfies the import; anything that tries
to validate with it fails loudly instead of silently passing. No third-party file is
copied or edited.
"""

from __future__ import annotations

import sys
import types


class _CertvalidatorUnavailable(RuntimeError):
    pass


def _refuse(*_args: object, **_kwargs: object) -> None:
    raise _CertvalidatorUnavailable(
        "certvalidator is not used by this skill (oscrypto cannot load on OpenSSL >= 3.0.10); "
        "use skill.web.verification instead"
    )


def _stand_in_certvalidator() -> dict[str, types.ModuleType]:
    package = types.ModuleType("certvalidator")
    package.CertificateValidator = _refuse  # type: ignore[attr-defined]
    package.ValidationContext = _refuse  # type: ignore[attr-defined]
    errors = types.ModuleType("certvalidator.errors")
    errors.ValidationError = type("ValidationError", (Exception,), {})  # type: ignore[attr-defined]
    errors.PathError = type("PathError", (Exception,), {})  # type: ignore[attr-defined]
    package.errors = errors  # type: ignore[attr-defined]
    return {"certvalidator": package, "certvalidator.errors": errors}


def install_certvalidator_stand_in() -> None:
    """Register the stand-in unless a certvalidator module is already loaded."""
    for name, module in _stand_in_certvalidator().items():
        sys.modules.setdefault(name, module)


install_certvalidator_stand_in()

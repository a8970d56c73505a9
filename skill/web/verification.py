"""Request verification, as Alexa's rules for web-service skills require.

Every request must carry a ``SignatureCertChainUrl`` on Amazon's S3 under ``/echo.api/``
and a ``Signature-256`` header: an RSA/SHA-256 signature of the raw body made with the
key of an ``echo-api.amazon.com`` certificate that chains to a trusted root. The chain is
validated with ``cryptography``'s X.509 path validation (no oscrypto or certvalidator)
and cached per URL until the first certificate in it expires. The application id must be
this skill's. The timestamp rule is the SDK's own ``TimestampVerifier``: within 150
seconds, or an hour for ``AlexaSkillEvent.*`` events, which Alexa may deliver late.
"""

from __future__ import annotations

import base64
import binascii
import functools
import logging
import posixpath
import threading
import urllib.request
import warnings
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import certifi
from ask_sdk_webservice_support.verifier import (
    AbstractVerifier,
    TimestampVerifier,
    VerificationException,
)
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from skill.config import Config, TrustRules

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "Signature-256"
CERT_URL_HEADER = "SignatureCertChainUrl"
ECHO_API_NAME = "echo-api.amazon.com"
CERT_PATH_PREFIX = "/echo.api/"
DOWNLOAD_TIMEOUT_S = 2.0
MAX_CHAIN_BYTES = 64 * 1024
MAX_CACHED_CHAINS = 16

Fetch = Callable[[str], bytes]
# Alexa signs with RSA PKCS#1 v1.5 over SHA-256; both are stateless, made once.
_PKCS1 = padding.PKCS1v15()
_SHA256 = hashes.SHA256()


def refuse(reason: str) -> VerificationException:
    return VerificationException(reason)


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if not value:
        raise refuse(f"missing {name} header")
    return value


@functools.lru_cache(maxsize=64)  # Alexa uses a handful of URLs; refusals are not cached
def checked_cert_url(url: str, rules: TrustRules) -> str:
    """The normalised chain URL, or a refusal saying which rule it breaks."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise refuse("certificate URL is malformed") from error
    if parts.scheme.lower() != rules.cert_url_scheme:
        raise refuse(f"certificate URL scheme must be {rules.cert_url_scheme}")
    if (parts.hostname or "") != rules.cert_url_host.lower() or parts.username or parts.password:
        raise refuse(f"certificate URL host must be {rules.cert_url_host}")
    default_port = 443 if rules.cert_url_scheme == "https" else 80
    if (port if port is not None else default_port) != rules.cert_url_port:
        raise refuse(f"certificate URL port must be {rules.cert_url_port}")
    path = posixpath.normpath(parts.path) if parts.path else ""
    if not path.startswith(CERT_PATH_PREFIX):
        raise refuse(f"certificate URL path must start with {CERT_PATH_PREFIX}")
    netloc = rules.cert_url_host.lower()
    if port is not None:
        netloc = f"{netloc}:{port}"
    return urlunsplit((rules.cert_url_scheme, netloc, path, parts.query, ""))


def download(url: str) -> bytes:
    """The chain at ``url``, with a short timeout and a size limit."""
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as reply:
            body: bytes = reply.read(MAX_CHAIN_BYTES + 1)
    except (OSError, ValueError) as error:
        raise refuse("certificate chain could not be downloaded") from error
    if len(body) > MAX_CHAIN_BYTES:
        raise refuse("certificate chain is too large")
    return body


_system_roots: list[x509.Certificate] | None = None
_roots_lock = threading.Lock()


def system_roots() -> list[x509.Certificate]:
    """The CA bundle shipped with certifi, loaded once."""
    global _system_roots
    with _roots_lock:
        if _system_roots is None:
            with open(certifi.where(), "rb") as bundle:
                _system_roots = _each_certificate(bundle.read())
        return _system_roots


def _each_certificate(bundle: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle, skipping (not failing on) one that will not parse."""
    found = []
    end = b"-----END CERTIFICATE-----"
    for block in bundle.split(end)[:-1]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an old root with a negative serial number
            try:
                found.append(x509.load_pem_x509_certificate(block.strip() + b"\n" + end))
            except ValueError:
                continue
    return found


@dataclass(frozen=True)
class TrustedKey:
    """A validated chain's signing key and the time window in which it may be used."""

    key: rsa.RSAPublicKey
    not_before: datetime
    not_after: datetime

    def usable_at(self, now: datetime) -> bool:
        return self.not_before <= now <= self.not_after


def validate_chain(pem: bytes, roots: list[x509.Certificate], now: datetime) -> TrustedKey:
    """Check the leaf's dates and name, then the path to a trusted root."""
    try:
        certificates = x509.load_pem_x509_certificates(pem)
    except ValueError as error:
        raise refuse("certificate chain is not PEM") from error
    leaf, intermediates = certificates[0], certificates[1:]
    if now < leaf.not_valid_before_utc:
        raise refuse("signing certificate is not yet valid")
    if now > leaf.not_valid_after_utc:
        raise refuse("signing certificate has expired")
    try:
        names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (x509.ExtensionNotFound, ValueError) as error:
        raise refuse(f"signing certificate has no {ECHO_API_NAME} name") from error
    if ECHO_API_NAME not in names.get_values_for_type(x509.DNSName):
        raise refuse(f"signing certificate has no {ECHO_API_NAME} name")
    key = leaf.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise refuse("signing certificate key is not RSA")
    verifier = (PolicyBuilder().store(Store(roots)).time(now)
                .build_server_verifier(x509.DNSName(ECHO_API_NAME)))
    try:
        chain = verifier.verify(leaf, intermediates)
    except VerificationError as error:
        raise refuse("certificate chain is not trusted") from error
    return TrustedKey(key=key,
                      not_before=max(c.not_valid_before_utc for c in chain),
                      not_after=min(c.not_valid_after_utc for c in chain))


class ChainCache:
    """Validated signing keys per chain URL, bounded, each kept until its chain expires."""

    def __init__(self, roots: list[x509.Certificate], fetch: Fetch = download,
                 max_entries: int = MAX_CACHED_CHAINS) -> None:
        self._roots = roots
        self._fetch = fetch
        self._max = max_entries
        self._entries: OrderedDict[str, TrustedKey] = OrderedDict()
        self._lock = threading.Lock()

    def key_for(self, url: str, now: datetime) -> rsa.RSAPublicKey:
        with self._lock:
            entry = self._entries.get(url)
            if entry is not None and entry.usable_at(now):
                self._entries.move_to_end(url)
                return entry.key
        # Downloading outside the lock keeps other requests flowing meanwhile.
        entry = validate_chain(self._fetch(url), self._roots, now)
        with self._lock:
            self._entries[url] = entry
            self._entries.move_to_end(url)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return entry.key


class SignatureVerifier(AbstractVerifier):
    """The certificate URL, the chain behind it, and the body's RSA/SHA-256 signature."""

    def __init__(self, rules: TrustRules, cache: ChainCache) -> None:
        self.rules = rules
        self.cache = cache

    def verify(self, headers: Any, serialized_request_env: str,
               deserialized_request_env: Any) -> None:
        url = checked_cert_url(_header(headers, CERT_URL_HEADER), self.rules)
        try:
            signature = base64.b64decode(_header(headers, SIGNATURE_HEADER), validate=True)
        except (binascii.Error, ValueError) as error:
            raise refuse("signature is not base64") from error
        key = self.cache.key_for(url, datetime.now(UTC))
        try:
            key.verify(signature, serialized_request_env.encode("utf-8"), _PKCS1, _SHA256)
        except InvalidSignature as error:
            raise refuse("signature does not match the body") from error


class ApplicationIdVerifier(AbstractVerifier):
    """The request must be for this skill."""

    def __init__(self, skill_id: str) -> None:
        self.skill_id = skill_id

    def verify(self, headers: Any, serialized_request_env: str,
               deserialized_request_env: Any) -> None:
        if not self.skill_id:
            raise refuse("server has no SKILL_ID configured")
        system = getattr(getattr(deserialized_request_env, "context", None), "system", None)
        application = getattr(getattr(system, "application", None), "application_id", None)
        session = getattr(deserialized_request_env, "session", None)
        in_session = getattr(getattr(session, "application", None), "application_id", None)
        if application != self.skill_id or in_session not in (None, self.skill_id):
            raise refuse("application id does not match this skill")


def verifiers_for(config: Config, fetch: Fetch = download) -> list[AbstractVerifier]:
    """The verifiers the endpoint runs, cheapest first; none in local development.

    They run after ``skill.web.envelope.SoundEnvelope``, which ``TimestampVerifier``
    relies on (it fails with a TypeError on an envelope without an aware timestamp).
    """
    if not config.verify_requests:
        return []
    if not config.skill_id:
        log.error("SKILL_ID is not set: every request will be refused")
    roots = (x509.load_pem_x509_certificates(config.trust.roots_pem)
             if config.trust.roots_pem else system_roots())
    return [ApplicationIdVerifier(config.skill_id), TimestampVerifier(),
            SignatureVerifier(config.trust, ChainCache(roots, fetch))]

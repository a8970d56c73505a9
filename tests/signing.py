"""A private CA that signs requests the way Alexa does, and a loopback server for its chains.

Tests (and the benchmark) build a root, an ``echo-api.amazon.com`` certificate under it,
serve the PEM chain from a real HTTP server on 127.0.0.1, and sign request bodies with
the certificate's key (RSA PKCS#1 v1.5 over SHA-256, base64 in ``Signature-256``).
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from skill.config import TrustRules
from skill.web.verification import CERT_URL_HEADER, ECHO_API_NAME, SIGNATURE_HEADER

DAY = timedelta(days=1)


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def root_certificate(key: rsa.RSAPrivateKey, name: str = "Test Root CA") -> x509.Certificate:
    now = datetime.now(UTC)
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - DAY)
        .not_valid_after(now + 365 * DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def leaf_certificate(
    key: rsa.RSAPrivateKey,
    issuer: x509.Certificate,
    issuer_key: rsa.RSAPrivateKey,
    *,
    names: Iterable[str] | None = (ECHO_API_NAME,),
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> x509.Certificate:
    """A signing certificate; ``names=None`` leaves out the subject alternative names."""
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(ECHO_API_NAME))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - DAY)
        .not_valid_after(not_after or now + 30 * DAY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    )
    if names is not None:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in names]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def sign(body: bytes, key: rsa.RSAPrivateKey) -> str:
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()


def signed_headers(body: bytes, key: rsa.RSAPrivateKey, chain_url: str) -> dict[str, str]:
    return {SIGNATURE_HEADER: sign(body, key), CERT_URL_HEADER: chain_url, "Content-Type": "application/json"}


@dataclass
class ChainServer:
    """Serves PEM chains by path on 127.0.0.1 and counts how often each was fetched."""

    files: dict[str, bytes] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.hits[self.path] = owner.hits.get(self.path, 0) + 1
                body = owner.files.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *_args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def trust(self, root: x509.Certificate) -> TrustRules:
        """Alexa's rules moved to this loopback server, trusting only ``root``."""
        return TrustRules(
            cert_url_scheme="http", cert_url_host="127.0.0.1", cert_url_port=self.port, roots_pem=pem(root)
        )

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class TestAuthority:
    """One root and a valid echo-api certificate under it, with the chain served."""

    __test__ = False  # not a pytest class

    server: ChainServer
    root_key: rsa.RSAPrivateKey = field(default_factory=new_key)
    key: rsa.RSAPrivateKey = field(default_factory=new_key)

    def __post_init__(self) -> None:
        self.root = root_certificate(self.root_key)
        self.leaf = leaf_certificate(self.key, self.root, self.root_key)
        self.chain_url = self.serve("/echo.api/echo-api-cert.pem", self.leaf, self.root)

    def serve(self, path: str, *certificates: x509.Certificate) -> str:
        """Serves a chain (leaf first) at ``path``; returns its URL."""
        self.server.files[path] = pem(*certificates)
        return self.server.url(path)

    def headers(
        self, body: bytes, chain_url: str | None = None, key: rsa.RSAPrivateKey | None = None
    ) -> dict[str, str]:
        return signed_headers(body, key or self.key, chain_url or self.chain_url)

"""Configuration from environment variables, with safe defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name)
    return default if value is None or value.strip() == "" else value.strip().lower() in _TRUE


@dataclass(frozen=True)
class TrustRules:
    """Where signing certificate chains may come from and which roots they must reach.

    The defaults are Alexa's rules. Only code can change them (the tests and the
    benchmark use their own CA on loopback): ``Config.from_env`` never reads them, so no
    environment variable can loosen request verification in production.
    """

    cert_url_scheme: str = "https"
    cert_url_host: str = "s3.amazonaws.com"
    cert_url_port: int = 443
    roots_pem: bytes | None = None  # None: the system CA bundle (certifi)


@dataclass(frozen=True)
class Config:
    """Everything the app needs to know about its surroundings.

    ``local_dev`` is the one explicit switch that turns request verification off; it
    exists for the local server and the simulator, never for production.
    """

    skill_id: str = ""
    local_dev: bool = False
    store: str = "sqlite"
    sqlite_path: Path = field(default_factory=lambda: Path("var/skill.sqlite3"))
    dynamodb_table: str = "back-spasm-helper"
    dynamodb_endpoint: str = ""
    audio_base_url: str = ""
    audio_dir: Path = field(default_factory=lambda: Path("audio"))
    log_level: str = "INFO"
    max_body_bytes: int = 128 * 1024
    dynamodb_region: str = "us-east-1"
    log_salt: str = ""
    # Whether the store may create its DynamoDB table (off where the stack made it).
    dynamodb_create_table: bool = True
    # "store" keeps pain reports, onsets and ice/heat history between sessions, "session"
    # keeps them only for the session; "" means store for local development, else session.
    health_data: str = ""
    # A person's stored state is deleted after this many days without use (0: never).
    retention_days: int = 0
    trust: TrustRules = field(default_factory=TrustRules)

    @property
    def verify_requests(self) -> bool:
        return not self.local_dev

    @property
    def keeps_health_data(self) -> bool:
        """Whether health facts may outlive the session (SKILL_HEALTH_DATA=store)."""
        if self.health_data not in {"", "session", "store"}:
            raise ValueError(f"SKILL_HEALTH_DATA must be session or store, not {self.health_data!r}")
        return self.health_data == "store" or (self.health_data == "" and self.local_dev)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        defaults = cls()
        return cls(
            skill_id=env.get("SKILL_ID", defaults.skill_id),
            local_dev=_flag(env, "SKILL_LOCAL_DEV", False),
            store=env.get("SKILL_STORE", defaults.store).lower(),
            sqlite_path=Path(env.get("SKILL_SQLITE_PATH", str(defaults.sqlite_path))),
            dynamodb_table=env.get("SKILL_DYNAMODB_TABLE", defaults.dynamodb_table),
            dynamodb_endpoint=env.get("SKILL_DYNAMODB_ENDPOINT", ""),
            audio_base_url=env.get("SKILL_AUDIO_BASE_URL", "").rstrip("/"),
            audio_dir=Path(env.get("SKILL_AUDIO_DIR", str(defaults.audio_dir))),
            log_level=env.get("SKILL_LOG_LEVEL", defaults.log_level).upper(),
            max_body_bytes=int(env.get("SKILL_MAX_BODY_BYTES", defaults.max_body_bytes)),
            dynamodb_region=env.get("SKILL_DYNAMODB_REGION")
            or env.get("AWS_REGION")
            or env.get("AWS_DEFAULT_REGION")
            or defaults.dynamodb_region,
            log_salt=env.get("SKILL_LOG_SALT", ""),
            dynamodb_create_table=_flag(env, "SKILL_DYNAMODB_CREATE_TABLE", True),
            health_data=env.get("SKILL_HEALTH_DATA", "").strip().lower(),
            retention_days=int(env.get("SKILL_RETENTION_DAYS") or 0),
        )

    def with_overrides(self, **changes: object) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]

"""Builds the ASK CLI skill package from the project's own sources.

    python -m tools.skill_package build    # writes skill-package/ (manifest and models)
    python -m tools.skill_package check    # exits 1 if skill-package/ is not what build writes

Sources, so that nothing is kept twice:
- ``interaction_models/en-US.json``: the English interaction model. Every other English
  locale gets it plus its region's additions (``interaction_models/regions/<locale>.yaml``).
  A locale of another language has its own model (``interaction_models/de-DE.json``).
- ``skill/content/<language>/publishing.yaml`` with regional overlays: the store listing.
- ``infrastructure/settings.yaml``: privacy policy URL, endpoint, locales, countries.

Every file written is read back through the Skill Management API's model classes
(``tools.smapi_strict``) before it is written.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from skill.domain.content import _layers, _merged, load_content
from tools.smapi_strict import check_interaction_model, check_manifest

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "interaction_models"
REGIONS = MODELS / "regions"
PACKAGE = ROOT / "skill-package"
SETTINGS = ROOT / "infrastructure" / "settings.yaml"
ENGLISH_SOURCE = "en-US"

PERMISSIONS = ("alexa::alerts:timers:skill:readwrite", "alexa::alerts:reminders:skill:readwrite")
# Screens are optional: the skill answers by voice on every device.
APL_VIEWPORTS = (
    {"mode": "HUB", "shape": "ROUND", "minWidth": 480, "maxWidth": 960, "minHeight": 480, "maxHeight": 960},
    {
        "mode": "HUB",
        "shape": "RECTANGLE",
        "minWidth": 960,
        "maxWidth": 1920,
        "minHeight": 480,
        "maxHeight": 1279,
    },
    {
        "mode": "TV",
        "shape": "RECTANGLE",
        "minWidth": 960,
        "maxWidth": 1920,
        "minHeight": 540,
        "maxHeight": 1080,
    },
    {
        "mode": "MOBILE",
        "shape": "RECTANGLE",
        "minWidth": 320,
        "maxWidth": 2560,
        "minHeight": 320,
        "maxHeight": 2560,
    },
)
_ENV_OVERRIDES = {
    "privacy_policy_url": "SKILL_PRIVACY_POLICY_URL",
    "terms_of_use_url": "SKILL_TERMS_OF_USE_URL",
    "endpoint": "SKILL_ENDPOINT",
}


class PackageError(ValueError):
    """The sources cannot make a valid package (a region names a missing value, ...)."""


def settings(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``infrastructure/settings.yaml``, with the environment's overrides if given."""
    values: dict[str, Any] = yaml.safe_load(SETTINGS.read_text(encoding="utf-8"))
    for key, variable in _ENV_OVERRIDES.items():
        if env and env.get(variable):
            values[key] = env[variable]
    return values


# --- interaction models ----------------------------------------------------------------


def english_model() -> dict[str, Any]:
    return json.loads((MODELS / f"{ENGLISH_SOURCE}.json").read_text(encoding="utf-8"))


def regional_model(locale: str, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The English model with what people in ``locale`` also say."""
    model = copy.deepcopy(base if base is not None else english_model())
    overlay_path = REGIONS / f"{locale}.yaml"
    if locale == ENGLISH_SOURCE or not overlay_path.exists():
        return model
    overlay = yaml.safe_load(overlay_path.read_text(encoding="utf-8")) or {}
    language = model["interactionModel"]["languageModel"]
    if overlay.get("invocation_name"):
        language["invocationName"] = overlay["invocation_name"]
    types = {slot_type["name"]: slot_type for slot_type in language.get("types", [])}
    for type_name, by_value in (overlay.get("synonyms") or {}).items():
        if type_name not in types:
            raise PackageError(f"{overlay_path.name}: slot type {type_name} is not in the model")
        _add_synonyms(types[type_name], by_value, overlay_path.name)
    intents = {intent["name"]: intent for intent in language["intents"]}
    for intent_name, samples in (overlay.get("samples") or {}).items():
        if intent_name not in intents:
            raise PackageError(f"{overlay_path.name}: intent {intent_name} is not in the model")
        present = {sample.lower() for sample in intents[intent_name].setdefault("samples", [])}
        intents[intent_name]["samples"].extend(s for s in samples if s.lower() not in present)
    return model


def language_model(locale: str) -> dict[str, Any] | None:
    """A locale's own interaction model (de-DE: the German one), if it has one."""
    path = MODELS / f"{locale}.json"
    if locale == ENGLISH_SOURCE or not path.exists():
        return None
    model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return model


def _add_synonyms(slot_type: dict[str, Any], by_value: dict[str, list[str]], source: str) -> None:
    values = {value.get("id") or value["name"]["value"]: value for value in slot_type["values"]}
    said = {
        name.lower(): value_id
        for value_id, value in values.items()
        for name in [value["name"]["value"], *value["name"].get("synonyms", [])]
    }
    for value_id, extra in by_value.items():
        if value_id not in values:
            raise PackageError(f"{source}: {slot_type['name']} has no value {value_id!r}")
        synonyms = values[value_id]["name"].setdefault("synonyms", [])
        for synonym in extra:
            owner = said.get(synonym.lower())
            if owner is not None and owner != value_id:
                raise PackageError(f"{source}: {synonym!r} already means {owner!r} in {slot_type['name']}")
            if owner is None:
                synonyms.append(synonym)
                said[synonym.lower()] = value_id


# --- manifest --------------------------------------------------------------------------


def publishing(locale: str) -> dict[str, Any]:
    """The store listing for one locale, the language's base with the region's overlay."""
    listing = _merged(_layers(locale), "publishing*.yaml", "publishing")
    if not listing:
        raise PackageError(f"no publishing.yaml for {locale}")
    emergency = load_content(locale).phrases("emergency_number")
    return {
        "name": listing["name"],
        "summary": listing["summary"],
        "description": listing["description"].format(emergency_number=emergency).strip(),
        "examplePhrases": list(listing["example_phrases"]),
        "keywords": list(listing["keywords"]),
        "updatesDescription": listing.get("updates_description", ""),
    }


def endpoint(uri: str) -> dict[str, Any]:
    if uri.startswith("arn:aws:lambda:"):
        return {"uri": uri}
    if uri.startswith("https://"):
        return {"uri": uri, "sslCertificateType": "Wildcard"}
    raise PackageError(f"the endpoint must be a Lambda ARN or an https:// URI, not {uri!r}")


def manifest(values: dict[str, Any]) -> dict[str, Any]:
    locales: list[str] = list(values["locales"])
    privacy = {"privacyPolicyUrl": values["privacy_policy_url"]}
    if values.get("terms_of_use_url"):
        privacy["termsOfUseUrl"] = values["terms_of_use_url"]
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": {locale: publishing(locale) for locale in locales},
                "isAvailableWorldwide": False,
                "distributionCountries": list(values["distribution_countries"]),
                "testingInstructions": values["testing_instructions"].strip(),
                "category": "HEALTH_AND_FITNESS",
            },
            "privacyAndCompliance": {
                "allowsPurchases": False,
                # With SKILL_HEALTH_DATA=session nothing about the person outlives a session.
                "usesPersonalInfo": False,
                "isChildDirected": False,
                "isExportCompliant": True,
                "containsAds": False,
                # Only for HIPAA-eligible skills, which this published skill is not.
                "usesHealthInfo": False,
                "locales": {locale: dict(privacy) for locale in locales},
            },
            "permissions": [{"name": name} for name in PERMISSIONS],
            "events": {
                "endpoint": endpoint(values["endpoint"]),
                "subscriptions": [{"eventName": "SKILL_DISABLED"}],
            },
            "apis": {
                "custom": {
                    "endpoint": endpoint(values["endpoint"]),
                    "interfaces": [
                        {"type": "AUDIO_PLAYER"},
                        {"type": "ALEXA_PRESENTATION_APL", "supportedViewports": list(APL_VIEWPORTS)},
                    ],
                }
            },
        }
    }


# --- the package -----------------------------------------------------------------------


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def package_files(values: dict[str, Any] | None = None) -> dict[str, str]:
    """Every file of ``skill-package/`` by relative path, validated, as text."""
    values = values or settings()
    skill_json = manifest(values)
    check_manifest(skill_json)
    files = {"skill.json": _json(skill_json)}
    base = english_model()
    for locale in values["locales"]:
        model = language_model(locale) or regional_model(locale, base)
        check_interaction_model(model)
        files[f"interactionModels/custom/{locale}.json"] = _json(model)
    return files


def build(target: Path = PACKAGE, values: dict[str, Any] | None = None) -> list[Path]:
    written = []
    files = package_files(values)
    models = target / "interactionModels" / "custom"
    for stale in models.glob("*.json") if models.is_dir() else []:
        if f"interactionModels/custom/{stale.name}" not in files:
            stale.unlink()
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def differences(target: Path = PACKAGE, values: dict[str, Any] | None = None) -> list[str]:
    """A unified diff line list for every file that differs from what build writes."""
    problems: list[str] = []
    files = package_files(values)
    present = {str(p.relative_to(target)) for p in target.rglob("*.json")} if target.is_dir() else set()
    for extra in sorted(present - set(files)):
        problems.append(f"{extra}: not built from any source (delete it or rebuild)")
    for relative, text in files.items():
        path = target / relative
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if old != text:
            problems.extend(
                difflib.unified_diff(
                    old.splitlines(),
                    text.splitlines(),
                    f"committed/{relative}",
                    f"built/{relative}",
                    n=1,
                    lineterm="",
                )
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.skill_package",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("action", choices=["build", "check"])
    parser.add_argument("--target", type=Path, default=PACKAGE)
    args = parser.parse_args(argv)
    values = settings(os.environ)
    try:
        if args.action == "build":
            for path in build(args.target, values):
                print(f"wrote {path.relative_to(args.target.parent)}")
            print("skill package is up to date")
            return 0
        problems = differences(args.target, values)
    except (PackageError, ValueError) as error:
        print(f"cannot build the skill package: {error}", file=sys.stderr)
        return 1
    for line in problems:
        print(line)
    if problems:
        print(
            "skill-package/ differs from its sources: run python -m tools.skill_package build",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

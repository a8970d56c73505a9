"""The ASK CLI skill package: built from the sources, valid by the SMAPI's own model, deployable."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from skill.domain.content import load_content
from skill.simulator.resolver import Resolver
from tests.test_apl_documents import strings_in
from tools import skill_package
from tools.smapi_strict import SchemaError, check_interaction_model, check_manifest

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "skill-package"
LOCALES = skill_package.settings()["locales"]
ENGLISH_REGIONS = [locale for locale in LOCALES if locale.startswith("en-")]
# The health disclaimer and the emergency sentence of each language's listing.
DISCLAIMERS = {
    "en": ("not a substitute for professional medical advice", "In an emergency call {number}."),
    "de": ("ersetzt keine ärztliche Beratung", "Im Notfall ruf {number} an."),
}


def skill_json() -> dict:
    return json.loads((PACKAGE / "skill.json").read_text(encoding="utf-8"))


def packaged_model(locale: str) -> dict:
    path = PACKAGE / "interactionModels" / "custom" / f"{locale}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_committed_package_is_what_the_build_command_writes() -> None:
    problems = skill_package.differences()
    assert not problems, "\n".join(["run: python -m tools.skill_package build", *problems[:40]])


def test_the_check_command_fails_when_the_package_is_stale(tmp_path: Path) -> None:
    target = tmp_path / "skill-package"
    shutil.copytree(PACKAGE, target)
    assert skill_package.main(["check", "--target", str(target)]) == 0
    model = target / "interactionModels" / "custom" / "en-GB.json"
    model.write_text(model.read_text(encoding="utf-8").replace("wheat bag", "weat bag"), encoding="utf-8")
    (target / "interactionModels" / "custom" / "fr-FR.json").write_text("{}", encoding="utf-8")
    assert skill_package.main(["check", "--target", str(target)]) == 1
    assert skill_package.main(["build", "--target", str(target)]) == 0
    assert not (target / "interactionModels" / "custom" / "fr-FR.json").exists()
    assert skill_package.main(["check", "--target", str(target)]) == 0


def test_the_build_command_runs_as_documented(tmp_path: Path) -> None:
    target = tmp_path / "skill-package"
    done = subprocess.run(
        [sys.executable, "-m", "tools.skill_package", "build", "--target", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads((target / "skill.json").read_text()) == skill_json()


# --- valid by the Skill Management API's model classes -------------------------------


def test_skill_json_deserialises_into_the_smapi_manifest() -> None:
    envelope = check_manifest(skill_json())
    manifest = envelope.manifest
    assert manifest.publishing_information.category == "HEALTH_AND_FITNESS"
    assert {p.name.value for p in manifest.permissions} == {
        "alexa::alerts:timers:skill:readwrite",
        "alexa::alerts:reminders:skill:readwrite",
    }
    assert [s.event_name.value for s in manifest.events.subscriptions] == ["SKILL_DISABLED"]
    kinds = {type(interface).__name__ for interface in manifest.apis.custom.interfaces}
    assert kinds == {"AudioInterface", "AlexaPresentationAplInterface"}
    assert manifest.apis.custom.endpoint.uri.startswith(("arn:aws:lambda:", "https://"))


@pytest.mark.parametrize("locale", LOCALES)
def test_each_interaction_model_deserialises_into_the_smapi_model(locale: str) -> None:
    data = check_interaction_model(packaged_model(locale))
    language = data.interaction_model.language_model
    assert language.invocation_name == ("rückenkrampf hilfe" if locale == "de-DE" else "back spasm helper")
    assert {intent.name for intent in language.intents} >= {"AMAZON.HelpIntent", "AMAZON.StopIntent"}


@pytest.mark.parametrize(
    "change, complaint",
    [
        (lambda m: m["manifest"].__setitem__("publishingInfo", {}), "unknown field 'publishingInfo'"),
        (lambda m: m["manifest"]["privacyAndCompliance"].__setitem__("containsAds", "no"), "expected bool"),
        (
            lambda m: m["manifest"]["permissions"].append({"name": "alexa::profile:everything"}),
            "not one of PermissionName",
        ),
        (
            lambda m: m["manifest"]["apis"]["custom"]["interfaces"].append({"type": "HOLOGRAM"}),
            "not a known Interface type",
        ),
        (
            lambda m: m["manifest"]["publishingInformation"]["locales"]["en-US"].pop("examplePhrases"),
            "missing required parts: $.manifest.publishingInformation.locales.en-US.examplePhrases",
        ),
        (
            lambda m: m["manifest"]["privacyAndCompliance"]["locales"]["en-GB"].pop("privacyPolicyUrl"),
            "privacyPolicyUrl",
        ),
        (lambda m: m["manifest"]["apis"]["custom"].pop("endpoint"), "endpoint"),
    ],
)
def test_the_manifest_check_refuses_what_the_api_would(change, complaint: str) -> None:
    broken = copy.deepcopy(skill_json())
    change(broken)
    with pytest.raises(SchemaError) as error:
        check_manifest(broken)
    assert complaint in str(error.value)


@pytest.mark.parametrize(
    "change, complaint",
    [
        (
            lambda m: m["interactionModel"]["languageModel"]["intents"][0].__setitem__("utterances", []),
            "unknown field 'utterances'",
        ),
        (lambda m: m["interactionModel"]["languageModel"].__setitem__("invocationName", 7), "expected str"),
        (
            lambda m: m["interactionModel"]["languageModel"]["types"][0]["values"][0]["name"].pop("value"),
            "missing required parts",
        ),
        (lambda m: m["interactionModel"]["languageModel"].pop("invocationName"), "invocationName"),
    ],
)
def test_the_model_check_refuses_what_the_api_would(change, complaint: str) -> None:
    broken = copy.deepcopy(packaged_model("en-US"))
    change(broken)
    with pytest.raises(SchemaError) as error:
        check_interaction_model(broken)
    assert complaint in str(error.value)


# --- the store listing ---------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_the_listing_carries_the_health_disclaimer_and_the_local_emergency_number(locale: str) -> None:
    listing = skill_json()["manifest"]["publishingInformation"]["locales"][locale]
    number = load_content(locale).phrases("emergency_number")
    disclaimer, emergency = DISCLAIMERS[locale.split("-")[0]]
    assert disclaimer in listing["description"]
    assert emergency.format(number=number) in listing["description"]
    assert len(listing["summary"]) <= 160 and len(listing["description"]) <= 4000
    assert len(listing["name"]) <= 50 and 1 <= len(listing["keywords"]) <= 30


def test_emergency_numbers_are_the_regions_own() -> None:
    numbers = {locale: load_content(locale).phrases("emergency_number") for locale in ENGLISH_REGIONS}
    assert numbers["en-US"] == "911" and numbers["en-CA"] == "911"
    assert "999" in numbers["en-GB"] and "112" in numbers["en-GB"]
    assert "000" in numbers["en-AU"]
    assert numbers["en-IN"] == "112"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_example_phrases_are_real_samples_of_that_locales_model(locale: str) -> None:
    model = packaged_model(locale)
    resolver = Resolver(model, language_code=locale.split("-")[0])
    samples = {
        intent["name"]: set(intent.get("samples", []))
        for intent in model["interactionModel"]["languageModel"]["intents"]
    }
    phrases = skill_json()["manifest"]["publishingInformation"]["locales"][locale]["examplePhrases"]
    assert len(phrases) == 3
    first, *others = (resolver.resolve(phrase) for phrase in phrases)
    # Certification: the first opens the skill by its invocation name with the wake word.
    assert phrases[0].startswith("Alexa, ") and first.request_type == "LaunchRequest"
    for phrase, heard in zip(phrases[1:], others, strict=True):
        assert phrase.startswith("Alexa, ") and heard.opens_skill, phrase
        assert heard.intent not in {"", "AMAZON.FallbackIntent"}, phrase
        assert heard.sample in samples[heard.intent], (phrase, heard.sample)
        assert all(slot.matched for slot in heard.slots.values()), phrase


# --- regional models -----------------------------------------------------------------


@pytest.mark.parametrize("locale", [loc for loc in ENGLISH_REGIONS if loc != "en-US"])
def test_a_regional_model_is_the_english_one_plus_what_people_there_say(locale: str) -> None:
    english = Resolver(packaged_model("en-US"))
    regional = Resolver(packaged_model(locale))
    for intent, utterance in english.samples():
        if "{" not in utterance:
            assert regional.resolve(utterance).intent == intent, utterance
    overlay = yaml.safe_load((ROOT / "interaction_models" / "regions" / f"{locale}.yaml").read_text())
    for type_name, by_value in overlay["synonyms"].items():
        table = regional._values[type_name]
        for value_id, said in by_value.items():
            for words in said:
                assert table[words.lower()][0] == value_id, (locale, words)


@pytest.mark.parametrize(
    ("locale", "synonyms", "complaint"),
    [
        ("en-GB", "heat: [ice pack]", "already means 'ice'"),  # a synonym that means something else
        ("en-AU", "steam: [sauna]", "no value 'steam'"),  # a slot value the model does not have
    ],
)
def test_a_regional_overlay_that_does_not_fit_the_model_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: str, synonyms: str, complaint: str
) -> None:
    (tmp_path / f"{locale}.yaml").write_text(f"synonyms:\n  THERMAL_KIND:\n    {synonyms}\n")
    monkeypatch.setattr(skill_package, "REGIONS", tmp_path)
    with pytest.raises(skill_package.PackageError, match=complaint):
        skill_package.regional_model(locale)


# --- what `ask deploy` reads ---------------------------------------------------------


def test_ask_resources_points_at_the_package_the_code_and_the_template() -> None:
    resources = json.loads((ROOT / "ask-resources.json").read_text())
    profile = resources["profiles"]["default"]
    assert (ROOT / profile["skillMetadata"]["src"]).resolve() == PACKAGE.resolve()
    infrastructure = profile["skillInfrastructure"]
    assert infrastructure["type"] == "@ask-cli/cfn-deployer"
    config = infrastructure["userConfig"]
    assert config["runtime"] == "python3.12" and config["handler"] == "lambda_function.handler"
    template = yaml.load((ROOT / config["templatePath"]).read_text(), Loader=_CfnLoader)
    # The parameters the cfn-deployer passes, and the output it reads the endpoint from.
    assert {"SkillId", "LambdaRuntime", "LambdaHandler", "CodeBucket", "CodeKey", "CodeVersion"} <= set(
        template["Parameters"]
    )
    assert set(config["cfn"]["parameters"]) <= set(template["Parameters"])
    assert "SkillEndpoint" in template["Outputs"]
    kinds = {resource["Type"] for resource in template["Resources"].values()}
    assert {"AWS::Lambda::Function", "AWS::DynamoDB::Table", "AWS::Lambda::Permission"} <= kinds
    variables = template["Resources"]["SkillFunction"]["Properties"]["Environment"]["Variables"]
    assert variables["SKILL_STORE"] == "dynamodb"
    assert (ROOT / "lambda_function.py").exists()


def test_alexa_calls_a_version_published_for_every_change_of_code_or_setting() -> None:
    template = yaml.load(
        (ROOT / "infrastructure" / "cfn-deployer" / "skill-stack.yaml").read_text(), Loader=_CfnLoader
    )
    resources = template["Resources"]
    # The endpoint and both invokers (Alexa, the daily retention run) use the live alias.
    assert template["Outputs"]["SkillEndpoint"]["Value"] == "SkillFunctionAlias"
    assert resources["SkillFunctionAlexaPermission"]["Properties"]["FunctionName"] == "SkillFunctionAlias"
    assert resources["RetentionSchedule"]["Properties"]["Targets"][0]["Arn"] == "SkillFunctionAlias"
    assert resources["SkillFunctionAlias"]["Properties"]["FunctionVersion"] == "SkillFunctionVersion.Version"
    function = resources["SkillFunction"]["Properties"]
    assert function["SnapStart"] == {"ApplyOn": "SnapStart"}
    assert template["Parameters"]["SnapStart"]["Default"] == "PublishedVersions"
    # A version is immutable: each parameter the function is configured from must be in the
    # version's description, so that changing it publishes a new version for the alias.
    code_location = {"CodeBucket", "CodeKey"}  # a new upload always has a new CodeVersion
    referenced = set(strings_in(function))
    configured_from = {name for name in template["Parameters"] if name in referenced} - code_location
    assert {"SkillId", "CodeVersion", "HealthData", "AudioBaseUrl"} <= configured_from
    description = resources["SkillFunctionVersion"]["Properties"]["Description"]
    assert {name for name in configured_from if f"${{{name}}}" not in description} == set()
    # Lambda allows 256 characters: the longest values the parameters allow must fit.
    longest = {
        "SkillId": len("amzn1.ask.skill.") + 36,
        "CodeVersion": 32,
        "RetentionDays": 4,
    }  # S3 version ids: 32
    for name in configured_from:
        parameter = template["Parameters"][name]
        width = max((len(value) for value in parameter.get("AllowedValues", [])), default=0)
        longest.setdefault(name, parameter.get("MaxLength", width or len(str(parameter.get("Default", "")))))
    filled = description
    for name in configured_from:
        filled = filled.replace(f"${{{name}}}", "x" * longest[name])
    assert len(filled) <= 256, len(filled)


def test_cfn_lint_accepts_the_template() -> None:
    lint = shutil.which("cfn-lint", path=str(Path(sys.executable).parent))
    assert lint, "cfn-lint is a dev dependency"
    done = subprocess.run(
        [lint, str(ROOT / "infrastructure" / "cfn-deployer" / "skill-stack.yaml")],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation's short tags (!Ref, !GetAtt, !Sub) as plain values."""


for _tag in ("!Ref", "!GetAtt", "!Sub"):
    _CfnLoader.add_constructor(
        _tag,
        lambda loader, node: (
            loader.construct_scalar(node)
            if isinstance(node, yaml.ScalarNode)
            else loader.construct_sequence(node)
        ),
    )

"""Every APL document is valid APL, and every data binding names a field its datasource has.

The datasources are the ones the skill really sends: a conversation on a screen device
goes through every document, and each binding is checked against each of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from skill.alexa.screens import APL_DIR, document
from skill.coach.screens import DOCUMENTS, Screen
from skill.simulator.envelopes import INTERFACES
from tests.alexa import Said
from tests.apl_expressions import evaluate_binding
from tests.conftest import in_process_transport
from tests.screen_support import ScreenDevice, screen_of, timed_words

# APL versions Alexa has published, oldest first.
APL_VERSIONS = (
    "1.0",
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "1.5",
    "1.6",
    "1.7",
    "1.8",
    "1.9",
    "2022.1",
    "2022.2",
    "2023.1",
    "2023.2",
    "2023.3",
    "2024.1",
    "2024.2",
    "2024.3",
)
# Packages Alexa hosts for import, with the versions published.
PACKAGES = {
    "alexa-layouts": {"1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0"},
    "alexa-styles": {"1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0"},
    "alexa-viewport-profiles": {"1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0"},
}
# The standard APL components, and the responsive components alexa-layouts defines.
STANDARD_COMPONENTS = {
    "Container",
    "EditText",
    "Frame",
    "GridSequence",
    "Image",
    "Pager",
    "ScrollView",
    "Sequence",
    "FlexSequence",
    "Text",
    "TouchWrapper",
    "VectorGraphic",
    "Video",
}
LAYOUTS_COMPONENTS = {
    "AlexaBackground",
    "AlexaButton",
    "AlexaCheckbox",
    "AlexaDivider",
    "AlexaFooter",
    "AlexaHeader",
    "AlexaIconButton",
    "AlexaImage",
    "AlexaImageList",
    "AlexaProgressBar",
    "AlexaRadioButton",
    "AlexaSlider",
    "AlexaSwitch",
    "AlexaTextList",
    "AlexaTransportControls",
}
STANDARD_COMMANDS = {
    "SendEvent",
    "SetValue",
    "Sequential",
    "Parallel",
    "Idle",
    "SpeakItem",
    "AnimateItem",
    "SetState",
    "SetPage",
    "Scroll",
    "OpenURL",
    "Select",
}
AVG_ITEMS = {"path", "group", "text"}
# Names every data binding may use without a datasource: time, APL's functions, the device.
BUILT_IN_NAMES = {
    "elapsedTime",
    "localTime",
    "utcTime",
    "Math",
    "viewport",
    "environment",
    "String",
    "Array",
    "true",
    "false",
    "null",
}
CHILD_KEYS = ("items", "item", "firstItem", "lastItem")
COMMAND_KEYS = ("onPress", "primaryAction", "onMount", "commands", "onDown", "onUp")
_EXPRESSION = re.compile(r"\$\{([^}]*)\}")
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")
_NAME = re.compile(r"(?<![\w.@])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Said]]:
    """The responses with a screen, by document, from a conversation through them all."""
    from skill.config import Config
    from tests.alexa import APPLICATION_ID

    config = Config(
        skill_id=APPLICATION_ID, local_dev=True, sqlite_path=tmp_path_factory.mktemp("apl") / "skill.sqlite3"
    )
    show = ScreenDevice(send=in_process_transport(config))
    talk = show.talk
    talk.open()
    talk.say("PainLevelIntent", level="6")
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    for _ in range(4):
        show.tap("next")
    show.tap("pain", 3)
    talk.open()
    talk.say("StartExerciseIntent", exercise=("side lying leg raise", "side_lying_leg_raise"))
    talk.say("WhatsNextIntent")
    talk.say("CountdownIntent", duration="PT45S")
    talk.say("CountRepsIntent", count="5")
    talk.say("ProgressIntent")
    talk.say("StartApplicationIntent", kind=("heat", "heat"))
    talk.say("IceOrHeatIntent")
    show.tap("hurts")
    talk.say("AMAZON.StopIntent")
    talk.open()
    talk.say("RedFlagIntent", symptom=("I fell", "fall_or_injury"))
    found: dict[str, list[Said]] = {}
    for body in show.responses:
        said = Said(body)
        if (screen := screen_of(said)) is not None:
            found.setdefault(screen.document, []).append(said)
    return found


@pytest.fixture(scope="module")
def samples(spoken: dict[str, list[Said]]) -> dict[str, list[Screen]]:
    """The datasources the skill sends, by document."""
    return {name: [screen for said in saids if (screen := screen_of(said))] for name, saids in spoken.items()}


def test_the_conversation_shows_every_document(samples: dict[str, list[Screen]]) -> None:
    assert set(samples) == set(DOCUMENTS)
    assert {path.stem for path in APL_DIR.glob("*.json")} == set(DOCUMENTS)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_document_is_apl_of_a_supported_version_importing_real_packages(name: str) -> None:
    doc = document(name)
    assert doc["type"] == "APL"
    assert doc["version"] in APL_VERSIONS
    announced = INTERFACES["screen"]["Alexa.Presentation.APL"]["runtime"]["maxVersion"]
    assert APL_VERSIONS.index(doc["version"]) <= APL_VERSIONS.index(announced)
    assert doc["import"], "alexa-layouts is imported for the responsive components"
    for package in doc["import"]:
        assert package["name"] in PACKAGES and package["version"] in PACKAGES[package["name"]]
    assert doc["mainTemplate"]["parameters"] == ["screen"]
    # One document for every viewport, with a compact layout for small round hubs.
    assert "@viewportProfile == @hubRoundSmall" in json.dumps(doc)
    assert len(json.dumps(doc, separators=(",", ":"))) < 8 * 1024


def components(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for each in node:
            yield from components(each)
    elif isinstance(node, dict):
        yield node
        for key in CHILD_KEYS:
            if key in node:
                yield from components(node[key])


def commands(node: Any) -> Iterator[dict[str, Any]]:
    for component in components(node):
        for key in COMMAND_KEYS:
            found = component.get(key)
            yield from found if isinstance(found, list) else [found] if found else []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_component_command_and_graphic_item_is_standard(name: str) -> None:
    doc = document(name)
    types = {component["type"] for component in components(doc["mainTemplate"]["items"])}
    assert types <= STANDARD_COMPONENTS | LAYOUTS_COMPONENTS, types - STANDARD_COMPONENTS
    assert {command["type"] for command in commands(doc["mainTemplate"]["items"])} <= STANDARD_COMMANDS
    for graphic in doc.get("graphics", {}).values():
        assert graphic["type"] == "AVG"
        assert {item["type"] for item in _avg_items(graphic["items"])} <= AVG_ITEMS
    for component in components(doc["mainTemplate"]["items"]):
        if component["type"] == "VectorGraphic":
            assert component["source"] in doc.get("graphics", {})


def _avg_items(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from _avg_items(item.get("items", []))


def names_in(text: str) -> set[str]:
    """The dotted names the data-binding expressions in ``text`` look up."""
    found: set[str] = set()
    for expression in _EXPRESSION.findall(text):
        bare = _STRING.sub("''", expression)
        bare = re.sub(r"@\w+", "0", bare)
        found |= set(_NAME.findall(bare))
    return found


def _lookup(value: Any, path: list[str]) -> bool:
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return False
        value = value[key]
    return True


def strings_in(node: Any, skip: tuple[str, ...] = ()) -> Iterator[str]:
    """Every string in a JSON-like tree, leaving out the values of the keys in ``skip``."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for each in node:
            yield from strings_in(each)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in skip:
                yield from strings_in(value)


def binding_problems(node: Any, scope: dict[str, list[Any]]) -> list[str]:
    """Each binding in ``node`` whose name is not in scope; ``scope`` maps a name to samples."""
    problems: list[str] = []
    for component in components(node) if isinstance(node, list) else [node]:
        own = [text for text in strings_in(component, skip=(*CHILD_KEYS, "data"))]
        problems += _check(own, scope)
        problems += _check(list(strings_in(component.get("data", ""))), scope)
        inner = dict(scope)
        if "data" in component:
            source = _EXPRESSION.fullmatch(component["data"])
            assert source, f"data must be one binding: {component['data']}"
            head, *path = source.group(1).strip().split(".")
            elements = [element for sample in scope[head] for element in _walk(sample, path)]
            inner.update(data=elements, index=[0], length=[1], ordinal=[1])
        for key in CHILD_KEYS:
            if key in component:
                children = component[key] if isinstance(component[key], list) else [component[key]]
                for child in children:
                    problems += binding_problems(child, inner)
    return problems


def _walk(sample: Any, path: list[str]) -> list[Any]:
    for key in path:
        sample = sample[key]
    assert isinstance(sample, list), f"data binds a list, got {sample!r}"
    return sample


def _check(texts: list[str], scope: dict[str, list[Any]]) -> list[str]:
    problems = []
    for text in texts:
        for name in names_in(text):
            head, *path = name.split(".")
            if head in BUILT_IN_NAMES:
                continue
            if head not in scope:
                problems.append(f"{name} in {text!r}: {head} is not in scope")
            elif not scope[head]:
                problems.append(f"{name}: no sample of {head} to check against")
            else:
                problems += [
                    f"{name} is missing from {sample!r:.120}"
                    for sample in scope[head]
                    if not _lookup(sample, path)
                ]
    return problems


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_binding_names_a_field_every_datasource_has(
    name: str, samples: dict[str, list[Screen]]
) -> None:
    doc = document(name)
    datasources = [screen.data for screen in samples[name]]
    assert datasources
    problems = []
    for item in doc["mainTemplate"]["items"]:
        problems += binding_problems(item, {"screen": datasources})
    for graphic in doc.get("graphics", {}).values():
        parameters = {parameter["name"]: [0] for parameter in graphic["parameters"]}
        problems += _check(list(strings_in(graphic["items"])), parameters)
    assert not problems, problems


def test_the_binding_check_finds_a_field_no_datasource_has() -> None:
    broken = {
        "type": "Container",
        "data": "${screen.items}",
        "items": [{"type": "Text", "text": "${data.nmae} ${screen.title}"}],
    }
    problems = binding_problems(broken, {"screen": [{"title": "x", "items": [{"name": "a"}]}]})
    assert problems == ["data.nmae is missing from {'name': 'a'}"]
    assert binding_problems({"type": "Text", "text": "${screen.title}"}, {"screen": [{}]})
    assert names_in("${a.b == 'c.d' ? @spacingSmall : Math.max(1, data.x)}") == {"a.b", "Math.max", "data.x"}


def test_the_red_flag_document_has_nothing_to_tap_and_no_exercise() -> None:
    doc = document("red_flag")
    types = {component["type"] for component in components(doc["mainTemplate"]["items"])}
    assert not types & {"TouchWrapper", "AlexaButton", "AlexaIconButton", "VectorGraphic", "Sequence"}
    assert not list(commands(doc["mainTemplate"]["items"]))


def _ring_bindings(doc: dict[str, Any]) -> tuple[str, str, str]:
    """The segment's display, its shown number and its ring fill, as the document binds them."""
    holder = next(
        c for c in components(doc["mainTemplate"]["items"]) if c.get("data") == "${screen.segments}"
    )
    segment = holder["items"][0]
    number = next(c["text"] for c in components(segment) if c["type"] == "Text" and "Math.ceil" in c["text"])
    fill = next(c["fill"] for c in components(segment) if c["type"] == "VectorGraphic")
    return segment["display"], number, fill


@pytest.mark.parametrize("name", ["exercise", "countdown"])
def test_the_documents_own_ring_bindings_count_with_the_voice(
    name: str, spoken: dict[str, list[Said]]
) -> None:
    """Runs the document's own bindings at the moment the voice says each counted number."""
    display, number, fill = _ring_bindings(document(name))
    checked = 0
    for said in spoken[name]:
        screen = screen_of(said)
        assert screen is not None
        data = screen.data

        def shown(ms: float, data: dict[str, Any] = data) -> set[Any]:
            """What the ring's visible segments show at ``ms`` (one at most is visible)."""
            found = set()
            for row in data["segments"]:
                context = {"screen": data, "data": row, "elapsedTime": ms}
                if evaluate_binding(display, context) == "normal":
                    assert 0 <= evaluate_binding(fill, context) <= 1
                    found.add(evaluate_binding(number, context))
            assert len(found) <= 1
            return found

        counting = [
            (round(t * 1000), int(w[:-1]))
            for t, w in timed_words(said.ssml)
            if re.fullmatch(r"\d+\.", w)
            and any(r["startMs"] <= round(t * 1000) < r["endMs"] for r in data["segments"])
        ]
        for ms, said_number in counting:
            nearby = set().union(*(shown(ms + offset) for offset in range(-1000, 1001, 250)))
            assert said_number in {int(value) for value in nearby if value != ""}, (ms, said_number, nearby)
            checked += 1
        for row in data["segments"]:
            assert shown(row["startMs"] - 1) != shown(row["startMs"] + 1) or row["kind"] != "hold"
    assert checked >= 10  # both kinds of count, five numbers or more each


def test_the_expression_reader_refuses_what_it_cannot_read() -> None:
    context = {"a": {"b": 2}}
    assert evaluate_binding("${a.b > 1 ? 'yes' : 'no'}", context) == "yes"
    assert evaluate_binding("${Math.max(1, Math.ceil(a.b * 1.2))}", context) == 3
    for broken in ("${a.b ? 1}", "${Math.sqrt(4)}", "${c.d}", "${a.b ~ 1}"):
        with pytest.raises((ValueError, KeyError)):
            evaluate_binding(broken, context)

"""The skill's serializer reads and writes exactly what ask-sdk's DefaultSerializer does."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope, Response
from ask_sdk_model.interfaces.audioplayer import PlayBehavior, PlayDirective
from dateutil.parser import parse as dateutil_parse

from skill.alexa.builder import build_skill
from skill.config import Config
from skill.serializer import SkillSerializer, parse_datetime
from tests.alexa import APPLICATION_ID, Conversation, envelope, intent_request, launch_request

ALEXA_STAMPS = [
    "2026-11-23T16:54:30Z",
    "2026-11-23T16:54:30.1Z",
    "2026-11-23T16:54:30.123Z",
    "2026-11-23T16:54:30.123456Z",
    "2026-11-23T16:54:30+00:00",
    "2026-11-23T16:54:30.5-05:30",
    "2026-11-23T16:54:30+09:00",
    "2026-11-23T16:54:30",
]
# Not Alexa's form: these take dateutil's path, as with DefaultSerializer.
ODD_STAMPS = [
    "2026-11-23",
    "2026-11-23 16:54:30",
    "2026-11-23T16:54:30.1234567Z",
    "23 Nov 2026 16:54:30 UTC",
    "20261123T165430Z",
]


@pytest.mark.parametrize("stamp", ALEXA_STAMPS + ODD_STAMPS)
def test_timestamps_read_as_dateutil_reads_them(stamp: str) -> None:
    expected = dateutil_parse(stamp)
    parsed = parse_datetime(stamp)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()
    assert (parsed.tzinfo is None) == (expected.tzinfo is None)
    assert parse_datetime(stamp, date) == expected.date()


def test_alexa_timestamps_keep_fractional_seconds_and_offsets() -> None:
    parsed = parse_datetime("2026-11-23T16:54:30.5-05:30")
    assert parsed.microsecond == 500000
    assert parsed.utcoffset() == -timedelta(hours=5, minutes=30)


@pytest.mark.parametrize("stamp", ["not a time", "2026-13-01T00:00:00Z", ""])
def test_unreadable_timestamps_are_refused_as_before(stamp: str) -> None:
    with pytest.raises(SerializationException):
        DefaultSerializer().deserialize(json.dumps(stamp), "datetime")
    with pytest.raises(SerializationException):
        SkillSerializer().deserialize(json.dumps(stamp), "datetime")


def test_a_conversation_reads_and_writes_like_the_default_serializer(tmp_path: Path) -> None:
    skill = build_skill(Config(skill_id=APPLICATION_ID, local_dev=True,
                               sqlite_path=tmp_path / "skill.db"))
    assert isinstance(skill.serializer, SkillSerializer)
    default = DefaultSerializer()
    compared: list[str] = []

    def send(body: dict[str, Any]) -> dict[str, Any]:
        payload = json.dumps(body)
        request = skill.serializer.deserialize(payload, RequestEnvelope)
        assert request == default.deserialize(payload, RequestEnvelope)
        assert isinstance(request.request.timestamp, datetime)
        answer = skill.invoke(request_envelope=request, context=None)
        written = skill.serializer.serialize(answer)
        assert json.dumps(written) == json.dumps(default.serialize(answer))
        compared.append(request.request.object_type)
        return written

    talk = Conversation(send=send)
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    talk.say("AMAZON.NextIntent")
    talk.say("CountdownIntent", duration="PT30S")
    talk.say("AMAZON.StopIntent")
    assert compared == ["LaunchRequest"] + ["IntentRequest"] * 4


def test_enums_dates_and_unknown_fields_serialize_as_before() -> None:
    response = Response(directives=[PlayDirective(play_behavior=PlayBehavior.REPLACE_ALL)],
                        should_end_session=True)
    assert SkillSerializer().serialize(response) == DefaultSerializer().serialize(response)
    stamp = datetime(2026, 11, 23, 16, 54, 30)
    assert SkillSerializer().serialize([stamp, (1, "a")]) == [stamp.isoformat(), (1, "a")]


@pytest.mark.parametrize("body", [
    {**envelope(launch_request(), new=True)["request"], "unexpected": {"kept": True}},
    envelope(intent_request("CountdownIntent", duration="PT30S"), new=False)["request"],
    {"type": "Some.Unknown.Request", "requestId": "r", "timestamp": "2026-11-23T16:54:30Z"},
])
def test_request_parts_read_like_the_default_serializer(body: dict[str, Any]) -> None:
    payload = json.dumps(body)
    kind = "ask_sdk_model.request.Request"
    assert _outcome(SkillSerializer(), payload, kind) == _outcome(DefaultSerializer(), payload,
                                                                  kind)


@pytest.mark.parametrize("payload", ["{", "[1, 2]", "[]", '"text"', '""', "42", "null"])
def test_malformed_envelopes_fail_the_same_way(payload: str) -> None:
    assert (_outcome(SkillSerializer(), payload, RequestEnvelope)
            == _outcome(DefaultSerializer(), payload, RequestEnvelope))


def _outcome(serializer: DefaultSerializer, payload: str, kind: Any) -> Any:
    """What deserializing gives, or the exception type it raises."""
    try:
        return serializer.deserialize(payload, kind)
    except Exception as error:
        return type(error)


def test_a_request_subclass_is_still_chosen_by_its_type() -> None:
    # DefaultSerializer resolves every Request by its "type", even when asked for a subclass.
    serializer = SkillSerializer()
    intent = envelope(intent_request("AMAZON.NextIntent"), new=False)["request"]
    launch = envelope(launch_request(), new=True)["request"]
    kind = "ask_sdk_model.intent_request.IntentRequest"
    for body in (intent, launch, intent):
        payload = json.dumps(body)
        read = serializer.deserialize(payload, kind)
        assert read == DefaultSerializer().deserialize(payload, kind)
        assert read.object_type == body["type"]


def test_a_rich_envelope_with_odd_values_reads_like_the_default_serializer() -> None:
    """Interfaces and viewports, unknown keys at every level, nulls, a bool where an int goes,
    a number where text goes: the compiled readers give DefaultSerializer's objects."""
    body = envelope(intent_request("StartRoutineIntent", routine=("quick relief", "quick_relief")),
                    new=False, attributes={"routine": {"index": 1}, "nothing": None},
                    interfaces={"AudioPlayer": {}, "Display": {"templateVersion": "1.0"},
                                "Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.2"}}})
    body["context"]["Viewport"] = {"shape": "RECTANGLE", "pixelWidth": 1024, "dpi": True,
                                   "experiences": [{"canRotate": False, "extra": 1}, None]}
    body["context"]["AudioPlayer"] = {"token": 7, "offsetInMilliseconds": "42",
                                      "playerActivity": "PLAYING"}
    body["context"]["System"]["device"]["unexpected"] = ["kept", 1]
    body["session"]["user"]["accessToken"] = None
    body["request"]["intent"]["slots"]["routine"]["somethingNew"] = {"a": 1}
    body["somethingAtTheTop"] = "kept"
    payload = json.dumps(body)
    ours = SkillSerializer().deserialize(payload, RequestEnvelope)
    assert ours == DefaultSerializer().deserialize(payload, RequestEnvelope)
    assert ours.context.viewport.pixel_width == 1024 and ours.context.viewport.dpi == 1
    assert ours.context.audio_player.offset_in_milliseconds == 42
    assert ours.context.system.device.unexpected == ["kept", 1]


@pytest.mark.parametrize("change", [
    lambda body: body["context"]["AudioPlayer"].update(playerActivity="NOT_AN_ACTIVITY"),
    lambda body: body["context"]["AudioPlayer"].update(offsetInMilliseconds="not a number"),
    lambda body: body["context"]["System"].update(device="not an object"),
    lambda body: body["context"]["System"]["device"].update(supportedInterfaces=[1, 2]),
])
def test_bad_values_deep_in_an_envelope_fail_as_with_the_default_serializer(change) -> None:
    body = envelope(launch_request(), new=True)
    body["context"]["AudioPlayer"] = {"token": "t", "offsetInMilliseconds": 5,
                                      "playerActivity": "PLAYING"}
    change(body)
    payload = json.dumps(body)
    assert (_outcome(SkillSerializer(), payload, RequestEnvelope)
            == _outcome(DefaultSerializer(), payload, RequestEnvelope))


def test_many_requests_at_once_on_a_fresh_serializer_all_read_correctly() -> None:
    """The first requests of a new worker arrive together while readers are still compiled."""
    serializer = SkillSerializer()
    payload = json.dumps(envelope(intent_request("StartRoutineIntent",
                                                 routine=("quick relief", "quick_relief")),
                                  new=False, interfaces={"AudioPlayer": {}}))
    expected = DefaultSerializer().deserialize(payload, RequestEnvelope)
    start = threading.Barrier(16)
    results: list[Any] = []

    def read() -> None:
        start.wait()
        try:
            results.append(serializer.deserialize(payload, RequestEnvelope))
        except Exception as error:
            results.append(error)

    threads = [threading.Thread(target=read) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 16

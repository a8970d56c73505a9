"""The caching serializer reads and writes exactly what ask-sdk's DefaultSerializer does."""

from __future__ import annotations

import json
import math
import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import Intent, IntentConfirmationStatus, RequestEnvelope, Response, ResponseEnvelope, Slot
from ask_sdk_model.dialog import ElicitSlotDirective
from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective
from ask_sdk_model.interfaces.audioplayer import (
    AudioItem,
    AudioItemMetadata,
    PlayBehavior,
    PlayDirective,
    Stream,
)
from ask_sdk_model.interfaces.display import Image, ImageInstance
from ask_sdk_model.services.reminder_management import ReminderRequest, Trigger, TriggerType
from ask_sdk_model.ui import AskForPermissionsConsentCard, SsmlOutputSpeech
from dateutil.parser import parse as dateutil_parse
from hypothesis import given, settings

from skill.alexa.builder import build_skill
from skill.alexa.serializer import CachingSerializer, UnreadableEnvelope
from skill.config import Config
from tests.alexa import APPLICATION_ID, Conversation, envelope, intent_request, launch_request
from tests.test_endpoint_fuzz import mangled_envelopes

ALEXA_STAMPS = [
    "2026-11-23T16:54:30Z",
    "2026-11-23T16:54:30.1Z",
    "2026-11-23T16:54:30.123456Z",
    "2026-11-23T16:54:30+00:00",
    "2026-11-23T16:54:30.5-05:30",
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


def written(serializer: DefaultSerializer, obj: Any) -> str:
    """What a serializer writes, as the JSON text the endpoint sends (keys in order)."""
    return json.dumps(serializer.serialize(obj), default=str)


def outcome(serializer: DefaultSerializer, payload: str, kind: Any) -> Any:
    """What deserializing gives, or the type of exception it raises."""
    try:
        return serializer.deserialize(payload, kind)
    except SerializationException:  # the skill's refusals with a reason are its subclass
        return SerializationException
    except Exception as error:  # the type is what is compared
        return type(error)


@pytest.mark.parametrize("stamp", ALEXA_STAMPS + ODD_STAMPS)
def test_timestamps_read_as_dateutil_reads_them(stamp: str) -> None:
    expected = dateutil_parse(stamp)
    parsed = CachingSerializer().deserialize(json.dumps(stamp), "datetime")
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()
    assert (parsed.tzinfo is None) == (expected.tzinfo is None)
    assert CachingSerializer().deserialize(json.dumps(stamp), "date") == expected.date()


def test_alexa_timestamps_keep_fractional_seconds_and_offsets() -> None:
    parsed = CachingSerializer().deserialize('"2026-11-23T16:54:30.5-05:30"', "datetime")
    assert parsed.microsecond == 500000
    assert parsed.utcoffset() == -timedelta(hours=5, minutes=30)


@pytest.mark.parametrize("stamp", ["not a time", "2026-13-01T00:00:00Z", ""])
def test_unreadable_timestamps_are_refused_as_by_the_sdk(stamp: str) -> None:
    for serializer in (DefaultSerializer(), CachingSerializer()):
        with pytest.raises(SerializationException):
            serializer.deserialize(json.dumps(stamp), "datetime")


def test_a_conversation_reads_like_the_default_serializer(tmp_path: Path) -> None:
    skill = build_skill(Config(skill_id=APPLICATION_ID, local_dev=True, sqlite_path=tmp_path / "skill.db"))
    assert isinstance(skill.serializer, CachingSerializer)
    default = DefaultSerializer()
    read: list[str] = []

    def send(body: dict[str, Any]) -> dict[str, Any]:
        payload = json.dumps(body)
        request = skill.serializer.deserialize(payload, RequestEnvelope)
        assert request == default.deserialize(payload, RequestEnvelope)
        read.append(request.request.object_type)
        response = skill.invoke(request_envelope=request, context=None)
        assert written(skill.serializer, response) == written(default, response)
        return skill.serializer.serialize(response)

    talk = Conversation(send=send)
    talk.open()
    talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    talk.say("CountdownIntent", duration="PT30S")
    assert read == ["LaunchRequest", "IntentRequest", "IntentRequest"]


@pytest.mark.parametrize("payload", ["{", "[1, 2]", "[]", '"text"', '""', "42", "null", "{}"])
def test_malformed_envelopes_fail_or_read_the_same_way(payload: str) -> None:
    assert outcome(CachingSerializer(), payload, RequestEnvelope) == outcome(
        DefaultSerializer(), payload, RequestEnvelope
    )


@settings(max_examples=150, deadline=None)
@given(body=mangled_envelopes())
def test_mangled_envelopes_read_or_fail_as_with_the_default_serializer(body: bytes) -> None:
    payload = body.decode()
    try:
        ours = CachingSerializer().deserialize(payload, RequestEnvelope)
    except UnreadableEnvelope as refusal:
        # Refused where the SDK reads on: only for a number JSON cannot carry back.
        if str(refusal) == "body holds a number that is not finite":
            assert not_finite_number_in(json.loads(payload))
            return
        ours = SerializationException
    except SerializationException:
        ours = SerializationException
    assert ours == outcome(DefaultSerializer(), payload, RequestEnvelope)
    if isinstance(ours, RequestEnvelope):  # and what was read is written back the same way
        assert written(CachingSerializer(), ours) == written(DefaultSerializer(), ours)


def not_finite_number_in(document: Any) -> bool:
    if isinstance(document, float):
        return not math.isfinite(document)
    if isinstance(document, dict):
        document = list(document.values())
    return isinstance(document, list) and any(not_finite_number_in(value) for value in document)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_json_cannot_carry_are_refused_with_the_reason(number: str) -> None:
    payload = json.dumps(envelope(launch_request(), new=True)).replace('"1.0"', number, 1)
    with pytest.raises(UnreadableEnvelope, match="not finite"):
        CachingSerializer().deserialize(payload, RequestEnvelope)


def test_a_request_subclass_is_still_chosen_by_its_type() -> None:
    # DefaultSerializer picks every Request's class by its "type", even when asked for a subclass.
    serializer = CachingSerializer()
    intent = envelope(intent_request("AMAZON.NextIntent"), new=False)["request"]
    launch = envelope(launch_request(), new=True)["request"]
    for body in (intent, launch, intent):
        payload = json.dumps(body)
        kind = "ask_sdk_model.intent_request.IntentRequest"
        assert serializer.deserialize(payload, kind) == DefaultSerializer().deserialize(payload, kind)
        assert serializer.deserialize(payload, kind).object_type == body["type"]


def test_many_first_requests_at_once_all_read_correctly() -> None:
    payload = json.dumps(envelope(intent_request("CountdownIntent", duration="PT30S"), new=False))
    expected = DefaultSerializer().deserialize(payload, RequestEnvelope)
    serializer = CachingSerializer()
    results: list[Any] = []
    start = threading.Barrier(8)

    def read() -> None:
        start.wait()
        results.append(serializer.deserialize(payload, RequestEnvelope))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 8
    assert isinstance(expected.request.timestamp.date(), date)


def test_responses_of_every_kind_the_skill_sends_are_written_as_by_the_sdk() -> None:
    play = PlayDirective(
        play_behavior=PlayBehavior.REPLACE_ALL,
        audio_item=AudioItem(
            stream=Stream(token="t1", url="https://audio.example/a.mp3", offset_in_milliseconds=0),
            metadata=AudioItemMetadata(
                title="Knee hug", art=Image(sources=[ImageInstance(url="https://a/i.png")])
            ),
        ),
    )
    elicit = ElicitSlotDirective(
        updated_intent=Intent(
            name="PainLevelIntent",
            confirmation_status=IntentConfirmationStatus.NONE,
            slots={"level": Slot(name="level")},
        ),
        slot_to_elicit="level",
    )
    screen = RenderDocumentDirective(token="t", document={"type": "APL", "items": [{"n": 1.5, "on": True}]})
    response = ResponseEnvelope(
        version="1.0",
        session_attributes={"user": {"pain": [3, None]}, "kept": ("a", Decimal(2), Decimal("2.5"))},
        response=Response(
            output_speech=SsmlOutputSpeech(ssml="<speak>Hi</speak>"),
            card=AskForPermissionsConsentCard(permissions=["alexa::alerts:timers:skill:readwrite"]),
            directives=[play, elicit, screen],
            should_end_session=False,
        ),
    )
    reminder = ReminderRequest(
        request_time=datetime(2026, 12, 2, 9, 30, tzinfo=UTC),
        trigger=Trigger(object_type=TriggerType.SCHEDULED_RELATIVE, offset_in_seconds=1200),
    )
    for sent in (response, reminder, [response, None, 3], date(2026, 12, 2)):
        assert written(CachingSerializer(), sent) == written(DefaultSerializer(), sent)
    directives = json.loads(written(CachingSerializer(), response))["response"]["directives"]
    assert [directive["type"] for directive in directives][:2] == ["AudioPlayer.Play", "Dialog.ElicitSlot"]

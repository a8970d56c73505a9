"""Assembles the skill: handlers in order, interceptors, the exception handler, the store."""

from __future__ import annotations

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.alexa.errors import CatchAllExceptionHandler
from skill.alexa.handlers import audioplayer, checkin, lifecycle, natural, routine, safety, session, thermal
from skill.alexa.handlers.base import IntentHandler
from skill.alexa.handlers.health import ReplayAfterScreeningInterceptor
from skill.alexa.handlers.player import Player
from skill.alexa.handlers.screen import with_touch
from skill.alexa.health_data import HealthFromSessionInterceptor, HealthToSessionInterceptor
from skill.alexa.interceptors import (
    ContentInterceptor,
    LoadUserInterceptor,
    LogRequestInterceptor,
    SaveUserInterceptor,
)
from skill.alexa.serializer import CachingSerializer
from skill.audio.library import TrackLibrary
from skill.config import Config
from skill.store.sqlite import SQLitePersistenceAdapter


def request_handlers(config: Config | None = None) -> list[AbstractRequestHandler]:
    """One handler per intent or event; only the catch-alls' place matters (last)."""
    config = config or Config()
    library = TrackLibrary(config.audio_dir) if config.audio_dir is not None else None
    player = Player(config.audio_base_url, library)
    # Screen touches go to the same handlers as the words they stand for.
    return with_touch(
        [
            session.LaunchHandler(),
            checkin.RedFlagHandler(),
            checkin.ItHurtsHandler(),
            checkin.DoctorCheckedHandler(),
            checkin.PregnancyHandler(),
            *audioplayer.handlers(player),
            routine.StartRoutineHandler(player),
            routine.StartExerciseHandler(),
            routine.NextHandler(player),
            routine.SkipHandler(),
            routine.PreviousHandler(player),
            routine.RepeatHandler(),
            routine.StartOverHandler(player),
            routine.PauseHandler(player),
            routine.ResumeHandler(player),
            routine.StopHandler(player),
            routine.WhatsNextHandler(),
            routine.HowManyLeftHandler(),
            routine.MakeItEasierHandler(),
            routine.MoreDetailHandler(),
            checkin.PainLevelHandler(),
            checkin.ProgressHandler(),
            checkin.CountdownHandler(),
            checkin.CountRepsHandler(),
            checkin.SpasmOnsetHandler(),
            checkin.YesHandler(),
            checkin.NoHandler(),
            thermal.IceOrHeatHandler(),
            thermal.StartApplicationHandler(),
            thermal.CancelTimerHandler(),
            thermal.LastApplicationHandler(),
            thermal.ListRemindersHandler(),
            thermal.SetBreakHandler(),
            thermal.AlternateHandler(),
            thermal.HomePackHandler(),
            thermal.PermissionResponseHandler(),
            natural.PaceHandler(player),
            natural.WhatIsThisHandler(),
            natural.TimeLeftHandler(),
            natural.ThanksHandler(),
            natural.FloorHandler(),
            natural.BackPainHelpHandler(),
            natural.MedicationHandler(),
            session.HelpHandler(),
            session.FallbackHandler(),
            session.NavigateHomeHandler(),
            session.SessionEndedHandler(),
            lifecycle.SkillDisabledHandler(),
            # Catch-alls, last: an intent the model does not have, and events not acted on.
            session.UnknownIntentHandler(),
            session.IgnoredRequestHandler(),
        ]
    )


def handled_intents() -> set[str]:
    """The intent names the skill has a handler for (the interaction model must match)."""
    return {
        name
        for handler in request_handlers()
        if isinstance(handler, IntentHandler)
        for name in handler.intents
    }


def persistence_adapter(config: Config) -> AbstractPersistenceAdapter:
    if config.store == "sqlite":
        return SQLitePersistenceAdapter(config.sqlite_path)
    if config.store == "dynamodb":
        from skill.store.dynamodb import dynamodb_adapter  # boto3 loads only when chosen

        return dynamodb_adapter(config)
    raise ValueError(f"unknown store {config.store!r}; use sqlite or dynamodb")


def build_skill(config: Config, adapter: AbstractPersistenceAdapter | None = None) -> CustomSkill:
    adapter = adapter or persistence_adapter(config)
    builder = CustomSkillBuilder(persistence_adapter=adapter)
    builder.skill_id = config.skill_id or None  # type: ignore[assignment]  # the SDK types it None
    for handler in request_handlers(config):
        builder.add_request_handler(handler)
    builder.add_global_request_interceptor(ContentInterceptor())
    builder.add_global_request_interceptor(LoadUserInterceptor(adapter))
    builder.add_global_request_interceptor(HealthFromSessionInterceptor(config.keeps_health_data))
    # "No" to the screening question asked before a first exercise: the request it held back.
    builder.add_global_request_interceptor(ReplayAfterScreeningInterceptor(safety.REPLAYABLE))
    builder.add_global_request_interceptor(thermal.SchedulerInterceptor(config.sqlite_path))
    builder.add_global_response_interceptor(HealthToSessionInterceptor(config.keeps_health_data))
    builder.add_global_response_interceptor(SaveUserInterceptor(adapter))
    builder.add_global_response_interceptor(LogRequestInterceptor())
    builder.add_exception_handler(CatchAllExceptionHandler())
    skill = builder.create()
    skill.serializer = CachingSerializer()  # the SDK's reading rules, each type's plan kept
    return skill

"""Alexa request handlers: one small class per intent or event, each a thin call into the coach."""

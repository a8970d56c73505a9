"""Plain-Python domain logic: no Alexa, no Flask."""

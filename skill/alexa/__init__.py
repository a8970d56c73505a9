"""The Alexa layer: the skill builder, interceptors, handlers and the SSML builder."""

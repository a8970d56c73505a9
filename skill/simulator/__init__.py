"""A voice simulator: talk to the skill as an Echo would, from a terminal, a test or a browser.

resolver turns what is said into intents and slots from the interaction model; envelopes
builds the requests; session carries a device's state; render shows the answer as text.
"""

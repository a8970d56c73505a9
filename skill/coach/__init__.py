"""What the skill says and does on each turn, independent of Alexa's request types.

Each function takes a ``Turn`` (content, session and user state, the time) and returns
a ``Reply``; the Alexa handlers only translate requests into these calls.
"""

"""Back Spasm Helper: an Alexa skill that guides gentle stretches for back muscle spasms."""

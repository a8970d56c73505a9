"""Services the skill calls: the Alexa Timers and Reminders API and the local scheduler."""

"""Developer commands that build files from the content (not part of the served skill)."""

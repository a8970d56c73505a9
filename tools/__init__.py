"""Developer commands that build files from the content and release the skill: the skill
package, the Lambda bundle, the audio upload. None of it is part of the served skill.
"""

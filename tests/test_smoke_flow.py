from tests.alexa import Conversation


def test_first_launch_and_quick_relief(talk: Conversation) -> None:
    said = talk.open()
    assert "welcome" in said
    said = talk.say("StartRoutineIntent", routine=("quick relief", "quick_relief"))
    print(said.ssml[:3000])
    assert "exercise 1 of 4" in said

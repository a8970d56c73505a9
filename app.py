"""Run the skill's local development server: ``python app.py`` (see README)."""

from __future__ import annotations

import os

from skill.config import Config
from skill.web.app import create_app


def main() -> None:
    config = Config.from_env()
    app = create_app(config)
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "5000")))


if __name__ == "__main__":
    main()

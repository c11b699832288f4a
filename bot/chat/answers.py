"""What a plain DM answers: the quarter-end scoring or its retro question while one of them
waits, else the person's check-in."""

from __future__ import annotations

from bot.chat import check_in, scoring
from bot.context import Chat, Request
from bot.messages import Reply
from bot.model import Person


def answer(chat: Chat, request: Request, person: Person) -> Reply:
    prompt = scoring.waiting(chat, person)
    if prompt is not None:
        return scoring.answer(chat, request, person, prompt)
    return check_in.answer(chat, request, person)

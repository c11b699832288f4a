"""The check-in reply parser: people answer in their own words, the bot reads KR updates.

`parse_reply(text, krs)` is a pure function of the reply and the KRs the check-in asked about
(numbered 1..N in that order); DESIGN.md, "The reply parser", holds the conventions it follows.
Besides the contract (`ParsedReply.to_contract()`), each update quotes the text it was read
from (`source_text`) and the reply lists what could not be placed (`unplaced`), so the bot can
say what it understood and what it did not.

How it reads, one module per step: `normalize` (one spelling, a map back to the original),
`clauses` and `references` (pieces named by number or list position), `placement` and
`matching` (pieces named by their words, in either language or a short form — `glossary`,
`abbreviations` — and by units, unless their words are about something else), then per
clause `reading`, which uses `confidence`, `status` (done, not yet, blocked, skip; `events`
for a milestone's own event), `quantities` (`numbers`, `units`, `noise`), `values`
(absolute, relative, progress) and `ordinals` (a count stated as "the third").

`leave` reads the end of a leave from the same words (`leave_until`).
"""

from bot.parser.model import ContractError, KeyResultRef, KeyResultUpdate, ParsedReply
from bot.parser.reply import parse_reply

__all__ = ["ContractError", "KeyResultRef", "KeyResultUpdate", "ParsedReply", "parse_reply"]

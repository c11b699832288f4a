"""The check-in reply parser: people answer in their own words, the bot reads KR updates.

A pure function of the reply text and the KRs the check-in asked about; see DESIGN.md,
"The reply parser", for the conventions it follows.
"""

from bot.parser.model import ContractError, KeyResultRef, KeyResultUpdate, ParsedReply
from bot.parser.reply import parse_reply

__all__ = ["ContractError", "KeyResultRef", "KeyResultUpdate", "ParsedReply", "parse_reply"]
